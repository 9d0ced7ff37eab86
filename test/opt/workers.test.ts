import { describe, expect, it } from 'vitest';
import { optimize } from '../../src/opt/index.js';
import { resolveSettings } from '../../src/model/settings.js';
import { GPU, model } from './models.js';

describe('optimize on worker threads', () => {
    it('gives the same front with 1 and with 2 workers (real simulator)', async () => {
        const m = await model(GPU);
        const base = { generations: 4, population: 10, horizonSeconds: 1800, warmupSeconds: 300, replications: 2 };
        const one = await optimize(m, resolveSettings(m, { ...base, workers: 1 }));
        const two = await optimize(m, resolveSettings(m, { ...base, workers: 2 }));
        expect(one.warnings.filter(w => w.includes('calling thread'))).toEqual([]);
        expect(one.stoppedBy).toBe('generations');
        expect(one.front.length).toBeGreaterThan(0);
        expect(two.front.map(s => s.allocation)).toEqual(one.front.map(s => s.allocation));
        expect(two.front.map(s => s.objectives)).toEqual(one.front.map(s => s.objectives));
        expect(two.chosen).toBe(one.chosen);
        expect(two.baselines).toEqual(one.baselines);
        expect(two.evaluations).toBe(one.evaluations);
        // Details come from the simulator for every front member.
        expect(one.front.every(s => s.details && s.details.processes.length === 2)).toBe(true);
    });

    it('returns promptly on cancel without waiting for running evaluations', async () => {
        const m = await model(GPU);
        const controller = new AbortController();
        const started = Date.now();
        setTimeout(() => controller.abort(), 300);
        const result = await optimize(m, resolveSettings(m, { workers: 2 }), { signal: controller.signal },
            { workerScript: new URL('./workers/slow-worker.mjs', import.meta.url).pathname });
        expect(result.stoppedBy).toBe('cancelled');
        expect(Date.now() - started).toBeLessThan(20_000);
    });

    it('ends with a clear message when a worker runs out of memory', async () => {
        const m = await model(GPU);
        const result = await optimize(m, resolveSettings(m, { workers: 1, generations: 50, population: 6 }), {},
            { workerScript: new URL('./workers/oom-worker.mjs', import.meta.url).pathname, maxOldGenerationSizeMb: 16 });
        expect(result.stoppedBy).toBe('error');
        expect(result.warnings.join('\n')).toMatch(/out of memory/);
    });
});
