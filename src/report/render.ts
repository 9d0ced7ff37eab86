/**
 * The results view as one self-contained HTML file (`mlops optimize --report`):
 * the webview bundle inlined, the result embedded as JSON, and a CSP that
 * allows only that one inline script and that one inline style (by hash), no
 * network, no eval.
 */
import { createHash } from 'node:crypto';
import type { OptimizationResult } from '../opt/api.js';
import { visibleText } from '../model/visible-text.js';
import { loadReportAssets, type ReportAssets } from './assets.js';
import { reportThemeCss } from './theme.js';

function sha256(text: string): string {
    return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** JSON that cannot end the <script> element it sits in, nor start a comment. */
export function embedJson(value: unknown): string {
    return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

/** Text safe inside an HTML element: only '<' and '&' are special there. */
function escapeText(text: string): string {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}

export function renderReportHtml(result: OptimizationResult, assets: ReportAssets = loadReportAssets()): string {
    // A literal "</script" or "</style" inside the bundle would close the element early.
    const script = assets.script.replace(/<\/(script)/gi, '<\\/$1');
    const style = (reportThemeCss() + assets.style).replace(/<\/(style)/gi, '<\\/$1');
    const csp = [
        "default-src 'none'",
        `script-src ${sha256(script)}`,
        `style-src ${sha256(style)}`,
        "img-src data:",
        "base-uri 'none'",
        "form-action 'none'"
    ].join('; ');
    const title = `MLOps optimization report: ${visibleText(result.labels[result.system] ?? result.system)}`;
    return '<!DOCTYPE html>\n'
        + '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        + `<meta http-equiv="Content-Security-Policy" content="${csp}">\n`
        + '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        + `<title>${escapeText(title)}</title>\n`
        + `<style>${style}</style>\n`
        + '</head>\n<body>\n<div id="app"></div>\n'
        + `<script type="application/json" id="mlops-data">${embedJson(result)}</script>\n`
        + `<script>${script}</script>\n`
        + '</body>\n</html>\n';
}
