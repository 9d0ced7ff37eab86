/** `mlops optimize` end to end: exit codes, JSON of cli.md, --write, --report, retail against first-fit. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { describe, expect, it, vi } from 'vitest';
import { registerOptimize } from '../../src/cli/optimize.js';
import { UsageError } from '../../src/cli/errors.js';
import { parseModel } from '../../src/language/load.js';
import { OBJECTIVE_KEYS } from '../../src/model/types.js';
import { CROWDED, GPU } from './models.js';

/** A child process without blocking this thread (vitest's own messages must keep flowing). */
function run(command: string, args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
    return new Promise(resolve => {
        const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', chunk => { stdout += String(chunk); });
        child.stderr.on('data', chunk => { stderr += String(chunk); });
        child.on('close', status => resolve({ status, stdout, stderr }));
    });
}

const dir = mkdtempSync(join(tmpdir(), 'mlops-opt-'));

function file(name: string, text: string): string {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
}

/** The command in this process, with main.ts's mapping of usage failures to exit code 2. */
async function mlops(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => { stdout += String(chunk); return true; });
    const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => { stderr += String(chunk); return true; });
    let code = 0;
    try {
        const program = new Command('mlops').exitOverride().configureOutput({ writeErr: text => { stderr += text; } });
        registerOptimize(program, c => { code = c; });
        await program.parseAsync(args, { from: 'user' });
    } catch (error) {
        if (error instanceof CommanderError || error instanceof UsageError) {
            code = 2;
            stderr += String(error);
        } else {
            throw error;
        }
    } finally {
        out.mockRestore();
        err.mockRestore();
    }
    return { code, stdout, stderr };
}

const quick = ['--population', '8', '--generations', '3', '--workers', '2'];

