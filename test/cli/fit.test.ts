/** `mlops fit` on the command line: the line to paste, errors with file, line and field. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { parseModel } from '../../src/language/load.js';
import { distributionQuantile, scaleDistribution } from '../../src/model/distributions.js';
import { runCli } from './helpers.js';
import { drawSamples } from '../platform/sampling-helper.js';

const dir = mkdtempSync(join(tmpdir(), 'mlops-fit-'));

/** The `cpu ...` line printed, as the work of a step of a model the project's loader accepts. */
async function pastedWork(out: string) {
    const line = /^\s+(cpu .*)$/m.exec(out)?.[1];
    expect(line, out).toBeDefined();
    const model = await parseModel(`system s\nserver n { cpu 32 GHz ram 1 GB price 0 USD/h }\ncomponent c {}\nstep st { runs on c ${line} }\n`
        + 'process p { steps st every exponential(mean 1 s) }\nallocation a { c on n x 1 }\n');
    return model.steps[0].cpuWorkGHzSeconds!;
}

test('percentiles: the pasted cpu line, at the given speed, reproduces each percentile within 5%', async () => {
    const r = await runCli(['fit', '--p50', '45.6ms', '--p95', '83.3ms', '--p99', '112.3ms', '--speed', '32GHz']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/best: \w+/);
    const work = await pastedWork(r.out);
    for (const [q, t] of [[0.5, 0.0456], [0.95, 0.0833], [0.99, 0.1123]]) {
        expect(Math.abs(distributionQuantile(scaleDistribution(work, 1 / 32), q) - t) / t).toBeLessThan(0.05);
    }
});

test('samples from a CSV column (in ms) and from JSON give the same fit; the best family is the sampled one', async () => {
    const samples = drawSamples({ kind: 'gamma', mean: 0.08, cv: 0.6 }, 5000, 11);
    writeFileSync(join(dir, 'samples.csv'), 'request,latency_ms\n' + samples.map((s, i) => `${i},${s * 1000}`).join('\n') + '\n');
    writeFileSync(join(dir, 'samples.json'), JSON.stringify({ seconds: samples }));
    const csv = await runCli(['fit', join(dir, 'samples.csv'), '--column', 'latency_ms', '--unit', 'ms', '--speed', '2.5GHz']);
    const json = await runCli(['fit', join(dir, 'samples.json'), '--speed', '2.5GHz']);
    expect(csv.code, csv.err).toBe(0);
    expect(json.code, json.err).toBe(0);
    expect(csv.out).toMatch(/best: gamma/);
    const a = await pastedWork(csv.out);
    const b = await pastedWork(json.out);
    expect(a).toEqual(b);
    expect(a.kind).toBe('gamma');
});

test('a bad CSV value names the file, the line, the column and the field; exit 2', async () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'id,seconds\n1,0.04\n2,oops\n');
    const r = await runCli(['fit', file]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${file}:3:3: error: seconds: expected a positive duration, got 'oops'`);
    expect(r.out).toBe('');
});

test('a bad JSON value names the file, the line and the field', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, '{\n  "samples": [\n    0.1,\n    -2\n  ]\n}\n');
    const r = await runCli(['fit', file]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${file}:4:5: error: samples[1]: expected a positive duration, got '-2'`);
});

test('--rate with --model takes the speed, the instances and the machines from the allocation', { timeout: 120_000 }, async () => {
    const model = join(dir, 'scoring.mlops');
    writeFileSync(model, 'system s\nserver cpu_node { cpu 32 GHz ram 64 GB price 1 USD/h count 4 }\ncomponent scorer {}\n'
        + 'step score { runs on scorer cpu 1 GHz*s }\nprocess scoring { steps score every exponential(mean 1 s) }\n'
        + 'allocation current { scorer on cpu_node x 2 }\n');
    const r = await runCli(['fit', '--p50', '45.6ms', '--p95', '83.3ms', '--p99', '112.3ms', '--rate', '872/min',
        '--model', model, '--step', 'score', '--family', 'lognormal']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('872 requests/min on 2 instance(s) over 2 machine(s) of 32 GHz');
    for (const m of r.out.matchAll(/simulated|\(([+-][0-9.]+)%\)/g)) {
        if (m[1] !== undefined) {
            expect(Math.abs(Number(m[1]))).toBeLessThan(5);
        }
    }
    expect((await pastedWork(r.out)).kind).toBe('lognormal');
});

test('usage errors: no input, both inputs, a bad rate', async () => {
    expect((await runCli(['fit'])).code).toBe(2);
    expect((await runCli(['fit', 'x.csv', '--p50', '1s'])).code).toBe(2);
    const r = await runCli(['fit', '--p50', '1s', '--p99', '3s', '--rate', 'fast', '--speed', '1GHz']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--rate: expected a positive rate/);
});
