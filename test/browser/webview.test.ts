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

    test('any selected solution is measured by the host: asked on selection, progress, Stop, superseded, failed, cached', async () => {
        const result = fixtureResult(6); // chosen: solution 4 (index 3)
        const chosenExplanation = { solution: result.chosen, against: 'current', changes: [],
            headroom: { target: 0.99, factor: 1.5, upper: 1.53, limitedBy: { process: 'scoring', withinDeadline: 0.98 }, steps: [] } };
        const { page, problems } = await openView();
        await send(page, { type: 'show', result: { ...result, explanation: chosenExplanation }, running: false, selected: null, source: 'file:///w/retail.mlops' });
        await page.waitForSelector('#front-table tbody tr[data-index]');
        const explains = async () => (await fake(page)).posted.filter(m => /^explain/.test((m as { type: string }).type));
        // the chosen solution's explanation came with the result: nothing to ask
        expect(await page.textContent('#headroom')).toContain('×1.5');
        expect(await explains()).toEqual([]);

        // another front member: asked at once, progress shown with Stop
        await page.click('#front-table tr[data-index="0"]');
        expect(await explains()).toEqual([{ type: 'explain', kind: 'front', index: 0 }]);
        expect(await page.textContent('#explain-progress')).toBe('Measuring solution 1: starting… Stop');
        await send(page, { type: 'explanation', kind: 'front', index: 0, state: 'running', phase: 'changes', done: 0, total: null });
        await new Promise(r => setTimeout(r, 100));
        expect(await page.textContent('#explain-progress')).toBe('Measuring solution 1: starting… Stop');
        await send(page, { type: 'explanation', kind: 'front', index: 0, state: 'running', phase: 'changes', done: 1, total: 3 });
        await page.waitForFunction(() => document.querySelector('#explain-progress')?.textContent?.includes('simulation 1 of 3'));
        expect(await page.textContent('#explain-progress')).toBe('Measuring solution 1: what its changes did, simulation 1 of 3… Stop');
        await send(page, { type: 'explanation', kind: 'front', index: 0, state: 'running', phase: 'headroom', done: 2, total: null });
        await page.waitForFunction(() => document.querySelector('#explain-progress')?.textContent?.includes('its headroom, simulation 2'));
        await page.click('#explain-stop');
        expect((await explains()).at(-1)).toEqual({ type: 'explainCancel' });
        await send(page, { type: 'explanation', kind: 'front', index: 0, state: 'cancelled' });
        await page.waitForSelector('#explain-again');
        expect(await page.textContent('#explain-outcome')).toBe('Stopped. Measure');
        await page.click('#explain-again');
        expect((await explains()).at(-1)).toEqual({ type: 'explain', kind: 'front', index: 0 });
        const own = { solution: 0, against: 'current', changes: [
            { change: { kind: 'permanent', component: 'scorer', server: 'cpu_node', permanent: true },
                processes: [{ process: 'scoring', deadline: 0.8, with: { mean: 0.4, p95: 0.7, overShare: 0.01 }, without: { mean: 2.2, p95: 2.4, overShare: 0.96 } }],
                objectives: null }],
            headroom: { target: 0.99, factor: 2.5, upper: 2.55, limitedBy: { process: 'scoring', withinDeadline: 0.97 }, steps: [] } };
        // (a JSON round trip, as the webview transport does)
        await send(page, JSON.parse(JSON.stringify({ type: 'explanation', kind: 'front', index: 0, state: 'done', explanation: own })));
        await page.waitForSelector('#headroom');
        expect(await page.textContent('#change-effects h2')).toBe('What the changes of solution 1 did against current');
        expect(await page.textContent('#headroom')).toContain('×2.5');
        expect(await page.$$eval('#change-effects tbody tr', rows => rows.length)).toBe(1);

        // a baseline row: asked too; its failure is shown with Try again
        await page.click('#front-table tr[data-baseline="1"]');
        expect((await explains()).at(-1)).toEqual({ type: 'explain', kind: 'baseline', index: 1 });
        await send(page, { type: 'explanation', kind: 'baseline', index: 1, state: 'failed', message: '<b>boom</b>' });
        await page.waitForSelector('#explain-outcome');
        expect(await page.textContent('#explain-outcome')).toBe('Could not measure baseline current: <b>boom</b> Try again');
        expect(await page.$$eval('#change-effects b', n => n.length)).toBe(0);

        // back to solution 1: cached in the view, nothing asked; the chosen one neither
        const before = (await explains()).length;
        await page.click('#front-table tr[data-index="0"]');
        expect(await page.textContent('#headroom')).toContain('×2.5');
        await page.click(`#front-table tr[data-index="${result.chosen}"]`);
        expect(await page.textContent('#headroom')).toContain('×1.5');
        expect((await explains()).length).toBe(before);

        // a new selection while one is measured supersedes it (the host cancels the first; a late answer of it is kept for later)
        await page.click('#front-table tr[data-index="1"]');
        await page.click('#front-table tr[data-index="2"]');
        expect((await explains()).slice(-2)).toEqual([{ type: 'explain', kind: 'front', index: 1 }, { type: 'explain', kind: 'front', index: 2 }]);
        await send(page, { type: 'explanation', kind: 'front', index: 1, state: 'cancelled' });
        await send(page, { type: 'explanation', kind: 'front', index: 2, state: 'running', phase: 'changes', done: 1, total: 2 });
        await page.waitForFunction(() => document.querySelector('#explain-progress')?.textContent?.includes('Measuring solution 3'));
        // a cached one while another runs: the host is told to stop
        await page.click('#front-table tr[data-index="0"]');
        expect((await explains()).at(-1)).toEqual({ type: 'explainCancel' });
        // the stopped one is measured again when selected again
        await page.click('#front-table tr[data-index="1"]');
        expect((await explains()).at(-1)).toEqual({ type: 'explain', kind: 'front', index: 1 });

        // a new result forgets the explanations
        await send(page, { type: 'show', result, running: false, selected: 0, source: 'file:///w/retail.mlops' });
        await page.waitForFunction(() => document.querySelector('#explain-progress')?.textContent?.includes('Measuring solution 1: starting'));
        expect((await explains()).at(-1)).toEqual({ type: 'explain', kind: 'front', index: 0 });
        expect(problems).toEqual([]);
        await page.close();
    });

    test('500 solutions: progress redraws only its own panel (the front table keeps its rows)', async () => {
        const result = fixtureResult(500);
        const { page, problems } = await openView();
        await send(page, { type: 'show', result, running: false, selected: 100, source: 'file:///w/retail.mlops' });
        await page.waitForSelector('#front-table tr[data-index="100"]');
        const row = await page.$('#front-table tr[data-index="100"]');
        for (let done = 1; done <= 5; done++) {
            await send(page, { type: 'explanation', kind: 'front', index: 100, state: 'running', phase: 'headroom', done, total: null });
        }
        await page.waitForFunction(() => document.querySelector('#explain-progress')?.textContent?.includes('simulation 5'));
        expect(await row!.evaluate(r => r.isConnected)).toBe(true);
        expect(await page.textContent('#explain-progress')).toBe('Measuring solution 101: its headroom, simulation 5… Stop');
        expect(problems).toEqual([]);
        await page.close();
    });
});
