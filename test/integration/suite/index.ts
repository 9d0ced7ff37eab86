/**
 * The integration suite's entry in the extension host (out/integration/index.cjs):
 * runs the mocha tests next to it and, when MLOPS_ITEST_RESULT names a file,
 * writes every test's outcome there as JSON (the code-server route reads it).
 * Rejects when a test fails, as @vscode/test-electron expects.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/** Directory of this bundle (defined by the esbuild banner in test/integration/run.mjs). */
declare const __mlopsItestDir: string;

export interface TestOutcome {
    title: string;
    state: 'passed' | 'failed' | 'pending';
    ms?: number;
    error?: string;
}

export interface SuiteReport {
    passed: number;
    failed: number;
    pending: number;
    tests: TestOutcome[];
    vscodeVersion: string;
}

export async function run(): Promise<void> {
    const mocha = new Mocha({ ui: 'bdd', timeout: 120_000, color: false, reporter: 'spec' });
    mocha.addFile(path.join(__mlopsItestDir, 'extension.itest.cjs'));
    const tests: TestOutcome[] = [];
    const failures = await new Promise<number>(resolve => {
        const runner = mocha.run(resolve);
        runner.on('pass', test => tests.push({ title: test.fullTitle(), state: 'passed', ms: test.duration }));
        runner.on('fail', (test, error: Error) => tests.push({ title: test.fullTitle(), state: 'failed', error: error?.stack ?? String(error) }));
        runner.on('pending', test => tests.push({ title: test.fullTitle(), state: 'pending' }));
    });
    const resultFile = process.env.MLOPS_ITEST_RESULT;
    if (resultFile) {
        const vscodeVersion: string = (await import('vscode')).version;
        const report: SuiteReport = {
            passed: tests.filter(t => t.state === 'passed').length,
            failed: tests.filter(t => t.state === 'failed').length,
            pending: tests.filter(t => t.state === 'pending').length,
            tests,
            vscodeVersion
        };
        fs.writeFileSync(resultFile, JSON.stringify(report, null, 2));
    }
    if (failures > 0) {
        throw new Error(`${failures} integration test(s) failed`);
    }
}
