/**
 * The analytic evaluator reuses its arrays from one allocation to the next
 * (src/sim/analytic/network.ts): an estimate must not depend on what was
 * estimated before it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseModel } from '../../../src/language/load.js';
import { resolveSettings } from '../../../src/model/settings.js';
import type { Model } from '../../../src/model/types.js';
import { createSpace, toAllocation } from '../../../src/opt/genotype.js';
import { randomGenotype } from '../../../src/opt/operators.js';
import { repair } from '../../../src/opt/repair.js';
import { Rng } from '../../../src/opt/rng.js';
import { createAnalyticEvaluator } from '../../../src/sim/index.js';
import { gpuTightModelText } from '../../../bench/models.js';

function randomAllocations(model: Model, count: number) {
    const space = createSpace(model);
    const rng = new Rng(17);
    const out = [];
    for (let i = 0; out.length < count && i < count * 50; i++) {
        const g = repair(space, randomGenotype(space, rng), rng);
        if (g) { out.push(toAllocation(space, g, `random${out.length}`)); }
    }
    return out;
}

describe('analytic evaluator reuse', () => {
    it.each([
        ['retail', () => readFileSync('examples/retail.mlops', 'utf8')],
        ['GPU-tight (GPU and non-GPU steps on one component, on-demand instances)', gpuTightModelText]
    ])('%s: one evaluator for many allocations gives what a fresh one gives for each', async (_, text) => {
        const model = await parseModel(text());
        const settings = resolveSettings(model);
        const allocations = randomAllocations(model, 25);
        expect(allocations.length).toBe(25);
        const shared = createAnalyticEvaluator(model, settings);
        // Forward, then backward: every allocation follows a different one the second time.
        const forward = allocations.map(a => shared.estimate(a));
        const backward = [...allocations].reverse().map(a => shared.evaluate(a)).reverse();
        allocations.forEach((a, i) => {
            const fresh = createAnalyticEvaluator(model, settings).estimate(a);
            expect({ ...forward[i], wallSeconds: 0 }).toEqual({ ...fresh, wallSeconds: 0 });
            expect(backward[i]).toEqual(fresh.objectives);
        });
    });
});
