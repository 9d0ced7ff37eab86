#!/usr/bin/env node
// Measures the extension in a real VS Code (code-server + headless Chromium):
//   - activation time: the `activated in N ms` line of the "MLOps" output channel;
//   - first diagnostics: from opening the retail example (with one typo, so that
//     there is a diagnostic to see) until its error squiggle shows; "cold" is
//     the first .mlops file of the window (includes activation and the language
//     server's start), "warm" a second such file in the same window.
// Each run is a fresh code-server with a fresh user-data-dir.
//   node e2e/bench.mjs [--runs N] [--vsix FILE]     (default: 5 runs, npm run package)
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { codeServerEntry, createSandbox, installExtension, startCodeServer } from './lib/code-server.mjs';
import { activationTimesMs, extensionErrors } from './lib/logs.mjs';
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
const samples = { activationMs: [], coldDiagnosticsMs: [], warmDiagnosticsMs: [] };

for (let run = 1; run <= runs; run++) {
    const { tmp, dirs } = createSandbox('mlops-bench-', {
        'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'git.enabled': false,
        'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false
    });
    const workspace = path.join(tmp, 'workspace');
    fs.cpSync(path.join(ROOT, 'examples'), workspace, { recursive: true });
    writeBrokenModel(path.join(ROOT, 'examples'), workspace);
    // Monaco renders only visible lines: move the step with the typo to the top so
    // that its squiggle is on the first screen when the file opens.
    const text = fs.readFileSync(path.join(workspace, BROKEN_FILE), 'utf8');
    const block = /\nstep train \{[\s\S]*?\n\}\n/.exec(text);
    if (!block) throw new Error(`no "step train { ... }" block in ${BROKEN_FILE}`);
    const without = text.replace(block[0], '\n');
    const afterSystem = without.indexOf('\n', without.search(/^system /m)) + 1;
    const top = without.slice(0, afterSystem) + block[0].slice(1) + without.slice(afterSystem);
    const first = 'bench-first.mlops', second = 'bench-second.mlops';
    fs.writeFileSync(path.join(workspace, first), top);
    fs.writeFileSync(path.join(workspace, second), top);
    fs.rmSync(path.join(workspace, BROKEN_FILE));

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
        const squiggle = () => page.locator('.editor-group-container.active .monaco-editor .squiggly-error').count();
        const cold = await openFile(page, first, 60_000);
        await waitUntil(async () => await squiggle() > 0, { timeoutMs: 60_000, intervalMs: 5, what: `the error squiggle in ${first}` });
        samples.coldDiagnosticsMs.push(Date.now() - cold);
        const warm = await openFile(page, second, 60_000);
        await waitUntil(async () => await squiggle() > 0, { timeoutMs: 60_000, intervalMs: 5, what: `the error squiggle in ${second}` });
        samples.warmDiagnosticsMs.push(Date.now() - warm);
        await waitUntil(() => activationTimesMs(dirs.userData).length > 0, { timeoutMs: 10_000, what: '"activated in N ms" in the MLOps log' });
        samples.activationMs.push(activationTimesMs(dirs.userData)[0]);
        const errors = extensionErrors(dirs.userData);
        if (errors.length) throw new Error(`extension errors: ${errors.join(' | ')}`);
        console.log(`run ${run}/${runs}: activation ${samples.activationMs.at(-1)} ms, first diagnostics cold ${samples.coldDiagnosticsMs.at(-1)} ms, warm ${samples.warmDiagnosticsMs.at(-1)} ms`);
    } catch (e) {
        await browser.contexts()[0]?.pages()[0]?.screenshot({ path: path.join(ROOT, 'e2e', 'screenshots', 'bench-FAILED.png') }).catch(() => undefined);
        throw e;
    } finally {
        await browser.close().catch(() => undefined);
        await server.stop();
        fs.rmSync(tmp, { recursive: true, force: true });
    }
}

const median = xs => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
console.log(`\n${runs} runs, load average ${os.loadavg().map(l => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores`);
for (const [name, xs] of Object.entries(samples)) {
    console.log(`${name}: median ${Math.round(median(xs))} ms, min ${Math.min(...xs)} ms, max ${Math.max(...xs)} ms`);
}
