/** `mlops simulate` end to end: JSON fields of cli.md, determinism, exit codes. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { describe, expect, test, vi } from 'vitest';
import { registerSimulate } from '../../src/cli/simulate.js';
import { UsageError } from '../../src/cli/errors.js';
import { singleStation } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'mlops-sim-'));

function mlops(...args: string[]): { code: number | null; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8', timeout: 60_000 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The command in this process (faster than a child process), with main.ts's mapping of failures to exit codes. */
async function mlopsInProcess(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '', stderr = '';
    const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => { stdout += String(chunk); return true; });
    const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => { stderr += String(chunk); return true; });
    let code = 0;
    try {
        const program = new Command('mlops').exitOverride().configureOutput({ writeErr: text => { stderr += text; } });
        registerSimulate(program, c => { code = c; });
        await program.parseAsync(args, { from: 'user' });
    } catch (error) {
        if (error instanceof CommanderError || error instanceof UsageError) { code = 2; } else { throw error; }
    } finally {
        out.mockRestore();
        err.mockRestore();
    }
    return { code, stdout, stderr };
}

function file(name: string, text: string): string {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
}

describe('mlops simulate', () => {
    const good = file('good.mlops', singleStation({ every: 'exponential(mean 1 s)', work: 'exponential(mean 0.5 GHz*s)', deadline: '2 s' })
        + 'allocation other { c on node x 1 }\n');

    test('--json prints exactly the fields of cli.md, the same bytes for the same seed', async () => {
        const args = ['simulate', good, '--json', '--horizon', '2h', '--warmup', '10min', '--replications', '3', '--seed', '5', '--allocation', 'other'];
        const first = mlops(...args);
        expect(first.code).toBe(0);
        const json = JSON.parse(first.stdout);
        expect(Object.keys(json)).toEqual(['allocation', 'seed', 'replications', 'horizon', 'warmup', 'processes', 'servers', 'objectives', 'events', 'wallSeconds']);
        expect(json).toMatchObject({ allocation: 'other', seed: 5, replications: 3, horizon: 7200, warmup: 600 });
        expect(Object.keys(json.processes[0])).toEqual(['name', 'runs', 'mean', 'variance', 'p50', 'p95', 'p99', 'deadline', 'violations', 'meanCI', 'unfinishedRuns']);
        expect(json.processes[0].deadline).toBe(2);
        expect(json.processes[0].runs).toBeGreaterThan(3 * 6000);
        expect(Object.keys(json.servers[0])).toEqual(['name', 'machines', 'cpuUtilization', 'gpuUtilization', 'ramUtilization']);
        expect(Object.keys(json.objectives)).toEqual(['time', 'variance', 'violations', 'cost']);
        expect(json.objectives.cost).toBeGreaterThan(0);
        // The same seed in another process (this one) prints the same bytes, but for the wall time.
        const second = await mlopsInProcess(...args);
        expect(second.code).toBe(0);
        const strip = (s: string) => s.replace(/"wallSeconds": [0-9.e+-]+/, '');
        expect(strip(second.stdout)).toBe(strip(first.stdout));
    });

    test('--analytic prints the estimate in the same JSON, marked, and in the same table', async () => {
        const r = await mlopsInProcess('simulate', good, '--json', '--analytic', '--horizon', '2h', '--warmup', '10min');
        expect(r.code).toBe(0);
        const json = JSON.parse(r.stdout);
        expect(Object.keys(json)).toEqual(['allocation', 'seed', 'replications', 'horizon', 'warmup', 'processes', 'servers', 'objectives', 'events', 'wallSeconds', 'estimate']);
        expect(json.estimate).toBe('analytic');
        // M/M/1 with lambda 1, mu 2: mean 1 s, P(T > 2 s) = e^-2.
        expect(json.processes[0].mean).toBeCloseTo(1, 6);
        expect(json.objectives.violations).toBeCloseTo(3600 * Math.exp(-2), 3);
        expect(json.processes[0].meanCI).toEqual([json.processes[0].mean, json.processes[0].mean]);
        const table = await mlopsInProcess('simulate', good, '--analytic');
        expect(table.code).toBe(0);
        expect(table.stdout).toMatch(/allocation a: analytic estimate/);
        expect(table.stdout).toMatch(/^p\s+\d+/m);
        expect(table.stdout).toMatch(/analytic estimate in [0-9.]+ ms/);
    });

    test('the table names processes and servers; first-fit is the baseline', async () => {
        const r = await mlopsInProcess('simulate', good, '--horizon', '1h', '--warmup', '0', '--replications', '2', '--allocation', 'first-fit');
        expect(r.code).toBe(0);
        expect(r.stdout).toMatch(/allocation first-fit/);
        expect(r.stdout).toMatch(/^p\s+\d+/m);
        expect(r.stdout).toMatch(/^node\s+1/m);
    });

    test('exit 1 for a model with errors or an unknown allocation, 2 for bad usage', async () => {
        const bad = file('bad.mlops', 'system broken\nserver s { cpu 4 }\n');
        const errors = await mlopsInProcess('simulate', bad);
        expect(errors.code).toBe(1);
        expect(errors.stderr).toMatch(/bad\.mlops:\d+:\d+: error/);
        expect(errors.stderr).not.toMatch(/\n\s+at /);
        const unknown = await mlopsInProcess('simulate', good, '--allocation', 'nope');
        expect(unknown.code).toBe(1);
        expect(unknown.stderr).toMatch(/no allocation named 'nope' \(known: first-fit, a, other\)/);
        expect((await mlopsInProcess('simulate', good, '--horizon', 'soon')).code).toBe(2);
        expect((await mlopsInProcess('simulate', good, '--horizon', '1h', '--warmup', '2h')).code).toBe(2);
        expect((await mlopsInProcess('simulate', good, '--replications', '0')).code).toBe(2);
        expect((await mlopsInProcess('simulate', good, '--frobnicate')).code).toBe(2);
        expect((await mlopsInProcess('simulate', join(dir, 'missing.mlops'))).code).toBe(2);
    });
});
