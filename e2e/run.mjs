#!/usr/bin/env node
// End-to-end suite: packages the extension, installs it into code-server
// (VS Code 1.100.3 served on 127.0.0.1), drives the workbench with headless
// Chromium through playwright-core and checks the logs. See docs/e2e.md.
//
//   node e2e/run.mjs [--vsix FILE] [--skip-setup] [--keep]
//
// Env: E2E_VSIX (same as --vsix), E2E_STEP_TIMEOUT_MS (default 60000),
// E2E_OPTIMIZE_TIMEOUT_MS (default 300000), E2E_HEADED=1, CHROMIUM_PATH.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { codeServerEntry, createSandbox, installExtension, startCodeServer } from './lib/code-server.mjs';
import { activationEvents, activationTimesMs, copyLogs, extensionErrors } from './lib/logs.mjs';
import { journeySteps, writeBrokenModel, statusProblems } from './journey.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SHOTS = path.join(ROOT, 'e2e', 'screenshots');
const args = process.argv.slice(2);
const flag = name => args.includes(name);
const option = name => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };

const timeouts = {
    step: Number(process.env.E2E_STEP_TIMEOUT_MS ?? 60_000),
    optimize: Number(process.env.E2E_OPTIMIZE_TIMEOUT_MS ?? 300_000)
};

const results = [];   // { name, ok, ms, error }
const measurements = {};
let notRun = 0;

function report(name, ok, ms, error) {
    results.push({ name, ok, ms, error });
    const mark = ok ? 'ok  ' : 'FAIL';
    console.log(`  ${mark} ${name} (${(ms / 1000).toFixed(1)} s)${ok ? '' : `\n       ${String(error).split('\n').join('\n       ')}`}`);
}

async function check(name, fn) {
    const started = Date.now();
    try {
        const value = await fn();
        report(name, true, Date.now() - started);
        return { ok: true, value };
    } catch (e) {
        report(name, false, Date.now() - started, e instanceof Error ? e.message : e);
        return { ok: false };
    }
}

function finish() {
    const passed = results.filter(r => r.ok).length;
    const failed = results.length - passed;
    fs.mkdirSync(SHOTS, { recursive: true });
    fs.writeFileSync(path.join(SHOTS, 'results.json'), JSON.stringify({ results, measurements, notRun }, null, 2));
    if (Object.keys(measurements).length) {
        console.log('\nmeasurements (real VS Code via code-server, headless Chromium):');
        for (const [k, v] of Object.entries(measurements)) console.log(`  ${k}: ${typeof v === 'number' ? Math.round(v) : JSON.stringify(v)}`);
    }
    if (notRun) console.log(`\n${notRun} journey step(s) not run after the first failure`);
    console.log(`\ne2e: ${passed} passed, ${failed} failed`);
    process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
}

