/**
 * The HTML report (the same bundle as the VS Code results view) opened in
 * headless Chromium, for the browser tests of the view's panels: one browser
 * per test file, and on every page the console errors and Content Security
 * Policy violations collected as `problems` (a test expects none).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { OptimizationResult } from '../../src/opt/api.js';
import type { ReportAssets } from '../../src/report/assets.js';
import { renderReportHtml } from '../../src/report/render.js';
import { buildWebviewAssets } from '../report/build-assets.js';

export interface ReportPage { page: Page; problems: string[] }

/**
 * Registers the file's browser (beforeAll/afterAll) and returns `open`, which
 * writes `result` as a report named `name` and waits for `ready` (a selector of
 * the panel under test) before handing the page over.
 */
export function reportPages(prefix: string, ready: string): (result: OptimizationResult, name: string) => Promise<ReportPage> {
    let browser: Browser;
    let assets: ReportAssets;
    const dir = mkdtempSync(join(tmpdir(), prefix));
    beforeAll(async () => {
        assets = await buildWebviewAssets();
        browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--headless'] });
    }, 120_000);
    afterAll(async () => {
        await browser?.close();
    });
    return async (result, name) => {
        const file = join(dir, `${name}.html`);
        writeFileSync(file, renderReportHtml(result, assets));
        const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
        const problems: string[] = [];
        page.on('console', m => {
            if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) { problems.push(m.text()); }
        });
        page.on('pageerror', e => problems.push(e.message));
        await page.goto(`file://${file}`);
        await page.waitForSelector(ready);
        return { page, problems };
    };
}
