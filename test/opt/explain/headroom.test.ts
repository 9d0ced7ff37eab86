/** Headroom (src/opt/explain/headroom.ts): the bisection against the M/M/1 closed form, and its edge cases. */
import { describe, expect, test } from 'vitest';
import { parseModel } from '../../../src/language/load.js';
import { headroom, scaledRates } from '../../../src/opt/explain/headroom.js';
import { settings, singleStation } from '../../sim/helpers.js';

describe('headroom', () => {
    test('M/M/1: the factor matches the closed form (mu - ln(1 / (1 - target)) / d) / lambda', async () => {
        // mu = 2 (mean work 0.5 GHz*s on 1 GHz), lambda = 0.5, deadline 5 s: T is exponential with rate mu - f * lambda.
        const model = await parseModel(singleStation({ every: 'exponential(mean 2 s)', work: 'exponential(mean 0.5 GHz*s)', deadline: '5 s' }));
        const mu = 2, lambda = 0.5, d = 5, target = 0.99;
        const exact = (mu - Math.log(1 / (1 - target)) / d) / lambda; // 2.158
        const steps: number[] = [];
        const h = headroom(model, settings({ horizonSeconds: 100_000, warmupSeconds: 1000, replications: 2 }), model.allocations[0],
            { target, tolerance: 0.01, onStep: s => steps.push(s.factor) })!;
        expect(h.factor).toBeGreaterThan(1);
        expect(Math.abs(h.factor - exact) / exact).toBeLessThan(0.05);
        expect(h.upper / h.factor).toBeLessThanOrEqual(1.01);
        expect(h.limitedBy?.process).toBe('p');
        expect(h.limitedBy!.withinDeadline).toBeLessThan(target);
        // doubling up to the first miss (1, 2, 4), then bisection
        expect(steps.slice(0, 3)).toEqual([1, 2, 4]);
        expect(h.steps.length).toBe(steps.length);
    });

    test('an allocation that misses the target already has a factor below 1', async () => {
        const model = await parseModel(singleStation({ every: 'exponential(mean 2 s)', work: 'exponential(mean 0.5 GHz*s)', deadline: '1 s' }));
        // P(T > 1) = e^-(2 - 0.5) = 22%: the arrival rate must fall below (2 - ln 100) / 0.5 < 0 — no factor meets 99% within 1 s.
        const h = headroom(model, settings({ horizonSeconds: 20_000, warmupSeconds: 500, replications: 1 }), model.allocations[0], { maxFactor: 8 })!;
        expect(h.factor).toBe(0);
        expect(h.upper).toBe(1 / 8);
        expect(h.steps.map(s => s.factor)).toEqual([1, 0.5, 0.25, 0.125]);
    });

    test('no deadline: nothing can break', async () => {
        const model = await parseModel(singleStation({ every: 'exponential(mean 2 s)', work: 'exponential(mean 0.5 GHz*s)' }));
        expect(headroom(model, settings({ horizonSeconds: 1000, warmupSeconds: 0, replications: 1 }), model.allocations[0])).toBeNull();
    });

    test('scaling the rates divides every arrival distribution and leaves the rest', async () => {
        const model = await parseModel(singleStation({ every: 'exponential(mean 2 s)', work: 'exponential(mean 0.5 GHz*s)', deadline: '5 s' }));
        const scaled = scaledRates(model, 4);
        expect(scaled.processes[0].everySeconds).toEqual({ kind: 'exponential', mean: 0.5 });
        expect(scaled.steps).toBe(model.steps);
        expect(model.processes[0].everySeconds).toEqual({ kind: 'exponential', mean: 2 });
    });
});
