/**
 * The results view in "webview mode" (as inside VS Code) in headless Chromium:
 * a fake acquireVsCodeApi records what the view posts and stores; the test
 * plays the extension host by posting messages. Same CSP as the panel's
 * (script by nonce, styles from the page's origin).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { HostMessage } from '../../src/webview/protocol.js';
import { buildWebviewAssets } from '../report/build-assets.js';
import { fixtureResult } from '../report/fixture.js';

let browser: Browser;
let pageFile: string;

beforeAll(async () => {
    const assets = await buildWebviewAssets();
    const dir = mkdtempSync(join(tmpdir(), 'mlops-webview-'));
    writeFileSync(join(dir, 'main.js'), assets.script);
    writeFileSync(join(dir, 'main.css'), assets.style);
    const nonce = 'bm9uY2Vub25jZW5vbmNl';
    pageFile = join(dir, 'index.html');
    writeFileSync(pageFile, `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src file:; script-src 'nonce-${nonce}'; img-src file: data:">
<link rel="stylesheet" href="main.css"></head><body><div id="app"></div>
<script nonce="${nonce}" src="main.js"></script></body></html>`);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--headless'] });
}, 120_000);

afterAll(async () => {
    await browser?.close();
});

interface Fake { posted: unknown[]; state: unknown }

async function openView(saved?: unknown): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
    const problems: string[] = [];
    page.on('console', m => {
        if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) {
            problems.push(m.text());
        }
    });
    page.on('pageerror', e => problems.push(e.message));
    await page.addInitScript((initial) => {
        const fake = { posted: [] as unknown[], state: initial as unknown };
        (window as unknown as { __fake: typeof fake }).__fake = fake;
        (window as unknown as { acquireVsCodeApi: () => unknown }).acquireVsCodeApi = () => ({
            postMessage: (m: unknown) => fake.posted.push(m),
            getState: () => fake.state,
            setState: (s: unknown) => { fake.state = s; }
        });
    }, (saved ?? null) as object | null);
    await page.goto(`file://${pageFile}`);
    return { page, problems };
}

const fake = (page: Page) => page.evaluate(() => JSON.parse(JSON.stringify((window as unknown as { __fake: Fake }).__fake)) as Fake);
const send = (page: Page, message: HostMessage | Record<string, unknown>) => page.evaluate(m => window.postMessage(m, '*'), message);

describe('results view inside a webview (fake VS Code API)', () => {
    test('says ready, updates live while running, then shows the final result; Apply and Export post messages', async () => {
        const { page, problems } = await openView();
        await page.waitForFunction(() => (window as unknown as { __fake: Fake }).__fake.posted.length > 0);
        expect((await fake(page)).posted).toEqual([{ type: 'ready' }]);

        const final = fixtureResult(8);
        const empty = { ...final, front: [], chosen: 0, hypervolumeByGeneration: [], baselines: [], stoppedBy: 'cancelled' as const };
        await send(page, { type: 'show', result: empty, running: true, selected: null, source: 'file:///w/retail.mlops' });
        await page.waitForFunction(() => document.querySelector('.status')?.textContent?.includes('Optimizing'));
        expect(await page.isDisabled('#apply')).toBe(true);

        await send(page, { type: 'progress', generation: 2, generations: 30, evaluations: 120, hypervolume: 0.4,
            hypervolumeByGeneration: [0.1, 0.3, 0.4], front: final.front.slice(0, 3) });
        await page.waitForFunction(() => document.querySelectorAll('#front-table tbody tr[data-index]').length === 3);
        expect(await page.textContent('.status')).toContain('generation 2 of 30');

        // a malformed message is ignored (and logged as a warning, not an error)
        await send(page, { type: 'progress', generation: 'three' });
        await send(page, { type: 'show', result: final, running: false, selected: null, source: 'file:///w/retail.mlops' });
        await page.waitForFunction(() => document.querySelectorAll('#front-table tbody tr[data-index]').length === 8);
        expect(await page.textContent('.status')).toContain('8 solutions on the front');
        expect(await page.isDisabled('#apply')).toBe(false);

        await page.click('#front-table tr[data-index="5"]');
        await page.click('#apply');
        await page.click('#export');
        const posted = (await fake(page)).posted;
        expect(posted).toContainEqual({ type: 'select', index: 5 });
        expect(posted.slice(-2)).toEqual([{ type: 'apply', index: 5 }, { type: 'export' }]);

        await send(page, { type: 'notice', level: 'error', text: '<b>not markup</b>' });
        await page.waitForFunction(() => document.querySelector('.notice')?.textContent === '<b>not markup</b>');
        expect(await page.$$eval('.notice b', n => n.length)).toBe(0);

        // the state is saved for hide and reload
        await page.waitForFunction(() => ((window as unknown as { __fake: Fake }).__fake.state as { selected?: number } | null)?.selected === 5);
        expect(problems).toEqual([]);
        await page.close();
    });

    test('restores from the saved state (hidden and shown again, or after a reload) before the host answers', async () => {
        const result = fixtureResult(6);
        const { page, problems } = await openView({ result, selected: 4, source: 'file:///w/retail.mlops', x: 'time', y: 'over:scoring', sortKey: 'cost', sortAscending: false });
        await page.waitForSelector('#front-table tbody tr[data-index]');
        expect(await page.textContent('#allocation-matrix h2')).toBe('Allocation of solution 5');
        expect(await page.inputValue('#scatter-x')).toBe('time');
        expect(await page.inputValue('#scatter-y')).toBe('over:scoring'); // a process axis (axes.ts) survives a reload too
        const firstRow = Number(await page.getAttribute('#front-table tbody tr[data-index]', 'data-index'));
        expect(result.front[firstRow].objectives.cost).toBe(Math.max(...result.front.map(s => s.objectives.cost)));
        expect(problems).toEqual([]);
        await page.close();
    });

    test('a corrupt saved state is dropped, not fatal', async () => {
        const { page, problems } = await openView({ result: { front: 'nope' }, selected: 'x', x: 'evil' });
        await page.waitForFunction(() => document.querySelector('.status')?.textContent?.includes('Waiting'));
        expect(problems).toEqual([]);
        await page.close();
    });

    test('marked stale when the host says the model changed; Run again asks the host; a new result clears it; the mark survives a reload', async () => {
        const result = fixtureResult(4);
        const { page, problems } = await openView();
        await send(page, { type: 'show', result, running: false, selected: null, source: 'file:///w/retail.mlops' });
        await page.waitForSelector('#front-table tbody tr[data-index]');
        expect(await page.isVisible('#stale')).toBe(false);
        await send(page, { type: 'stale' });
        await page.waitForSelector('#stale', { state: 'visible' });
        expect(await page.textContent('#stale')).toContain('The model changed after this run');
        await page.click('#rerun');
        expect((await fake(page)).posted).toContainEqual({ type: 'rerun' });
        await page.waitForFunction(() => ((window as unknown as { __fake: Fake }).__fake.state as { stale?: boolean } | null)?.stale === true);
        const saved = (await fake(page)).state;

        await send(page, { type: 'show', result, running: true, selected: null, source: 'file:///w/retail.mlops' });
        await page.waitForSelector('#stale', { state: 'hidden' });
        expect(problems).toEqual([]);
        await page.close();

        const reopened = await openView(saved);
        await reopened.page.waitForSelector('#stale', { state: 'visible' });
        expect(reopened.problems).toEqual([]);
        await reopened.page.close();
    });
});
