/**
 * The results view as one self-contained HTML file (`mlops optimize --report`).
 * Placeholder until the results view lands: the contract is the signature.
 */
import type { OptimizationResult } from '../opt/api.js';

export function renderReportHtml(result: OptimizationResult): string {
    const json = JSON.stringify(result).replace(/</g, '\\u003c');
    return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>MLOps optimization report</title></head>`
        + `<body><pre id="data"></pre><script type="application/json" id="result">${json}</script></body></html>`;
}
