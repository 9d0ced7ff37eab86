/** `mlops simulate --explain` (cli.md): the table of where the time goes, and the JSON fields it adds. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, test, vi } from 'vitest';
import { registerSimulate } from '../../src/cli/simulate.js';

const dir = mkdtempSync(join(tmpdir(), 'mlops-explain-'));

async function simulate(...args: string[]): Promise<{ code: number; stdout: string }> {
    let stdout = '';
    const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => { stdout += String(chunk); return true; });
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    let code = 0;
    try {
        const program = new Command('mlops').exitOverride();
        registerSimulate(program, c => { code = c; });
        await program.parseAsync(['simulate', ...args], { from: 'user' });
    } finally {
        out.mockRestore();
        err.mockRestore();
    }
    return { code, stdout };
}

// Every run cold-starts the scorer (startup 2 s, keepalive 0): the bottleneck is its cold start.
const coldModel = `system cold
server node { cpu 4 GHz ram 8 GB price 1 EUR/h count 1 }
component scorer { startup 2 s }
step score { runs on scorer cpu constant(0.4 GHz*s) }
process scoring { steps score every constant(30 s) deadline 1 s }
allocation current { scorer on node x 1 }
allocation warm { scorer on node x 1 permanent }
optimize { horizon 1 h warmup 1 min replications 2 keepalive 0 s }
`;

describe('simulate --explain', () => {
    const path = join(dir, 'cold.mlops');
    writeFileSync(path, coldModel);

    test('the table names each part and the bottleneck', async () => {
        const { code, stdout } = await simulate(path, '--explain');
        expect(code).toBe(0);
        expect(stdout).toContain('where the time goes');
        expect(stdout).toMatch(/queue wait\s+RAM wait\s+cold start\s+service\s+CPU sharing\s+GPU sharing\s+network sharing\s+total\s+cold starts/);
        expect(stdout).toMatch(/score\s+scorer\s+0\s+0\s+2 s\s+100 ms\s+0\s+0\s+0\s+2\.1 s\s+100\.0%/);
        expect(stdout).toContain('bottleneck: step score (component scorer): cold start 2 s per run, 95% of the mean; on node, CPU');
    });

    test('--json --explain adds timeParts, steps and the bottlenecks; --json alone does not', async () => {
        const plain = JSON.parse((await simulate(path, '--json')).stdout);
        expect(plain.processes[0].timeParts).toBeUndefined();
        const json = JSON.parse((await simulate(path, '--json', '--explain')).stdout);
        const p = json.processes[0];
        expect(p.timeParts).toMatchObject({ queueWait: 0, ramWait: 0, coldStart: 2, cpuSharing: 0, gpuSharing: 0, networkSharing: 0, sharing: 0 });
        expect(p.timeParts.service).toBeCloseTo(0.1, 9);
        expect(p.steps[0]).toMatchObject({ step: 'score', component: 'scorer', resource: 'cpu', coldStartShare: 1, servers: [{ name: 'node', share: 1 }] });
        expect(json.bottlenecks).toHaveLength(1);
        const b = json.bottlenecks[0];
        expect(b).toMatchObject({ process: 'scoring', bottleneck: { step: 'score', part: 'coldStart', seconds: 2, server: 'node', resource: 'cpu' } });
        expect(b.bottleneck.share).toBeCloseTo(2 / 2.1, 12);
        expect(plain.bottlenecks).toBeUndefined();
    });

    test('against current: each change with what it did; the headroom', async () => {
        const { code, stdout } = await simulate(path, '--allocation', 'warm', '--explain');
        expect(code).toBe(0);
        expect(stdout).toContain('largest changes against current and what each did');
        expect(stdout).toContain('- scorer on node: made permanent');
        expect(stdout).toMatch(/scoring: p95 [\d.]+ ms \(without the change 2\.\d+ s\), over deadline 0\.0% \(without 100\.0%\)/);
        expect(stdout).toContain('headroom: at least x64 (the search stops there)');
        const current = await simulate(path, '--explain');
        expect(current.stdout).not.toContain('changes against');
        expect(current.stdout).toContain('headroom: none: even at x0.01563 of the arrival rates scoring (0.0% within its deadline');
        const json = JSON.parse((await simulate(path, '--allocation', 'warm', '--explain', '--json')).stdout);
        expect(json.changes.against).toBe('current');
        expect(json.changes.effects[0]).toMatchObject({ change: { kind: 'permanent', component: 'scorer', server: 'node', permanent: true },
            processes: [{ process: 'scoring', deadline: 1, with: { overShare: 0 }, without: { overShare: 1 } }] });
        expect(json.headroom).toMatchObject({ target: 0.99, factor: 64, upper: null, limitedBy: null });
    });

    test('--analytic --explain says the estimate has no decomposition', async () => {
        const { code, stdout } = await simulate(path, '--analytic', '--explain');
        expect(code).toBe(0);
        expect(stdout).toContain('scoring: no decomposition (an estimate)');
    });
});
