#!/usr/bin/env node
// Runs the integration suite (mocha in the extension host, test/integration/suite/)
// in a real VS Code, whichever can be had here:
//   1. VSCODE_EXECUTABLE=/path/to/code  -> @vscode/test-electron with that executable
//      (extensionDevelopmentPath = this repository, built by `npm run build`);
//   2. code-server set up by e2e/setup.sh (.cache/code-server) -> the packaged .vsix is
//      installed into code-server together with a tiny host extension that runs the same
//      suite in code-server's (Node) extension host once a headless Chromium opens the
//      workspace; the outcome comes back as JSON;
//   3. neither -> prints "NOT RUN" and exits 3 (not a pass: test-all reports it as not run).
// Exit: 0 all passed, 1 a test failed or the harness broke, 3 not run.
// Options: --vsix FILE (code-server route; default: `npm run package`), --keep.
//
// `run.mjs --as-vscode ARGS...` (what test/integration/code-server-as-vscode runs) is a
// stand-in for a VS Code executable, for route 1 where no desktop VS Code can be had: it
// takes the command line @vscode/test-electron's runTests gives a VS Code (workspace folder,
// --extensionDevelopmentPath=, --extensionTestsPath=, --user-data-dir, ...), packages the
// extension at the development path (or takes INTEGRATION_VSIX), runs the suite at the
// tests path in code-server's extension host (route 2's machinery) with the suite writing
// its report where MLOPS_ITEST_RESULT says, and exits 0 when all passed, 1 otherwise.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = path.join(ROOT, 'out', 'integration');
const args = process.argv.slice(2);
const option = name => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const TIMEOUT_MS = Number(process.env.INTEGRATION_TIMEOUT_MS ?? 600_000);

function notRun(why) {
    console.log(`integration: NOT RUN — ${why}`);
    console.log('integration: 0 passed, 0 failed (not run)');
    process.exit(3);
}

async function buildSuite() {
    await esbuild.build({
        entryPoints: {
            index: path.join(ROOT, 'test/integration/suite/index.ts'),
            'extension.itest': path.join(ROOT, 'test/integration/suite/extension.itest.ts')
        },
        outdir: OUT,
        outExtension: { '.js': '.cjs' },
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        external: ['vscode', 'mocha'],
        banner: { js: 'const __mlopsItestDir = __dirname;' },
        logLevel: 'warning'
    });
    return path.join(OUT, 'index.cjs');
}

function makeWorkspace(tmp) {
    const workspace = path.join(tmp, 'workspace');
    fs.cpSync(path.join(ROOT, 'examples'), workspace, { recursive: true });
    return workspace;
}

function printReport(report) {
    console.log(`\nintegration suite in VS Code ${report.vscodeVersion ?? '?'}:`);
    for (const t of report.tests) {
        const mark = t.state === 'passed' ? 'ok  ' : t.state === 'failed' ? 'FAIL' : 'SKIP';
        console.log(`  ${mark} ${t.title}${t.ms !== undefined ? ` (${t.ms} ms)` : ''}`);
        if (t.error) console.log(`       ${t.error.split('\n').slice(0, 6).join('\n       ')}`);
    }
    console.log(`integration: ${report.passed} passed, ${report.failed} failed${report.pending ? `, ${report.pending} skipped (not counted as passed)` : ''}`);
}

// ------------------------------------------------------------ route 1: test-electron
async function runWithTestElectron(executable, suite) {
    const { runTests } = await import('@vscode/test-electron');
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-itest-'));
    const resultFile = path.join(tmp, 'result.json');
    // runTests has no time limit of its own; a VS Code that never exits must not hang the run.
    const limitMs = TIMEOUT_MS + 300_000;
    let timer;
    const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`VS Code did not exit within ${limitMs / 1000} s`)), limitMs);
    });
    try {
        let exitError;
        try {
            await Promise.race([timeout, runTests({
                vscodeExecutablePath: executable,
                extensionDevelopmentPath: ROOT,
                extensionTestsPath: suite,
                extensionTestsEnv: { MLOPS_ITEST_RESULT: resultFile },
                launchArgs: [makeWorkspace(tmp), '--disable-extensions', '--disable-workspace-trust', '--skip-welcome',
                    '--skip-release-notes', '--no-sandbox', '--user-data-dir', path.join(tmp, 'user-data')]
            })]);
        } catch (e) {
            if (!fs.existsSync(resultFile)) throw e;
            exitError = e;
        } finally {
            clearTimeout(timer);
        }
        const report = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
        if (!Array.isArray(report.tests)) throw new Error(`not a suite report in ${resultFile}: ${JSON.stringify(report).slice(0, 500)}`);
        printReport(report);
        const passed = report.failed === 0 && report.passed > 0;
        if (exitError && passed) {
            // VS Code exits non-zero after extension tests only when the runner rejected.
            console.log(`integration: VS Code failed although the report shows no failed test: ${exitError.message}`);
        }
        return passed && !exitError;
    } finally {
        if (args.includes('--keep')) console.log(`kept ${tmp}`);
        else fs.rmSync(tmp, { recursive: true, force: true });
    }
}

