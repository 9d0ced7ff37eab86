// The user journey in a real VS Code (code-server in headless Chromium):
// open a model with an error, see it in Problems, type the fix, optimize from
// the command palette, see the results view, press Apply, find the new
// `allocation optimized` in the file. Each step is bounded and screenshotted.
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
    StepError, closeQuickInput, goTo, openFile, problemsText, runCommand, save, squiggles,
    statusErrorCount, statusProblems, waitForWorkbench, waitUntil, webviewFrame
} from './lib/workbench.mjs';

export const BROKEN_FILE = 'retail-typo.mlops';

/**
 * Writes the journey's model into the workspace: the retail example with one
 * typo (`runs on trainr`) and a smaller optimize block so the run stays short.
 * Returns where the typo is (1-based line, column after "train").
 */
export function writeBrokenModel(examplesDir, workspace) {
    const text = fs.readFileSync(path.join(examplesDir, 'retail.mlops'), 'utf8');
    const at = text.search(/runs on trainer\b/);
    if (at < 0) throw new Error('examples/retail.mlops has no "runs on trainer" line to put a typo into');
    let broken = text.slice(0, at) + 'runs on trainr' + text.slice(at + 'runs on trainer'.length);
    broken = broken
        .replace(/\breplications\s+\d+/, 'replications 2')
        .replace(/\bpopulation\s+\d+/, 'population 12')
        .replace(/\bgenerations\s+\d+/, 'generations 5')
        .replace(/\bhorizon\s+\d+(\.\d+)?\s*h\b/, 'horizon 4 h');
    broken = broken.replace(/\n?allocation\s+optimized\s*\{[^}]*\}\n?/g, '\n');
    fs.writeFileSync(path.join(workspace, BROKEN_FILE), broken);
    const before = broken.slice(0, at + 'runs on train'.length);
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    return { line, column };
}

/**
 * @param {object} ctx  page, baseUrl, workspace, typo {line,column}, timeouts, measurements (filled in)
 * @returns the list of steps: { name, run(ctx) }
 */
