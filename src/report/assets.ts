/**
 * Finding the results view bundle (out/webview/main.js and main.css) for the
 * HTML report, from the bundled CLI (out/cli/) or from the sources (src/report/).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ReportAssets {
    script: string;
    style: string;
}

export function findWebviewDir(): string | undefined {
    const here = dirname(fileURLToPath(import.meta.url));
    const candidates = [join(here, '..', 'webview'), join(here, '..', '..', 'out', 'webview'), join(process.cwd(), 'out', 'webview')];
    return candidates.find(dir => existsSync(join(dir, 'main.js')) && existsSync(join(dir, 'main.css')));
}

let cached: ReportAssets | undefined;

/** The bundle's text, read once; a clear error when it was not built. */
export function loadReportAssets(): ReportAssets {
    if (cached) {
        return cached;
    }
    const dir = findWebviewDir();
    if (!dir) {
        throw new Error('the results view bundle (out/webview/main.js) is missing: run `npm run build:fast` first');
    }
    cached = { script: readFileSync(join(dir, 'main.js'), 'utf8'), style: readFileSync(join(dir, 'main.css'), 'utf8') };
    return cached;
}