// ------------------------------------------------------------ route 2: code-server
const HOST_MAIN = `// Runs the MLOps integration suite in this extension host (test/integration/run.mjs).
const fs = require('node:fs');
exports.activate = async function () {
    const suite = process.env.MLOPS_ITEST_SUITE, result = process.env.MLOPS_ITEST_RESULT;
    if (!suite || !result || fs.existsSync(result + '.started')) return;
    fs.writeFileSync(result + '.started', String(Date.now()));
    try {
        await require(suite).run();
    } catch (e) {
        if (!fs.existsSync(result)) fs.writeFileSync(result, JSON.stringify({ harnessError: String(e && e.stack || e) }));
    }
};
exports.deactivate = function () {};
`;

function buildHostVsix(tmp) {
    const dir = path.join(tmp, 'itest-host');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({
        name: 'mlops-itest-host', displayName: 'MLOps integration test host', publisher: 'mlops-tools',
        version: '0.0.1', license: 'MIT', engines: { vscode: '^1.100.0' },
        repository: { type: 'git', url: 'https://example.invalid/mlops-itest-host.git' },
        main: './host.cjs', activationEvents: ['onStartupFinished'],
        extensionDependencies: ['mlops-tools.mlops-allocation']
    }, null, 2));
    fs.writeFileSync(path.join(dir, 'host.cjs'), HOST_MAIN);
    fs.writeFileSync(path.join(dir, 'README.md'), '# MLOps integration test host\n\nRuns test/integration in code-server.\n');
    const vsix = path.join(tmp, 'itest-host.vsix');
    const r = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'vsce'),
        ['package', '--no-dependencies', '--skip-license', '-o', vsix], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
    if (r.status !== 0) throw new Error(`vsce package of the test host failed:\n${r.stdout}${r.stderr}`);
    return vsix;
}

/** `npm run package` in `dir` (an extension's repository); returns the .vsix it wrote. */
function packageExtension(dir, log) {
    log('npm run package');
    const r = spawnSync('npm', ['run', 'package'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 10 * 60_000 });
    if (r.status !== 0) throw new Error(`npm run package failed in ${dir}:\n${(r.stdout + r.stderr).slice(-3000)}`);
    const { name } = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const vsix = path.join(dir, `${name}.vsix`);
    if (!fs.existsSync(vsix)) throw new Error(`npm run package did not write ${vsix}`);
    return vsix;
}

const CODE_SERVER_SETTINGS = {
    'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'git.enabled': false,
    'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false,
    'mlops.optimizer.timeLimitSeconds': 60
};

/**
 * Runs the bundled suite `suite` in code-server's extension host: installs `vsix` and the
 * test host extension into a fresh sandbox, opens `workspace` (default: a copy of
 * examples/) in headless Chromium, and waits (bounded) for the report the suite writes to
 * `resultFile` (default: in the sandbox). `userDataDir` replaces the sandbox's one (its
 * User/settings.json is written). Returns { ok, report, logErrors }: ok when every test
 * passed and code-server's logs show no error of the extension (logErrors lists them).
 */
