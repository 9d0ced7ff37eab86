/**
 * Issue 17's "must show": on a model where splitting a step costs
 * communication (test/fixtures/communication/split-cost.mlops: `fit` pays
 * 1 GHz*s per other part), the optimizer chooses a limit below the maximum
 * (threads 8), while `prepare`, which splits perfectly, keeps the 8
 * instances worth having.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseModel } from '../../src/language/load.js';
import { fromMatrix } from '../../src/model/allocation.js';
import { resolveSettings } from '../../src/model/settings.js';
import { inlineEvaluator, optimize, simulationSettings } from '../../src/opt/index.js';
import { createSimulator } from '../../src/sim/index.js';

const FIXTURE = 'test/fixtures/communication/split-cost.mlops';

describe('a split that costs communication', () => {
    it('simulated: fit is fastest at 4 parts (16 / k + (k - 1) s), slower with all 8', async () => {
        const m = await parseModel(readFileSync(FIXTURE, 'utf8'));
        const simulator = createSimulator(m, simulationSettings(resolveSettings(m)));
        const fitTime = (limit: number) => {
            const r = simulator.simulate({ name: `limit ${limit}`, placements: [{ component: 'worker', server: 'node', instances: 8, permanent: true }], limits: { fit: limit } });
            return r.processes[0].steps!.find(s => s.step === 'fit')!.service;
        };
        const times = [1, 2, 3, 4, 5, 6, 7, 8].map(fitTime);
        times.forEach((t, i) => expect(t).toBeCloseTo(16 / (i + 1) + i, 9));
        expect(times.indexOf(Math.min(...times))).toBe(3);
    });

    it('the optimizer chooses a limit below the maximum for fit, and beats placing all parts', async () => {
        const m = await parseModel(readFileSync(FIXTURE, 'utf8'));
        const settings = resolveSettings(m);
        const result = await optimize(m, settings, {}, { evaluator: inlineEvaluator(createSimulator(m, simulationSettings(settings))) });
        const chosen = result.front[result.chosen];
        const threads = m.steps.find(s => s.name === 'fit')!.threads;
        const limit = fromMatrix(m, chosen.allocation).limits.fit ?? threads;
        expect(limit).toBeLessThan(threads);
        expect(limit).toBeGreaterThanOrEqual(3);
        expect(limit).toBeLessThanOrEqual(5);
        // prepare splits perfectly: the chosen allocation keeps enough instances for it to use them.
        expect(chosen.allocation.instances.worker.node).toBeGreaterThanOrEqual(6);
        const allParts = result.baselines.find(b => b.name === 'all_parts')!;
        expect(chosen.objectives.time).toBeLessThan(allParts.objectives.time);
    });
});
