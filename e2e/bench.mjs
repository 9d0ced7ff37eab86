#!/usr/bin/env node
// Measures the extension in a real VS Code (code-server + headless Chromium):
//   - activation time: the `activated in N ms` line of the "MLOps" output channel;
//   - first diagnostics: from opening the retail example (with one typo, so that
//     there is a diagnostic to see) until its error squiggle shows, in three cases:
//       "ready window": the window has finished starting (its extension host has
//         activated the startup extensions) when the user opens the first model,
//         which was not in the folder when the window opened: the time includes
//         activating our extension and starting the language server;
//       "starting window": the model is opened as soon as the explorer shows the
//         folder, while the extension host is still starting (its timeline, read
//         from the host's log, is printed to show where the time goes);
//       "warm": a second model in the same window.
//     The language server runs with V8's code cache of its bundle, kept in the
//     extension's global storage; the ready window is measured both as the first
//     start after an install (no cache yet) and as a later start (the cache the
//     first run wrote, copied into the fresh user-data-dir), the starting window
//     as a later start.
// Each run is three fresh code-servers with fresh user-data-dirs.
//   node e2e/bench.mjs [--runs N] [--vsix FILE]     (default: 5 runs, npm run package)
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { codeServerEntry, createSandbox, installExtension, startCodeServer } from './lib/code-server.mjs';
import { activationTimesMs, extensionErrors, exthostTimeline, serverReadyTimesMs, serverStartupMarks } from './lib/logs.mjs';
import { openFile, waitForWorkbench, waitUntil } from './lib/workbench.mjs';
import { BROKEN_FILE, writeBrokenModel } from './journey.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = name => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const runs = Number(option('--runs') ?? 5);

