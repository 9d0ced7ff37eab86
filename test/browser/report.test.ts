/**
 * The HTML report in headless Chromium: a real optimization of
 * examples/retail.mlops rendered by renderReportHtml, checked for content,
 * interaction, CSP cleanliness and literal rendering of hostile labels.
 * Needs /usr/bin/chromium (apt-get install -y chromium). Screenshots go to
 * e2e/screenshots/ (kept by CI, not in git); UPDATE_DOC_SCREENSHOTS=1 writes
 * them to docs/screenshots/ instead, to refresh the documentation's images.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseModel } from '../../src/language/load.js';
import { resolveSettings } from '../../src/model/settings.js';
import type { OptimizationResult } from '../../src/opt/api.js';
import { renderReportHtml } from '../../src/report/render.js';
import type { ReportAssets } from '../../src/report/assets.js';
import { runOptimizer } from '../../src/extension/optimizer-runner.js';
import { buildRunner } from '../extension/build-runner.js';
import { buildWebviewAssets } from '../report/build-assets.js';
import { fixtureResult, HOSTILE_LABEL } from '../report/fixture.js';

const SCREENSHOTS = process.env.UPDATE_DOC_SCREENSHOTS ? 'docs/screenshots' : 'e2e/screenshots';
let browser: Browser;
let assets: ReportAssets;
let retail: OptimizationResult;
const dir = mkdtempSync(join(tmpdir(), 'mlops-report-'));

beforeAll(async () => {
    assets = await buildWebviewAssets();
    const model = await parseModel(readFileSync('examples/retail.mlops', 'utf8'));
    const settings = resolveSettings(model, { population: 24, generations: 12, replications: 2, workers: 2 });
    retail = await runOptimizer({ ...(await buildRunner()), model, settings }).result;
    browser = await chromium.launch({
        executablePath: '/usr/bin/chromium',
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--headless']
    });
    mkdirSync(SCREENSHOTS, { recursive: true });
}, 240_000);

afterAll(async () => {
    await browser?.close();
});

interface Opened { page: Page; problems: string[] }

async function open(result: OptimizationResult, name: string, colorScheme: 'light' | 'dark' = 'light'): Promise<Opened> {
    const file = join(dir, `${name}.html`);
    writeFileSync(file, renderReportHtml(result, assets));
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, colorScheme });
    const problems: string[] = [];
    page.on('console', m => {
        if (m.type() === 'error' || m.type() === 'warning' || /Content Security Policy/i.test(m.text())) {
            problems.push(`${m.type()}: ${m.text()}`);
        }
    });
    page.on('pageerror', e => problems.push(`pageerror: ${e.message}`));
    page.on('request', r => {
        if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) {
            problems.push(`network request: ${r.url()}`);
        }
    });
    await page.goto(`file://${file}`);
    await page.waitForSelector('#front-table tbody tr[data-index]');
    return { page, problems };
}

async function matrixCells(page: Page): Promise<Record<string, string>> {
    return page.$$eval('#allocation-matrix td[data-key]', cells =>
        Object.fromEntries(cells.map(c => [c.getAttribute('data-key')!, (c.firstChild?.textContent ?? '').trim()])));
}

function expectedCells(result: OptimizationResult, index: number): Record<string, string> {
    const m = result.front[index].allocation;
    return Object.fromEntries(result.components.flatMap(c => result.servers.map(s => {
        const n = m.instances[c]?.[s] ?? 0;
        return [`${c}/${s}`, n > 0 ? String(n) : '·'];
    })));
}

describe('HTML report of a real optimization (examples/retail.mlops)', () => {
    test('shows the front, the chosen allocation and the per-process chart, with no CSP violation or error', async () => {
        const { page, problems } = await open(retail, 'retail');
        expect(retail.front.length).toBeGreaterThan(1);
        expect(await page.$$eval('#front-table tbody tr[data-index]', rows => rows.length)).toBe(retail.front.length);
        const scatter = await page.$eval('#front-scatter canvas', c => ({ w: (c as HTMLCanvasElement).width, h: (c as HTMLCanvasElement).height }));
        expect(scatter.w).toBeGreaterThan(100);
        expect(scatter.h).toBeGreaterThan(100);
        // the scatter actually drew something: some pixels are not the background
        const painted = await page.$eval('#front-scatter canvas', c => {
            const ctx = (c as HTMLCanvasElement).getContext('2d')!;
            const data = ctx.getImageData(0, 0, (c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height).data;
            let n = 0;
            for (let i = 3; i < data.length; i += 4) {
                n += data[i] > 0 ? 1 : 0;
            }
            return n;
        });
        expect(painted).toBeGreaterThan(1000);
        expect(await page.$$eval('#front-parallel polyline', l => l.length)).toBe(retail.front.length + retail.baselines.length);
        expect(await matrixCells(page)).toEqual(expectedCells(retail, retail.chosen));
        const chosenDetails = retail.front[retail.chosen].details;
        expect(chosenDetails).toBeDefined();
        expect(await page.$$eval('#details .process-table tbody tr', r => r.length)).toBe(chosenDetails!.processes.length);
        expect(await page.$eval('#details canvas', c => (c as HTMLCanvasElement).width)).toBeGreaterThan(100);
        await page.screenshot({ path: `${SCREENSHOTS}/report-overview.png`, fullPage: true });
        expect(problems).toEqual([]);
        await page.close();
    });

    test('clicking a table row or a parallel-coordinates line selects that solution everywhere', async () => {
        const { page, problems } = await open(retail, 'retail-click');
        const other = retail.front.findIndex((s, i) => i !== retail.chosen
            && JSON.stringify(expectedCells(retail, i)) !== JSON.stringify(expectedCells(retail, retail.chosen)));
        expect(other).toBeGreaterThanOrEqual(0);
        await page.click(`#front-table tr[data-index="${other}"]`);
        expect(await matrixCells(page)).toEqual(expectedCells(retail, other));
        expect(await page.$eval('#allocation-matrix h2', h => h.textContent)).toContain(`solution ${other + 1}`);
        expect(await page.$eval(`#front-table tr[data-index="${other}"]`, r => r.getAttribute('aria-selected'))).toBe('true');
        expect(await page.$$eval('#front-parallel polyline.selected-line', l => l.map(x => x.getAttribute('data-index')))).toEqual([String(other)]);

        await page.dispatchEvent(`#front-parallel polyline[data-index="${retail.chosen}"]`, 'click');
        expect(await matrixCells(page)).toEqual(expectedCells(retail, retail.chosen));

        // sorting by cost puts the cheapest solution first
        await page.click('#front-table button[data-key="cost"]');
        const firstIndex = Number(await page.$eval('#front-table tbody tr[data-index]', r => r.getAttribute('data-index')));
        const cheapest = Math.min(...retail.front.map(s => s.objectives.cost));
        expect(retail.front[firstIndex].objectives.cost).toBe(cheapest);

        // a theme switch (VS Code changes the body class) rebuilds the charts and keeps the selection
        await page.evaluate(() => document.body.classList.add('vscode-dark'));
        await page.waitForFunction(() => document.querySelectorAll('#app canvas').length === 4);
        expect(await matrixCells(page)).toEqual(expectedCells(retail, retail.chosen));
        expect(problems).toEqual([]);
        await page.close();
    });

    test('a hostile label renders literally and runs nothing', async () => {
        // a hostile label on a component, as a file could carry it
        const hostile: OptimizationResult = { ...retail, labels: { ...retail.labels, [retail.components[0]]: HOSTILE_LABEL } };
        const { page, problems } = await open(hostile, 'retail-hostile');
        const header = await page.$$eval('#allocation-matrix th[scope="row"]', cells => cells.map(c => c.textContent));
        expect(header).toContain(`${HOSTILE_LABEL} (${retail.components[0]})`);
        expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
        expect(await page.$$eval('#app img, #app script', n => n.length)).toBe(0);
        expect(problems).toEqual([]);
        await page.close();
    });
});

describe('labels with bidirectional controls (issue 12.16)', () => {
    test('a right-to-left override in a label is shown as [U+202E], not obeyed, in the matrix, the charts\' labels and the title', async () => {
        const spoof = 'invoice\u202Efdp.exe';
        const labelled: OptimizationResult = {
            ...retail, labels: { ...retail.labels, [retail.components[0]]: spoof, [retail.system]: `Retail\u2067 \u202Bplatform` }
        };
        const { page, problems } = await open(labelled, 'retail-bidi');
        const header = await page.$$eval('#allocation-matrix th[scope="row"]', cells => cells.map(c => c.textContent ?? ''));
        expect(header).toContain(`invoice[U+202E]fdp.exe (${retail.components[0]})`);
        const text = await page.$eval('#app', app => app.textContent ?? '');
        expect(text).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
        expect(await page.title()).toBe('MLOps optimization report: Retail[U+2067] [U+202B]platform');
        expect(problems).toEqual([]);
        await page.close();
    });

    test('an interval clipped at 0 is marked in the selected solution\'s figures', async () => {
        const o = retail.front[retail.chosen].objectives;
        const around = (x: number): [number, number] => [x * 0.5, x * 1.5];
        const clipped: OptimizationResult = {
            ...retail,
            front: retail.front.map((s, i) => i !== retail.chosen ? s : {
                ...s, objectivesCI: { time: [0, o.time * 3], variance: around(o.variance), violations: around(o.violations), cost: around(o.cost) }
            })
        };
        const { page, problems } = await open(clipped, 'retail-clipped');
        const figures = await page.$$eval('#details .figure-ci', spans => spans.map(s => ({ text: s.textContent ?? '', title: s.getAttribute('title') })));
        expect(figures.filter(f => / \(clipped\) /.test(f.text))).toHaveLength(1);
        expect(figures.find(f => f.text.includes('(clipped)'))!.title).toMatch(/clipped at 0.*raise replications/);
        expect(problems).toEqual([]);
        await page.close();
    });
});

describe('HTML report with a large front', () => {
    test('stays usable with 500 solutions (all rows, one click updates the matrix)', async () => {
        const big = fixtureResult(500);
        const { page, problems } = await open(big, 'big', 'dark');
        expect(await page.$$eval('#front-table tbody tr[data-index]', rows => rows.length)).toBe(500);
        // the view updates synchronously on a click: time it inside the page
        const clickMs = await page.evaluate(() => {
            const started = performance.now();
            (document.querySelector('#front-table tr[data-index="123"]') as HTMLElement).click();
            return performance.now() - started;
        });
        expect(await matrixCells(page)).toEqual(expectedCells(big, 123));
        console.log(`500-solution front: selecting a row re-rendered the view in ${clickMs.toFixed(1)} ms (headless Chromium, loaded machine)`);
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.screenshot({ path: `${SCREENSHOTS}/report-500-dark.png` });
        expect(problems).toEqual([]);
        await page.close();
    });
});
