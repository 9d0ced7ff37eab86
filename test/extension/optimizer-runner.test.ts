import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { parseModel } from '../../src/language/load.js';
import { resolveSettings } from '../../src/model/settings.js';
import type { Model } from '../../src/model/types.js';
import type { Progress } from '../../src/opt/api.js';
import { runOptimizer } from '../../src/extension/optimizer-runner.js';
import { buildRunner } from './build-runner.js';

let scripts: { runnerScript: string; workerScript: string };
let model: Model;

beforeAll(async () => {
    scripts = await buildRunner();
    model = await parseModel(readFileSync('examples/retail.mlops', 'utf8'));
}, 120_000);

describe('optimizer runner (the extension runs optimize() on a thread of its own)', () => {
    test('runs to the end, reporting progress with the hypervolume history', async () => {
        const settings = resolveSettings(model, { population: 8, generations: 3, replications: 1, horizonSeconds: 2 * 3600, warmupSeconds: 600, workers: 1 });
        const seen: Progress[] = [];
        let history: number[] = [];
        const handle = runOptimizer({ ...scripts, model, settings, onProgress: (p, h) => { seen.push(p); history = h; } });
        const result = await handle.result;
        expect(result.stoppedBy).toBe('generations');
        expect(result.front.length).toBeGreaterThan(0);
        expect(result.chosen).toBeLessThan(result.front.length);
        expect(seen.length).toBeGreaterThan(0);
        expect(seen[seen.length - 1].generation).toBe(3);
        expect(history).toHaveLength(4);
    });

    test('cancel stops the run and keeps the front found so far', async () => {
        const settings = resolveSettings(model, { population: 8, generations: 10_000, replications: 1, horizonSeconds: 2 * 3600, warmupSeconds: 600, workers: 1 });
        let cancelledAt = 0;
        const handle = runOptimizer({
            ...scripts, model, settings,
            onProgress: p => {
                if (p.generation >= 2 && cancelledAt === 0) {
                    cancelledAt = Date.now();
                    handle.cancel();
                }
            }
        });
        const result = await handle.result;
        expect(cancelledAt).toBeGreaterThan(0);
        expect(result.stoppedBy).toBe('cancelled');
        expect(result.front.length).toBeGreaterThan(0);
    });

    test('a thread that crashes ends the run with a clear message and the last front it reported', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'mlops-crash-'));
        const crasher = join(dir, 'crash.cjs');
        const front = [{ allocation: { instances: { a: { s: 1 } }, permanent: {}, limits: {} }, objectives: { time: 1, variance: 2, violations: 0, cost: 3 } }];
        writeFileSync(crasher, `const { parentPort } = require('node:worker_threads');
parentPort.postMessage({ type: 'progress', progress: { generation: 1, generations: 9, evaluations: 5, hypervolume: 0.4,
  best: { time: 1, variance: 2, violations: 0, cost: 3 }, front: ${JSON.stringify(front)} } });
setTimeout(() => { throw new Error('simulated crash'); }, 50);
`);
        const settings = resolveSettings(model, {});
        const handle = runOptimizer({ runnerScript: crasher, model, settings });
        const result = await handle.result;
        expect(result.stoppedBy).toBe('error');
        expect(result.warnings.join('\n')).toMatch(/crashed: simulated crash/);
        expect(result.front).toEqual(front);
        expect(result.evaluations).toBe(5);
        expect(result.hypervolumeByGeneration).toEqual([0, 0.4]);
        expect(result.components).toEqual(model.components.map(c => c.name));
    });
});