let vsix = option('--vsix');
if (!vsix) {
    const r = spawnSync('npm', ['run', 'package'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error('npm run package failed');
    vsix = path.join(ROOT, 'mlops-allocation.vsix');
}
const entry = codeServerEntry(ROOT);
// The language server writes its start-up milestones (src/language/startup-timing.ts); code-server passes the variable on.
process.env.MLOPS_LS_TIMING = '1';
/** The server's milestones as "+N ms what" relative to `t0` (the click), in one string. */
const serverMarks = (userData, t0) => {
    const marks = serverStartupMarks(userData);
    if (!marks.length) return 'none logged';
    return [`process started +${marks[0].at - marks[0].sinceStartMs - t0}`, ...marks.map(m => `${m.what} +${m.at - t0}`)].join(', ');
};
const samples = { activationMs: [], readyWindowDiagnosticsMs: [], readyWindowFirstInstallDiagnosticsMs: [], startingWindowDiagnosticsMs: [], warmDiagnosticsMs: [] };
/** The extension's code cache directory in a user-data-dir (code-server keeps global storage there). */
const codeCacheDir = userData => path.join(userData, 'User', 'globalStorage', 'mlops-tools.mlops-allocation', 'server-code-cache');
const savedCache = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-bench-cache-'));
const SETTINGS = {
    'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'git.enabled': false,
    'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false,
    // BENCH_TRACE=1: the language client logs every message with its time (slower; for finding where time goes).
    ...(process.env.BENCH_TRACE ? { 'mlops.trace.server': 'verbose' } : {})
};

/** The retail example with one typo, the step with the typo moved to the top (Monaco renders only visible lines). */
function benchModel() {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-bench-model-'));
    writeBrokenModel(path.join(ROOT, 'examples'), tmp);
    const text = fs.readFileSync(path.join(tmp, BROKEN_FILE), 'utf8');
    fs.rmSync(tmp, { recursive: true, force: true });
    const block = /\nstep train \{[\s\S]*?\n\}\n/.exec(text);
    if (!block) throw new Error(`no "step train { ... }" block in ${BROKEN_FILE}`);
    const without = text.replace(block[0], '\n');
    const afterSystem = without.indexOf('\n', without.search(/^system /m)) + 1;
    return without.slice(0, afterSystem) + block[0].slice(1) + without.slice(afterSystem);
}
const MODEL = benchModel();
const FIRST = 'bench-first.mlops', SECOND = 'bench-second.mlops';

/**
 * One fresh code-server on a workspace (with the example models or not, with the
 * saved code cache or not); `body(page, dirs, workspace)` measures.
 */
async function session({ withModels, withCache }, body) {
    const { tmp, dirs } = createSandbox('mlops-bench-', SETTINGS);
    if (withCache) fs.cpSync(savedCache, codeCacheDir(dirs.userData), { recursive: true });
    const workspace = path.join(tmp, 'workspace');
    fs.mkdirSync(workspace);
    fs.writeFileSync(path.join(workspace, 'README.md'), '# bench workspace\n');
    if (withModels) {
        fs.cpSync(path.join(ROOT, 'examples'), workspace, { recursive: true });
        fs.writeFileSync(path.join(workspace, FIRST), MODEL);
        fs.writeFileSync(path.join(workspace, SECOND), MODEL);
    }
    await installExtension(entry, dirs, path.resolve(vsix));
    const server = await startCodeServer(entry, dirs);
    const browser = await chromium.launch({
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage']
    });
    try {
        const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
        await page.goto(`${server.url}?folder=${encodeURIComponent(workspace)}`);
        await waitForWorkbench(page, 60_000);
        await body(page, dirs, workspace);
        const errors = extensionErrors(dirs.userData);
        if (errors.length) throw new Error(`extension errors: ${errors.join(' | ')}`);
    } catch (e) {
        await browser.contexts()[0]?.pages()[0]?.screenshot({ path: path.join(ROOT, 'e2e', 'screenshots', 'bench-FAILED.png') }).catch(() => undefined);
        throw e;
    } finally {
        await browser.close().catch(() => undefined);
        await server.stop();
        if (process.env.BENCH_KEEP) console.log(`kept ${tmp}`); else fs.rmSync(tmp, { recursive: true, force: true });
    }
}

/** Opens `file` and resolves with the ms from the click to its first error squiggle. */
async function timeToSquiggle(page, file) {
    const squiggle = () => page.locator('.editor-group-container.active .monaco-editor .squiggly-error').count();
    const opened = await openFile(page, file, 60_000);
    await waitUntil(async () => await squiggle() > 0, { timeoutMs: 60_000, intervalMs: 5, what: `the error squiggle in ${file}` });
    return { opened, ms: Date.now() - opened };
}

/** Ready window: the folder has no model when the window opens (so nothing activates the
 * extension); once the extension host is done starting, the models appear and one is opened. */
async function readyWindow(run, withCache) {
    await session({ withModels: false, withCache }, async (page, dirs, workspace) => {
        await waitUntil(() => exthostTimeline(dirs.userData).eagerActivated, { timeoutMs: 60_000, what: '"Eager extensions activated" in the extension host log' });
        await new Promise(r => setTimeout(r, 2000));
        if (exthostTimeline(dirs.userData).mlopsActivated) throw new Error('the extension was activated before any model was opened');
        fs.writeFileSync(path.join(workspace, FIRST), MODEL);
        fs.writeFileSync(path.join(workspace, SECOND), MODEL);
        await page.locator('.explorer-folders-view .monaco-list-row', { hasText: SECOND }).waitFor({ state: 'visible', timeout: 30_000 });
        const cold = await timeToSquiggle(page, FIRST);
        (withCache ? samples.readyWindowDiagnosticsMs : samples.readyWindowFirstInstallDiagnosticsMs).push(cold.ms);
        const warm = await timeToSquiggle(page, SECOND);
        await waitUntil(() => activationTimesMs(dirs.userData).length > 0 && serverReadyTimesMs(dirs.userData).length > 0,
            { timeoutMs: 10_000, what: '"activated in N ms" and "language server ready" in the MLOps log' });
        const t = exthostTimeline(dirs.userData);
        const ready = serverReadyTimesMs(dirs.userData)[0];
        if (withCache) {
            samples.warmDiagnosticsMs.push(warm.ms);
            samples.activationMs.push(activationTimesMs(dirs.userData)[0]);
        } else {
            // The server writes its code cache 3 s after it starts: keep it for the later starts.
            const cache = codeCacheDir(dirs.userData);
            await waitUntil(() => fs.existsSync(cache) && fs.readdirSync(cache).some(f => f.endsWith('.cache')), { timeoutMs: 20_000, what: `the code cache in ${cache}` });
            fs.rmSync(savedCache, { recursive: true, force: true });
            fs.cpSync(cache, savedCache, { recursive: true });
        }
        console.log(`run ${run}/${runs}, ready window${withCache ? '' : ', first start after install'}: first diagnostics ${cold.ms} ms ` +
            `(activation began +${t.mlopsActivated - cold.opened} ms after the click, on ${t.mlopsActivationEvent}; activated in ${activationTimesMs(dirs.userData)[0]} ms; ` +
            `language server ready +${t.mlopsActivated + ready - cold.opened} ms), warm ${warm.ms} ms\n    server process, ms after the click: ${serverMarks(dirs.userData, cold.opened)}`);
    });
}

/** Starting window: the models are in the folder, and the first one is opened at once. */
async function startingWindow(run) {
    await session({ withModels: true, withCache: true }, async (page, dirs) => {
        const cold = await timeToSquiggle(page, FIRST);
        samples.startingWindowDiagnosticsMs.push(cold.ms);
        await waitUntil(() => serverReadyTimesMs(dirs.userData).length > 0, { timeoutMs: 10_000, what: '"language server ready" in the MLOps log' });
        const t = exthostTimeline(dirs.userData);
        const ready = serverReadyTimesMs(dirs.userData)[0];
        console.log(`run ${run}/${runs}, starting window: first diagnostics ${cold.ms} ms (extension host started ${t.hostStarted - cold.opened} ms after the click; ` +
            `our activation began +${t.mlopsActivated - cold.opened} ms on ${t.mlopsActivationEvent}; language server ready +${t.mlopsActivated + ready - cold.opened} ms; ` +
            `startup extensions done +${t.eagerActivated - cold.opened} ms)\n    server process, ms after the click: ${serverMarks(dirs.userData, cold.opened)}`);
    });
}

for (let run = 1; run <= runs; run++) {
    await readyWindow(run, false);
    await readyWindow(run, true);
    await startingWindow(run);
}
fs.rmSync(savedCache, { recursive: true, force: true });

const median = xs => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
console.log(`\n${runs} runs, load average ${os.loadavg().map(l => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores`);
for (const [name, xs] of Object.entries(samples)) {
    console.log(`${name}: median ${Math.round(median(xs))} ms, min ${Math.min(...xs)} ms, max ${Math.max(...xs)} ms`);
}