describe('mlops optimize', () => {
    it('exits 1 with a reason per component, before any search, when no valid allocation exists', async () => {
        const r = await mlops('optimize', file('crowded.mlops', CROWDED), '--json');
        expect(r.code).toBe(1);
        expect(r.stdout).toBe('');
        expect(r.stderr).toMatch(/no valid allocation exists/);
        expect(r.stderr).toMatch(/component a: /);
        expect(r.stderr).toMatch(/component b: /);
    });

    it('exits 1 and prints the diagnostics when the model has errors', async () => {
        const r = await mlops('optimize', file('broken.mlops', 'system broken\nserver s { cpu 4 }\n'));
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(/broken\.mlops:2:\d+: error /);
    });

    it('exits 2 on bad usage', async () => {
        const path = file('usage.mlops', GPU);
        expect((await mlops('optimize', path, '--population', 'many')).code).toBe(2);
        expect((await mlops('optimize', path, '--horizon', '-3h')).code).toBe(2);
        expect((await mlops('optimize', join(dir, 'missing.mlops'))).code).toBe(2);
    });

    it('prints the JSON of cli.md', async () => {
        const r = await mlops('optimize', file('json.mlops', GPU), ...quick, '--seed', '5', '--json');
        expect(r.code).toBe(0);
        const json = JSON.parse(r.stdout);
        expect(Object.keys(json).slice(0, 8)).toEqual(['seed', 'evaluations', 'wallSeconds', 'hypervolume', 'hypervolumeByGeneration', 'front', 'chosen', 'baselines']);
        expect(json.seed).toBe(5);
        expect(json.hypervolumeByGeneration).toHaveLength(4);
        expect(json.front.length).toBeGreaterThan(0);
        for (const s of json.front) {
            expect(Object.keys(s.allocation)).toEqual(['instances', 'permanent', 'limits']);
            expect(Object.keys(s.objectives)).toEqual(['time', 'variance', 'violations', 'cost']);
        }
        expect(json.chosen).toBeGreaterThanOrEqual(0);
        expect(json.baselines.map((b: { name: string }) => b.name)).toEqual(['first-fit', 'current']);
    });

    it('--write adds `allocation optimized`, keeps the rest byte for byte, and replaces it on the next run', async () => {
        const path = file('write.mlops', GPU);
        const first = await mlops('optimize', path, ...quick, '--write', '--json');
        expect(first.code).toBe(0);
        const written = readFileSync(path, 'utf8');
        const start = written.indexOf('allocation optimized {');
        expect(start).toBeGreaterThan(0);
        const end = written.indexOf('}', start) + 1;
        expect(written.slice(0, start) + written.slice(end)).toBe(GPU.replace('}\noptimize', '}\n\n\noptimize').replace(/(allocation current \{[^}]*\})\n/, '$1\n'));
        const model = await parseModel(written);
        const optimized = model.allocations.find(a => a.name === 'optimized')!;
        const json = JSON.parse(first.stdout);
        const chosen = json.front[json.chosen].allocation.instances;
        for (const p of optimized.placements) {
            expect(chosen[p.component][p.server]).toBe(p.instances);
        }
        // Second run, another seed: still one block of that name, the rest unchanged.
        expect((await mlops('optimize', path, ...quick, '--seed', '11', '--write', '--json')).code).toBe(0);
        const again = readFileSync(path, 'utf8');
        expect(again.split('allocation optimized {').length).toBe(2);
        expect(again.slice(0, start)).toBe(written.slice(0, start));
    });

    it('stops at --evaluations and says so', async () => {
        const r = await mlops('optimize', file('budget.mlops', GPU), '--population', '8', '--generations', '50', '--evaluations', '13', '--json');
        expect(r.code).toBe(0);
        const json = JSON.parse(r.stdout);
        expect(json.evaluations).toBe(13);
        expect(json.stoppedBy).toBe('evaluations');
        expect((await mlops('optimize', file('budget2.mlops', GPU), '--timeout', 'soon')).code).toBe(2);
    });

    it('prints the chosen allocation and the criteria against the baselines as a table', async () => {
        const r = await mlops('optimize', file('table.mlops', GPU), ...quick);
        expect(r.code).toBe(0);
        expect(r.stdout).toMatch(/allocation optimized \{\n(    \w+ +on \w+ x \d+( permanent)?\n)+\}/);
        expect(r.stdout).toMatch(/criterion +chosen +first-fit +current +vs first-fit +vs current/);
        for (const label of ['time (s)', 'variance (s^2)', 'violations (/h)', 'cost (EUR/h)']) {
            expect(r.stdout).toMatch(new RegExp(`^${label.replace(/[()^/]/g, c => `\\${c}`)} .*([-+]\\d+\\.\\d%|0%|worse)$`, 'm'));
        }
        // No bar redrawn in place when stderr is not a terminal: plain progress lines (issue 16).
        expect(r.stderr).not.toMatch(/\r/);
        expect(r.stderr).toMatch(/^\[\d+\.\d s\] generation \d+\/3 /m);
    });

    it('--report writes one self-contained HTML file with the result', async () => {
        const report = join(dir, 'report.html');
        const r = await mlops('optimize', file('report.mlops', GPU), ...quick, '--report', report);
        expect(r.code).toBe(0);
        const html = readFileSync(report, 'utf8');
        expect(html).toMatch(/^<!DOCTYPE html>/i);
        expect(html).toContain('"system":"gpu"');
    });

    it('on examples/retail.mlops the chosen allocation is no worse than first-fit anywhere and better on two criteria', { timeout: 400_000 }, async () => {
        // The command as users run it (tsx on the sources), with the file's own optimize settings.
        const r = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'optimize', 'examples/retail.mlops', '--json']);
        expect(r.status).toBe(0);
        const json = JSON.parse(r.stdout);
        const chosen = json.front[json.chosen].objectives;
        const firstFit = json.baselines.find((b: { name: string }) => b.name === 'first-fit').objectives;
        for (const k of OBJECTIVE_KEYS) {
            expect(chosen[k]).toBeLessThanOrEqual(firstFit[k]);
        }
        expect(OBJECTIVE_KEYS.filter(k => chosen[k] < firstFit[k]).length).toBeGreaterThanOrEqual(2);
    });
});
