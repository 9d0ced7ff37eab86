#!/usr/bin/env node
// The editor's what-if inside a real VS Code (code-server from e2e/setup.sh),
// on the card-fraud model of issue 13: a scorer that starts in 5 s, is not
// permanent, with keepalive 0, serving a 200 ms deadline.
//   1. the "Simulate" code lens above the allocation shows the analytic
//      estimate, then the simulation, with most scoring runs over 200 ms;
//   2. the cold-start-risk warning is in the Problems panel, and Ctrl+.
//      offers "Make component scorer permanent";
//   3. after that fix the warning is gone and the lens shows the drop
//      (`95.2% → 0.41% over 200 ms`), simulated again;
//   4. the hover of the allocation line shows the same figures.
// Screenshots: the lens after the fix, e2e/screenshots/vscode-simulate-lens.png
// (docs/screenshots/ with UPDATE_DOC_SCREENSHOTS=1), and the hover,
// e2e/screenshots/vscode-simulate-hover.png.
//
//   node test/browser/vscode-whatif.mjs VSIX
// Exit 0 when every check passed, 1 otherwise, 3 when code-server is missing.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { codeServerEntry, createSandbox, installExtension, startCodeServer } from '../../e2e/lib/code-server.mjs';
import { goTo, openFile, problemsText, squiggles, waitForWorkbench, waitUntil } from '../../e2e/lib/workbench.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const vsix = path.resolve(process.argv[2] ?? path.join(ROOT, 'mlops-allocation.vsix'));
const entry = codeServerEntry(ROOT);
if (!fs.existsSync(entry)) {
    console.log('vscode-whatif: NOT RUN (no code-server; run e2e/setup.sh)');
    process.exit(3);
}

const FILE = 'fraud.mlops';
const MODEL = `system fraud label "Card fraud scoring"

server node { cpu 32 GHz ram 64 GB price 1 EUR/h count 2 }

/** Starts in 5 s; scoring must finish within 200 ms. */
component scorer { idle cpu 0.1 GHz ram 1 GB startup 5 s }

step score { runs on scorer cpu 0.01 GHz*s }
process scoring { steps score every exponential(mean 2 s) deadline 200 ms }

allocation current {
    scorer on node x 2
}

optimize { horizon 2 h warmup 10 min replications 2 seed 3 }
`;
const lineOf = needle => MODEL.split('\n').findIndex(l => l.includes(needle)) + 1;

const { tmp, dirs } = createSandbox('mlops-vscode-whatif-', {
    'workbench.startupEditor': 'none', 'workbench.colorTheme': 'Default Dark Modern', 'telemetry.telemetryLevel': 'off',
    'security.workspace.trust.enabled': false, 'extensions.autoCheckUpdates': false, 'git.enabled': false,
    'workbench.tips.enabled': false, 'update.mode': 'none', 'editor.hover.delay': 300
});
const workspace = path.join(tmp, 'workspace');
fs.mkdirSync(workspace, { recursive: true });
fs.writeFileSync(path.join(workspace, FILE), MODEL);