async function runWithCodeServer(entry, suite, { vsix, workspace, resultFile, userDataDir, keep = false, log = console.log } = {}) {
    const { createSandbox, installExtension, startCodeServer } = await import('../../e2e/lib/code-server.mjs');
    const { extensionErrors, copyLogs } = await import('../../e2e/lib/logs.mjs');
    const { chromium } = await import('playwright-core');

    if (!vsix) vsix = packageExtension(ROOT, log);
    const { tmp, dirs } = createSandbox('mlops-itest-', CODE_SERVER_SETTINGS);
    if (userDataDir) {
        dirs.userData = path.resolve(userDataDir);
        fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
        fs.writeFileSync(path.join(dirs.userData, 'User', 'settings.json'), JSON.stringify(CODE_SERVER_SETTINGS, null, 2));
    }
    workspace ??= makeWorkspace(tmp);
    resultFile ??= path.join(tmp, 'result.json');
    fs.rmSync(resultFile, { force: true });
    fs.rmSync(resultFile + '.started', { force: true });
    await installExtension(entry, dirs, path.resolve(vsix));
    await installExtension(entry, dirs, buildHostVsix(tmp));

    process.env.MLOPS_ITEST_SUITE = suite;
    process.env.MLOPS_ITEST_RESULT = resultFile;
    let server, browser;
    try {
        server = await startCodeServer(entry, dirs, { logFile: path.join(tmp, 'code-server.log') });
        for (const signal of ['SIGINT', 'SIGTERM']) {
            process.once(signal, () => { void server.stop().finally(() => process.exit(1)); });
        }
        browser = await chromium.launch({
            executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
            args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage']
        });
        const page = await browser.newPage();
        const console_ = [];
        page.on('console', m => console_.push(m.text()));
        await page.goto(`${server.url}?folder=${encodeURIComponent(workspace)}`);
        const deadline = Date.now() + TIMEOUT_MS;
        while (!fs.existsSync(resultFile)) {
            const early = extensionErrors(dirs.userData);
            if (early.length && !fs.existsSync(resultFile + '.started')) {
                throw new Error(`the extension failed before the suite could start: ${early.join(' | ')}`);
            }
            if (Date.now() > deadline) {
                const errors = extensionErrors(dirs.userData);
                throw new Error(`no result from the extension host within ${TIMEOUT_MS / 1000} s`
                    + `${fs.existsSync(resultFile + '.started') ? ' (the suite started)' : ' (the suite never started)'}`
                    + `${errors.length ? `; logs: ${errors.join(' | ')}` : ''}`);
            }
            await new Promise(r => setTimeout(r, 250));
        }
        const report = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
        if (report.harnessError) {
            fs.rmSync(resultFile, { force: true }); // not a suite report: leave no result behind
            throw new Error(`the suite could not run in the extension host: ${report.harnessError}`);
        }
        const logErrors = extensionErrors(dirs.userData);
        return { ok: logErrors.length === 0 && report.failed === 0 && report.passed > 0, report, logErrors };
    } finally {
        fs.rmSync(resultFile + '.started', { force: true });
        await browser?.close().catch(() => undefined);
        await server?.stop();
        copyLogs(dirs.userData, path.join(OUT, 'logs'));
        if (keep) log(`kept ${tmp}`);
        else fs.rmSync(tmp, { recursive: true, force: true });
    }
}

// ------------------------------------------------------------ stand-in for a VS Code executable
/**
 * Reads the command line runTests gives a VS Code: `--name=value` and `--name value` (for
 * the options that take one), the rest as flags or positional paths (the workspace).
 */
function parseVscodeArgs(argv) {
    const withValue = new Set(['user-data-dir', 'extensions-dir', 'locale', 'profile', 'log', 'inspect-extensions', 'inspect-brk-extensions']);
    const options = {}, flags = [], positional = [];
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        const m = /^--([^=]+)(?:=(.*))?$/s.exec(a);
        if (!m) { positional.push(a); continue; }
        const [, name, value] = m;
        const v = value ?? (withValue.has(name) && i + 1 < argv.length ? argv[++i] : undefined);
        if (v === undefined) flags.push(name);
        else (options[name] ??= []).push(v);
    }
    return { options, flags, positional };
}