async function main() {
    fs.rmSync(SHOTS, { recursive: true, force: true });
    fs.mkdirSync(SHOTS, { recursive: true });
    console.log('e2e: MLOps extension in code-server (VS Code 1.100.3) + headless Chromium');

    if (!flag('--skip-setup')) {
        const setup = await check('setup: chromium and code-server installed', () => {
            const r = spawnSync('bash', [path.join(ROOT, 'e2e', 'setup.sh')], { stdio: ['ignore', 'inherit', 'inherit'], timeout: 30 * 60_000 });
            if (r.status !== 0) throw new Error(`e2e/setup.sh exited with ${r.status}`);
        });
        if (!setup.ok) return;
    }

    let vsix = option('--vsix') ?? process.env.E2E_VSIX;
    if (vsix) {
        vsix = path.resolve(vsix);
        if (!fs.existsSync(vsix)) { report('package the extension', false, 0, `no such .vsix: ${vsix}`); return; }
        console.log(`using ${vsix}`);
    } else {
        const packaged = await check('package the extension (npm run package)', () => {
            const r = spawnSync('npm', ['run', 'package'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', timeout: 10 * 60_000 });
            if (r.status !== 0) throw new Error(`npm run package exited with ${r.status}:\n${(r.stdout + r.stderr).slice(-3000)}`);
            const file = path.join(ROOT, 'mlops-allocation.vsix');
            const size = fs.statSync(file).size;
            measurements.vsixBytes = size;
            if (size >= 3 * 1024 * 1024) throw new Error(`mlops-allocation.vsix is ${size} bytes, more than 3 MB`);
            return file;
        });
        if (!packaged.ok) return;
        vsix = packaged.value;
    }

    const { tmp, dirs } = createSandbox('mlops-e2e-', {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.welcomePage.walkthroughs.openOnInstall': false,
        'workbench.enableExperiments': false,
        'security.workspace.trust.enabled': false,
        'telemetry.telemetryLevel': 'off',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'update.mode': 'none',
        'editor.quickSuggestions': { other: 'off', comments: 'off', strings: 'off' },
        'editor.suggestOnTriggerCharacters': false,
        'editor.acceptSuggestionOnEnter': 'off',
        'editor.autoClosingBrackets': 'never',
        'files.autoSave': 'off',
        'git.enabled': false,
        // Keep the optimization short even if the file's block is large.
        'mlops.optimizer.timeLimitSeconds': 60
    });
    const workspace = path.join(tmp, 'workspace');
    fs.cpSync(path.join(ROOT, 'examples'), workspace, { recursive: true });
    let typo;
    const ws = await check('workspace: copy of examples/ plus the retail model with a typo', () => {
        typo = writeBrokenModel(path.join(ROOT, 'examples'), workspace);
    });
    if (!ws.ok) return;

    const entry = codeServerEntry(ROOT);
    const installed = await check('install the .vsix into code-server (--install-extension)', async () => {
        const out = await installExtension(entry, dirs, vsix, timeouts.step * 2);
        const dirsNow = fs.readdirSync(dirs.extensions).filter(d => d.startsWith('mlops-tools.mlops-allocation'));
        if (!dirsNow.length) throw new Error(`extension not found in ${dirs.extensions} after install:\n${out}`);
    });
    if (!installed.ok) return;

    let server, browser;
    try {
        const started = await check('code-server starts on 127.0.0.1', () =>
            startCodeServer(entry, dirs, { timeoutMs: timeouts.step, logFile: path.join(SHOTS, 'code-server.log') }));
        if (!started.ok) return;
        server = started.value;
        activeServer = server;

        browser = await chromium.launch({
            executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
            headless: process.env.E2E_HEADED !== '1',
            args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage']
        });
        activeBrowser = browser;
        const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
        const page = await context.newPage();
        const consoleLog = fs.createWriteStream(path.join(SHOTS, 'browser-console.log'));
        page.on('console', m => consoleLog.write(`[${m.type()}] ${m.text()}\n`));
        page.on('pageerror', e => consoleLog.write(`[pageerror] ${e.message}\n`));

        const ctx = { page, baseUrl: server.url, workspace, typo, timeouts, measurements };
        const steps = journeySteps();
        for (let i = 0; i < steps.length; i++) {
            const step = steps[i];
            const shot = path.join(SHOTS, `${String(i + 1).padStart(2, '0')}-${step.name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').slice(0, 60)}`);
            const r = await check(`journey ${i + 1}/${steps.length}: ${step.name}`, () => step.run(ctx));
            await page.screenshot({ path: `${shot}${r.ok ? '' : '-FAILED'}.png` }).catch(() => undefined);
            if (!r.ok) {
                const errors = extensionErrors(dirs.userData);
                if (errors.length) console.log(`       the logs show why:\n         ${errors.slice(0, 5).join('\n         ')}`);
                console.log(`       screenshot: ${path.relative(ROOT, shot)}-FAILED.png; status bar: ${await statusProblems(page).catch(() => '?')}`);
                notRun = steps.length - i - 1;
                break;
            }
        }

        await check('logs: the extension activated, with no activation error', async () => {
            // The extension host writes its log asynchronously; give it a moment.
            await new Promise(r => setTimeout(r, 1000));
            const errors = extensionErrors(dirs.userData);
            const activated = activationEvents(dirs.userData);
            const times = activationTimesMs(dirs.userData);
            if (times.length) measurements.activationMs = times[0];
            if (errors.length) throw new Error(`errors in code-server's logs:\n${errors.slice(0, 20).join('\n')}`);
            if (!activated.length) throw new Error('the extension host log never shows mlops-tools.mlops-allocation being activated');
            if (!times.length) throw new Error('the "MLOps" output channel log has no "activated in N ms" line');
        });
    } finally {
        await browser?.close().catch(() => undefined);
        await server?.stop();
        copyLogs(dirs.userData, path.join(SHOTS, 'logs'));
        if (flag('--keep')) console.log(`kept ${tmp}`);
        else fs.rmSync(tmp, { recursive: true, force: true });
    }
}

// Whatever happens, never leave code-server behind and never run unbounded.
let activeServer, activeBrowser;
const TOTAL_MS = Number(process.env.E2E_TOTAL_TIMEOUT_MS ?? 30 * 60_000);
async function abort(why) {
    report('e2e harness', false, 0, why);
    await activeBrowser?.close().catch(() => undefined);
    await activeServer?.stop().catch(() => undefined);
    finish();
    process.exit(1);
}
const watchdog = setTimeout(() => void abort(`the whole run exceeded ${TOTAL_MS / 60_000} min (E2E_TOTAL_TIMEOUT_MS)`), TOTAL_MS);
watchdog.unref();
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void abort(`interrupted by ${signal}`));

main().catch(e => { report('e2e harness', false, 0, e?.stack ?? e); }).finally(() => { clearTimeout(watchdog); finish(); });