export function journeySteps() {
    return [
        {
            name: 'workbench opens the workspace copy of the examples',
            async run({ page, baseUrl, workspace, timeouts }) {
                await page.goto(`${baseUrl}?folder=${encodeURIComponent(workspace)}`, { timeout: timeouts.step });
                await waitForWorkbench(page, timeouts.step);
                await page.locator('.explorer-folders-view .monaco-list-row', { hasText: BROKEN_FILE })
                    .first().waitFor({ state: 'visible', timeout: timeouts.step })
                    .catch(() => { throw new StepError(`the explorer does not list ${BROKEN_FILE}`); });
            }
        },
        {
            name: `open ${BROKEN_FILE}: its error shows in the editor and in the Problems panel`,
            async run({ page, typo, timeouts, measurements }) {
                const opened = await openFile(page, BROKEN_FILE, timeouts.step);
                // The first diagnostics: the status bar counts the file's error (no other file has one).
                await waitUntil(async () => await statusErrorCount(page) > 0,
                    { timeoutMs: timeouts.step, intervalMs: 10, what: 'an error in the status bar (diagnostics of the language server)' });
                measurements.firstDiagnosticsMs = Date.now() - opened;
                await goTo(page, typo.line, typo.column, timeouts.step);
                await waitUntil(async () => (await squiggles(page)).errors > 0,
                    { timeoutMs: timeouts.step, what: `an error squiggle under "trainr" on line ${typo.line}` });
                let text = '';
                await waitUntil(async () => /trainr/.test(text = await problemsText(page, timeouts.step)),
                    { timeoutMs: timeouts.step, what: 'a problem about "trainr" in the Problems panel' })
                    .catch(e => { throw new StepError(`${e.message}; the Problems panel shows: ${JSON.stringify(text.slice(0, 400))}`); });
                measurements.problemBeforeFix = text.split('\n').find(l => /trainr/.test(l));
            }
        },
        {
            name: 'type the fix (trainr -> trainer): the error goes away',
            async run({ page, typo, timeouts }) {
                await openFile(page, BROKEN_FILE, timeouts.step);
                await goTo(page, typo.line, typo.column, timeouts.step);
                await page.keyboard.type('e');
                let last = '';
                await waitUntil(async () => {
                    const s = await squiggles(page);
                    last = await problemsText(page, timeouts.step);
                    return s.errors === 0 && !/trainr/.test(last) && await statusErrorCount(page) === 0;
                }, { timeoutMs: timeouts.step, what: 'no error left in the editor, the Problems panel and the status bar after typing the fix' })
                    .catch(e => { throw new StepError(`${e.message}; the Problems panel shows: ${JSON.stringify(last.slice(0, 600))}`); });
                await openFile(page, BROKEN_FILE, timeouts.step);
                await save(page);
                await page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached', timeout: timeouts.step });
            }
        },
        {
            name: 'run "MLOps: Optimize Allocation" from the command palette (F1)',
            async run({ page, timeouts }) {
                await openFile(page, BROKEN_FILE, timeouts.step);
                await runCommand(page, 'MLOps: Optimize Allocation', timeouts.step);
            }
        },
        {
            name: 'the results view shows the optimization result',
            async run({ page, timeouts, measurements }) {
                const started = Date.now();
                await page.waitForSelector('iframe.webview.ready', { timeout: timeouts.step })
                    .catch(() => { throw new StepError('no webview (results view) opened after the command'); });
                const apply = webviewFrame(page).getByRole('button', { name: /apply/i }).first();
                await apply.waitFor({ state: 'visible', timeout: timeouts.optimize })
                    .catch(() => { throw new StepError(`the results view shows no Apply button within ${timeouts.optimize / 1000} s`); });
                // Finished: the view no longer says it is optimizing (it shows progress while running).
                let body = '';
                await waitUntil(async () => {
                    body = await webviewFrame(page).locator('body').innerText({ timeout: timeouts.step });
                    return !/\boptimizing\b/i.test(body) && /front/i.test(body) && await apply.isEnabled();
                }, { timeoutMs: timeouts.optimize, intervalMs: 250, what: 'the optimization to finish (results view without "Optimizing", Apply enabled)' })
                    .catch(e => { throw new StepError(`${e.message}; the view shows: ${JSON.stringify(body.slice(0, 300))}`); });
                measurements.optimizeToResultsMs = Date.now() - started;
                if (!/pareto/i.test(body) || !/solutions?/i.test(body)) {
                    throw new StepError(`the results view does not show the Pareto front and its solutions: ${JSON.stringify(body.slice(0, 300))}`);
                }
                measurements.resultsSummary = body.split('\n').find(l => /solutions?/i.test(l))?.trim();
            }
        },
        {
            name: 'press Apply: `allocation optimized` appears in the file',
            async run({ page, workspace, timeouts }) {
                await webviewFrame(page).getByRole('button', { name: /apply/i }).first().click({ timeout: timeouts.step });
                const file = path.join(workspace, BROKEN_FILE);
                const onDisk = () => /\ballocation\s+optimized\b/.test(fs.readFileSync(file, 'utf8'));
                await waitUntil(async () => {
                    if (onDisk()) return true;
                    // The edit may leave the document unsaved: bring its editor back and save.
                    const dirty = await page.locator('.tab.dirty', { hasText: BROKEN_FILE }).count();
                    if (dirty) {
                        await openFile(page, BROKEN_FILE, timeouts.step);
                        await save(page);
                        await new Promise(r => setTimeout(r, 300));
                    }
                    return onDisk();
                }, { timeoutMs: timeouts.step, intervalMs: 500, what: `"allocation optimized" in ${BROKEN_FILE}` });
                const lines = fs.readFileSync(file, 'utf8').split('\n');
                const at = lines.findIndex(l => /\ballocation\s+optimized\b/.test(l));
                await openFile(page, BROKEN_FILE, timeouts.step);
                await goTo(page, at + 1, 1, timeouts.step);
                await page.locator('.editor-group-container.active .view-lines', { hasText: 'allocation optimized' })
                    .first().waitFor({ state: 'visible', timeout: timeouts.step })
                    .catch(() => { throw new StepError('"allocation optimized" is in the file but not visible in the editor'); });
                const s = await squiggles(page);
                if (s.errors > 0) {
                    const text = await problemsText(page, timeouts.step).catch(() => '');
                    throw new StepError(`the applied allocation has ${s.errors} error squiggle(s); Problems: ${JSON.stringify(text.slice(0, 600))}`);
                }
                await closeQuickInput(page);
            }
        }
    ];
}

export { statusProblems };
