/**
 * Progress of long commands (issue 16): a bar on a terminal, plain lines or
 * JSON lines otherwise (`--progress`), nothing with `--quiet`; throttled so
 * a fast search does not flood a log, and the last state is not lost.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createProgress, JSON_INTERVAL_MS, PLAIN_INTERVAL_MS, progressMode } from '../../src/cli/progress.js';
import { runCli } from './helpers.js';

describe('the mode', () => {
    test('--quiet wins; else --progress; else a bar on a terminal and plain lines elsewhere', () => {
        expect(progressMode({}, true)).toBe('bar');
        expect(progressMode({}, false)).toBe('plain');
        expect(progressMode({ progress: 'json' }, true)).toBe('json');
        expect(progressMode({ progress: 'jsonl' }, false)).toBe('json');
        expect(progressMode({ progress: 'none' }, true)).toBe('none');
        expect(progressMode({ progress: 'bar' }, false)).toBe('bar');
        expect(progressMode({ quiet: true, progress: 'plain' }, true)).toBe('none');
        expect(() => progressMode({ progress: 'xml' }, false)).toThrow(/--progress: expected one of bar, plain, json, none, got 'xml'/);
    });
});

describe('the reporter', () => {
    function run(mode: 'bar' | 'plain' | 'json' | 'none', times: number[], phases: (string | undefined)[] = []) {
        let clock = 0;
        let written = '';
        const reporter = createProgress(mode, text => { written += text; }, () => clock);
        times.forEach((t, i) => {
            clock = t;
            reporter.update({ fraction: i / times.length, text: `step ${i}`, phase: phases[i], fields: { step: i, left: Number.POSITIVE_INFINITY } });
        });
        clock = times.at(-1)! + 1;
        reporter.done();
        return written;
    }

    test('plain: the first line at once, then at most one per interval, the held-back last one at the end', () => {
        const out = run('plain', [0, 1000, 2000, PLAIN_INTERVAL_MS + 100, PLAIN_INTERVAL_MS + 200]);
        expect(out).toBe(`[0.0 s] step 0\n[5.1 s] step 3\n[5.2 s] step 4\n`);
    });

    test('plain: a new phase is written at once', () => {
        expect(run('plain', [0, 100, 200], [undefined, 'details', 'details'])).toBe('[0.0 s] step 0\n[0.1 s] step 1\n[0.2 s] step 2\n');
    });

    test('json: one object per line, non-finite numbers as null, one per second', () => {
        const lines = run('json', [0, 500, JSON_INTERVAL_MS, JSON_INTERVAL_MS + 10]).trim().split('\n').map(l => JSON.parse(l) as Record<string, unknown>);
        expect(lines).toEqual([
            { type: 'progress', elapsedSeconds: 0, step: 0, left: null },
            { type: 'progress', elapsedSeconds: 1, step: 2, left: null },
            { type: 'progress', elapsedSeconds: 1, step: 3, left: null }
        ]);
    });

    test('bar: redrawn in place and cleared at the end; none: nothing', () => {
        const bar = run('bar', [0, 1]);
        expect(bar.startsWith('\r[')).toBe(true);
        expect(bar.split('\r').length).toBe(4);
        expect(bar.endsWith('\r\x1b[K')).toBe(true);
        expect(run('none', [0, 1, 2])).toBe('');
    });
});

describe('the commands', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlops-progress-'));
    const model = join(dir, 'mm1.mlops');
    writeFileSync(model, `system mm1
server s { cpu 1 GHz ram 1 GB price 1 USD/h count 2 }
component c {}
step work { runs on c cpu exponential(mean 0.5 GHz*s) }
process p { steps work every exponential(mean 1 s) deadline 3 s }
allocation current { c on s x 1 permanent }
optimize { horizon 20 min warmup 1 min replications 3 seed 5 }
`);
    const quick = ['--population', '4', '--generations', '2', '--workers', '1', '--json'];

    test('optimize --progress json: JSON lines on stderr, the result alone on stdout', async () => {
        const r = await runCli(['optimize', model, ...quick, '--progress', 'json']);
        expect(r.code, r.err).toBe(0);
        const lines = r.err.trim().split('\n').filter(l => l.startsWith('{')).map(l => JSON.parse(l) as { type: string; phase: string; generation: number; generations: number | null; evaluations: number });
        expect(lines.length).toBeGreaterThan(0);
        expect(lines.every(l => l.type === 'progress' && typeof l.evaluations === 'number')).toBe(true);
        expect(lines[0].phase).toBe('search');
        expect(lines.some(l => l.generations === 2)).toBe(true);
        expect(JSON.parse(r.out)).toHaveProperty('front');
    });

    test('optimize: plain lines when stderr is not a terminal; --quiet and --progress none: no progress', async () => {
        const plain = await runCli(['optimize', model, ...quick]);
        // The search's brief first simulations are named when it uses them (the analytic screen's fidelity).
        expect(plain.err).toMatch(/^\[\d+\.\d s\] generation \d+\/2( \(brief simulations\))? {2}evaluations \d+/m);
        expect(plain.err).not.toMatch(/\r/);
        for (const flag of [['--quiet'], ['--progress', 'none']]) {
            const r = await runCli(['optimize', model, ...quick, ...flag]);
            expect(r.code).toBe(0);
            expect(r.err).not.toMatch(/generation|"type":"progress"/);
        }
        expect((await runCli(['optimize', model, '--progress', 'loud'])).code).toBe(2);
    });

    test('compare --progress json: one line per replication at most, the last replication included', async () => {
        const observed = join(dir, 'obs.json');
        writeFileSync(observed, JSON.stringify({ processes: { p: { p50: '700ms' } } }));
        const r = await runCli(['compare', model, '--observed', observed, '--progress', 'json']);
        expect(r.code, r.err).toBe(0);
        const lines = r.err.trim().split('\n').filter(l => l.startsWith('{')).map(l => JSON.parse(l) as { replication: number; replications: number });
        expect(lines[0]).toMatchObject({ replication: 1, replications: 3 });
        expect(lines.at(-1)).toMatchObject({ replication: 3, replications: 3 });
        const quiet = await runCli(['compare', model, '--observed', observed, '--quiet']);
        expect(quiet.err).not.toMatch(/replication \d/);
    });
});