async function runAsVscode(argv) {
    const log = line => console.log(`code-server-as-vscode: ${line}`);
    log(`argv: ${JSON.stringify(argv)}`);
    const { options, flags, positional } = parseVscodeArgs(argv);
    const devPaths = options.extensionDevelopmentPath ?? [];
    const testsPath = options.extensionTestsPath?.[0];
    if (devPaths.length !== 1 || !testsPath) {
        throw new Error('expected one --extensionDevelopmentPath= and an --extensionTestsPath= (a VS Code started for extension tests)');
    }
    if (positional.length > 1) throw new Error(`more than one workspace folder: ${positional.join(', ')}`);
    const { codeServerEntry } = await import('../../e2e/lib/code-server.mjs');
    const entry = codeServerEntry(ROOT);
    if (!fs.existsSync(entry)) throw new Error(`code-server is not set up (${entry}); run e2e/setup.sh`);
    // --disable-extensions would disable the extension under test in code-server (it is
    // installed there, not loaded from the development path); the others mean nothing there.
    const ignored = [...new Set(flags.filter(f => f !== 'disable-extensions'))];
    log(`ignoring --disable-extensions${ignored.length ? `, ${ignored.map(f => `--${f}`).join(' ')}` : ''}`
        + `${options['extensions-dir'] ? ` and --extensions-dir (a fresh one is used)` : ''}`
        + `${options['user-data-dir'] ? `; user-data-dir ${options['user-data-dir'][0]}` : ''}`);
    const devPath = path.resolve(devPaths[0]);
    let vsix = process.env.INTEGRATION_VSIX;
    if (vsix) log(`INTEGRATION_VSIX=${vsix} (not packaging ${devPath})`);
    else vsix = packageExtension(devPath, log);
    const suite = path.resolve(testsPath);
    log(`running ${suite} in code-server's extension host (VS Code 1.100.3)`
        + `${process.env.MLOPS_ITEST_RESULT ? `, report to ${process.env.MLOPS_ITEST_RESULT}` : ''}`);
    const { ok, report, logErrors } = await runWithCodeServer(entry, suite, {
        vsix,
        workspace: positional[0] && path.resolve(positional[0]),
        resultFile: process.env.MLOPS_ITEST_RESULT && path.resolve(process.env.MLOPS_ITEST_RESULT),
        userDataDir: options['user-data-dir']?.[0],
        log
    });
    if (logErrors.length) log(`errors in code-server's logs:\n  ${logErrors.join('\n  ')}`);
    log(`${report.passed} passed, ${report.failed} failed${report.pending ? `, ${report.pending} skipped` : ''}; exit ${ok ? 0 : 1}`);
    return ok;
}

async function main() {
    const executable = process.env.VSCODE_EXECUTABLE;
    const { codeServerEntry } = await import('../../e2e/lib/code-server.mjs');
    const entry = codeServerEntry(ROOT);
    const haveCodeServer = fs.existsSync(entry) && process.env.INTEGRATION_NO_CODE_SERVER !== '1';
    if (executable && !fs.existsSync(executable)) {
        // Asked for a VS Code that is not there: a broken setup, not a machine without VS Code.
        console.log(`integration: FAILED — VSCODE_EXECUTABLE=${executable} does not exist`);
        console.log('integration: 0 passed, 1 failed');
        process.exit(1);
    }
    if (!executable && !haveCodeServer) {
        notRun('no VS Code here: set VSCODE_EXECUTABLE to a VS Code executable, or run e2e/setup.sh for code-server');
    }
    fs.rmSync(OUT, { recursive: true, force: true });
    const suite = await buildSuite();
    const ok = executable
        ? (console.log(`integration: @vscode/test-electron with ${executable}`), await runWithTestElectron(executable, suite))
        : (console.log('integration: code-server extension host (VS Code 1.100.3)'), await runCodeServerRoute(entry, suite));
    process.exit(ok ? 0 : 1);
}

async function runCodeServerRoute(entry, suite) {
    const { ok, report, logErrors } = await runWithCodeServer(entry, suite, {
        vsix: option('--vsix') ?? process.env.INTEGRATION_VSIX,
        keep: args.includes('--keep'),
        log: line => console.log(`integration: ${line}`)
    });
    printReport(report);
    if (logErrors.length) console.log(`integration: errors in code-server's logs:\n  ${logErrors.join('\n  ')}`);
    return ok;
}

if (args[0] === '--as-vscode') {
    // Checked first: VSCODE_EXECUTABLE is still set here (inherited from the runner).
    runAsVscode(args.slice(1)).then(ok => process.exit(ok ? 0 : 1), e => {
        console.error(`code-server-as-vscode: failed: ${e?.stack ?? e}`);
        process.exit(1);
    });
} else main().catch(e => {
    console.error(`integration: harness error: ${e?.stack ?? e}`);
    console.log('integration: 0 passed, 1 failed');
    process.exit(1);
});
