import { describe, expect, it } from 'vitest';
import { optimize, inlineEvaluator, simulationSettings } from '../../src/opt/index.js';
import { resolveSettings } from '../../src/model/settings.js';
import { createSimulator } from '../../src/sim/index.js';
import { OBJECTIVE_KEYS } from '../../src/model/types.js';
import { createSpace, genotypeKey, fromAllocation, canonicalize, toAllocation } from '../../src/opt/genotype.js';
import { nonDominated, normalizationOf, normalizedHypervolume } from '../../src/opt/pareto.js';
import { fromMatrix } from '../../src/model/allocation.js';
import { enumerateSpace } from './enumerate.js';
import { SMALL, model } from './models.js';

describe('optimizer against the enumerated space', () => {
    it('reaches 98% of the true front hypervolume evaluating at most 15% of the space', async () => {
        const m = await model(SMALL);
        const space = createSpace(m);
        const all = enumerateSpace(space);
        expect(all.length).toBeGreaterThanOrEqual(500);
        expect(all.length).toBeLessThanOrEqual(5000);

        // The true front, simulated with the same streams (same seed and settings) as the optimizer.
        const settings = resolveSettings(m, { evaluations: Math.floor(0.15 * all.length), generations: 1000 });
        const simulator = createSimulator(m, simulationSettings(settings));
        const truth = new Map<string, number[]>();
        for (const g of all) {
            const o = simulator.evaluate(toAllocation(space, g));
            truth.set(genotypeKey(g), OBJECTIVE_KEYS.map(k => o[k]));
        }
        const points = [...truth.values()];
        const trueFront = nonDominated(points).map(i => points[i]);
        const norm = normalizationOf(trueFront);
        const trueHypervolume = normalizedHypervolume(trueFront, norm);

        const result = await optimize(m, settings, {}, { evaluator: inlineEvaluator(simulator) });
        expect(result.evaluations).toBeLessThanOrEqual(0.15 * all.length);
        // Every front member is in the space, with the objectives the enumeration found for it.
        for (const s of result.front) {
            const key = genotypeKey(canonicalize(space, fromAllocation(space, fromMatrix(m, s.allocation))));
            expect(truth.get(key)).toEqual(OBJECTIVE_KEYS.map(k => s.objectives[k]));
        }
        const found = normalizedHypervolume(result.front.map(s => OBJECTIVE_KEYS.map(k => s.objectives[k])), norm);
        expect(found / trueHypervolume).toBeGreaterThanOrEqual(0.98);
    });
});
