/**
 * Scale guards (issue 7): the whole-model steps that run before any
 * simulation must stay near-linear in the size of the model, so that a
 * large model (bench/scale.ts) is validated and checked for feasibility in
 * seconds, not minutes.
 */
import { describe, expect, test } from 'vitest';
import { parseModel } from '../../src/language/load.js';
import { checkFeasible } from '../../src/opt/index.js';
import { scaleModelText } from '../../bench/scale.js';

describe('scale', () => {
    test('checkFeasible on 300 server kinds x 1200 components (2400 steps) takes seconds', async () => {
        const model = await parseModel(scaleModelText(300, 1200));
        expect(model.components.length).toBe(1200);
        const started = performance.now();
        const report = checkFeasible(model);
        const seconds = (performance.now() - started) / 1000;
        expect(report.feasible).toBe(true);
        // Before the fix: the steps of a component were filtered once per (component, server kind) pair,
        // 300 x 1200 x 2400 = 864 million comparisons (minutes on the shared CI machine).
        expect(seconds).toBeLessThan(15);
    }, 180_000);
});