const failures = [];
const check = (ok, what) => { console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${what}`); if (!ok) failures.push(what); };

/** The text of the code lens line above `allocation current` ("Simulate | analytic estimate… | …"). */
async function lensLine(page) {
    const lines = await page.locator('.editor-group-container.active .codelens-decoration').allInnerTexts();
    return lines.map(l => l.replace(/\s+/g, ' ').trim()).find(l => /(^| )Simulate( |$)/.test(l)) ?? '';
}
/** The scoring figure on the lens: `scoring p95 … , A% [→ B%] over 200 ms`; shares as fractions. */
function scoringShares(line) {
    const m = /scoring p95 [^|]*?>?([\d.]+)%(?: → >?([\d.]+)%)? over 200 ms/.exec(line);
    return m ? { first: Number(m[1]) / 100, last: Number(m[2] ?? m[1]) / 100 } : undefined;
}

await installExtension(entry, dirs, vsix);
const server = await startCodeServer(entry, dirs, { logFile: path.join(tmp, 'code-server.log') });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'] });
try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    await page.goto(`${server.url}?folder=${encodeURIComponent(workspace)}`);
    await waitForWorkbench(page, 60_000);
    await openFile(page, FILE, 60_000);

    // 1. Simulate: the estimate first, then the simulation
    const simulate = page.locator('.editor-group-container.active .codelens-decoration a', { hasText: /^\s*Simulate\s*$/ }).first();
    await simulate.waitFor({ state: 'visible', timeout: 60_000 });
    // Every lens text the editor renders is recorded as it appears (a
    // MutationObserver), not sampled every 50 ms.
    await page.evaluate(() => {
        const seen = [];
        window.__mlopsLensSeen = seen;
        new MutationObserver(() => {
            for (const el of document.querySelectorAll('.editor-group-container.active .codelens-decoration')) {
                const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
                if (/analytic estimate|simulated/.test(text) && seen[seen.length - 1] !== text) seen.push(text);
            }
        }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    const clicked = Date.now();
    await simulate.click();
    const estimateLine = await waitUntil(async () => {
        const line = await lensLine(page);
        return /analytic estimate|simulated,/.test(line) && scoringShares(line) ? line : undefined;
    }, { timeoutMs: 60_000, intervalMs: 50, what: 'figures on the Simulate lens' }).catch(e => { check(false, e.message); return ''; });
    const firstShown = (await page.evaluate(() => window.__mlopsLensSeen))[0] ?? '';
    const estimateMs = Date.now() - clicked;
    // The estimate is drawn first when the simulation takes a while; on an
    // idle machine the 2 h simulation is done before VS Code redraws the lens
    // (seen in a quiet CI run: the editor never rendered the estimate), and the
    // simulation is then the first figure. Either way the first figures are
    // labelled with what they are; the order itself is tested in
    // test/language/lsp/what-if.test.ts.
    check(/^Simulate \| (analytic estimate, simulating…|simulated, 2 × 2 h):/.test(firstShown),
        `the lens shows labelled figures (after ${estimateMs} ms, from the click through the language server to the redrawn lens; first drawn: "${firstShown}")`);
    const simulatedLine = await waitUntil(async () => {
        const line = await lensLine(page);
        return /simulated, 2 × 2 h:/.test(line) && scoringShares(line) ? line : undefined;
    }, { timeoutMs: 180_000, intervalMs: 250, what: 'the simulation to replace the estimate on the lens' }).catch(e => { check(false, e.message); return ''; });
    const before = scoringShares(simulatedLine);
    check(before !== undefined && before.last > 0.5, `the simulation replaces it and shows the cold start: most scoring runs over 200 ms ("${simulatedLine}")`);
    check(/Stop/.test(simulatedLine), 'the lens offers Stop');
    void estimateLine;

    // 2. the warning, with its quick fix
    const problems = await waitUntil(async () => {
        const text = await problemsText(page);
        return /component scorer starts in 5 s/.test(text) ? text : undefined;
    }, { timeoutMs: 60_000, intervalMs: 500, what: 'the cold-start warning in the Problems panel' }).catch(e => { check(false, e.message); return ''; });
    check(/every run may wait for a cold start/.test(problems), 'the Problems panel has the cold-start-risk warning');
    check((await squiggles(page)).warnings > 0, 'the warning is underlined in the editor');
    await openFile(page, FILE, 20_000);
    await goTo(page, lineOf('component scorer'), MODEL.split('\n')[lineOf('component scorer') - 1].indexOf('startup') + 3);
    await page.keyboard.press('Control+Period');
    const fix = page.locator('.action-widget .monaco-list-row', { hasText: 'Make component scorer permanent' }).first();
    const offered = await fix.waitFor({ state: 'visible', timeout: 20_000 }).then(() => true, () => false);
    const menu = offered ? '' : await page.locator('.action-widget').allInnerTexts().catch(() => []);
    check(offered, `Ctrl+. offers "Make component scorer permanent"${offered ? '' : ` (menu: ${JSON.stringify(menu)})`}`);
    if (offered) {
        // (a pointer block lies over the menu: choose with the keyboard, as a user of Ctrl+. does)
        for (let i = 0; i < 6; i++) {
            const focused = await page.locator('.action-widget .monaco-list-row.focused').first().getAttribute('aria-label').catch(() => '');
            if (/Make component scorer permanent/.test(focused ?? '')) break;
            await page.keyboard.press('ArrowDown');
        }
        await page.keyboard.press('Enter');
    }

    // 3. after the fix: no warning, and the lens shows the drop, simulated again
    const droppedLine = await waitUntil(async () => {
        const line = await lensLine(page);
        const shares = scoringShares(line);
        return /simulated, 2 × 2 h:/.test(line) && shares && / → /.test(line) && shares.last < shares.first ? line : undefined;
    }, { timeoutMs: 180_000, intervalMs: 250, what: 'the lens to show the drop after the fix' }).catch(e => { check(false, e.message); return ''; });
    const after = scoringShares(droppedLine);
    check(after !== undefined && after.last < 0.05 && before !== undefined && Math.abs(after.first - before.last) < 1e-9,
        `after the fix the lens shows the drop against the figures before it ("${droppedLine}")`);
    const fixedLine = await page.locator('.editor-group-container.active .view-line', { hasText: 'component scorer' }).first().innerText();
    check(/\bpermanent\b/.test(fixedLine), `the fix wrote \`permanent\` into the component ("${fixedLine.replace(/\s+/g, ' ')}")`);
    await waitUntil(async () => (await squiggles(page)).warnings === 0, { timeoutMs: 30_000, intervalMs: 250, what: 'the warning to go' })
        .then(() => check(true, 'the warning is gone after the fix'), e => check(false, e.message));

    const shots = path.join(ROOT, process.env.UPDATE_DOC_SCREENSHOTS ? 'docs' : 'e2e', 'screenshots');
    fs.mkdirSync(shots, { recursive: true });
    await page.mouse.move(5, 400);
    await page.screenshot({ path: path.join(shots, 'vscode-simulate-lens.png'), clip: { x: 340, y: 60, width: 1100, height: 380 } });

    // 4. the hover of the allocation line
    await page.locator('.editor-group-container.active .view-line', { hasText: 'scorer on node x 2' }).first()
        .locator('span', { hasText: /^x$/ }).first().hover().catch(() => undefined);
    const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'What-if' }).first();
    const hovered = await hover.waitFor({ state: 'visible', timeout: 20_000 }).then(() => true, () => false);
    const hoverText = hovered ? (await hover.innerText()).replace(/\s+/g, ' ') : '';
    check(hovered && /What-if \(simulated, 2 × 2 h\): processes served by scorer/.test(hoverText) && /scoring/.test(hoverText),
        `the hover of the allocation line shows the same figures for scorer's processes${hovered ? ` ("${hoverText.slice(0, 160)}…")` : ''}`);

    await page.screenshot({ path: path.join(ROOT, 'e2e', 'screenshots', 'vscode-simulate-hover.png') });
    console.log(`  (estimate on the lens ${estimateMs} ms after the click; screenshot ${path.relative(ROOT, path.join(shots, 'vscode-simulate-lens.png'))})`);
} catch (error) {
    check(false, `harness: ${error instanceof Error ? error.message : error}`);
} finally {
    await browser.close();
    await server.stop();
}
console.log(`vscode-whatif: ${failures.length ? `${failures.length} failed` : 'all passed'}`);
process.exit(failures.length ? 1 : 0);
