/**
 * The simulator called directly with models the language would reject (the
 * API is public: the optimizer's workers and other tools call it): it must
 * not turn a part that cannot progress into a part that took no time, and
 * must reject settings that cannot be simulated with a named error.
 */
import { describe, expect, test } from 'vitest';
import { parseModel } from '../../src/language/load.js';
import type { Model } from '../../src/model/types.js';
import { createSimulator, SimulationInputError, type SimulationSettings } from '../../src/sim/index.js';
import { nonFinitePaths } from '../fuzz/invariants.js';
import { template } from './helpers.js';

const settings: SimulationSettings = { horizonSeconds: 3600, warmupSeconds: 300, replications: 2, seed: 1, keepaliveSeconds: 0, maxEvents: 100_000 };

async function baseModel(): Promise<Model> {
    return parseModel(template({ serverExtra: 'net in 1 Mbps out 1 Mbps', stepExtra: 'net in 1 Mbps' }));
}

describe('simulator guards (models built without the language)', () => {
    test('a network share that underflows to 0 does not finish the part at once', async () => {
        const model = await baseModel();
        // 1e-300 Mbps shared by a step asking 1e30 Mbps: the factor 1e-330 underflows to 0.
        model.servers[0].netInMbps = 1e-300;
        model.steps[0].netInMbps = 1e30;
        const result = createSimulator(model, settings).simulate(model.allocations[0]);
        expect(nonFinitePaths(result)).toEqual([]);
        const requests = result.processes[0];
        // No run can end: each one needs 1 GHz*s of CPU work at a rate of 0. Before the fix every run took 0 s.
        expect(requests.mean).toBeGreaterThan(1);
        expect(result.unfinishedRuns + result.warnings.length).toBeGreaterThan(0);
    });

    test('a tiny but non-zero network share still gives finite, positive times', async () => {
        const model = await baseModel();
        model.servers[0].netInMbps = 1e-6;
        model.steps[0].netInMbps = 1;
        const result = createSimulator(model, settings).simulate(model.allocations[0]);
        expect(nonFinitePaths(result)).toEqual([]);
        expect(result.processes[0].mean).toBeGreaterThan(1);
    });

    test('a keepalive longer than the horizon is not reported as runs draining after the horizon', async () => {
        const model = await baseModel();
        const result = createSimulator(model, { ...settings, keepaliveSeconds: 100 * 86400 }).simulate(model.allocations[0]);
        expect(nonFinitePaths(result)).toEqual([]);
        // The M/M/1 model at load 0.5 drains in seconds; idle instances waiting for their keepalive are not runs.
        expect(result.warnings.filter(w => /runs still in the system at the horizon/.test(w))).toEqual([]);
    });

    test('an overloaded allocation stopped by the event budget before the warmup does not get the ideal criteria (all 0)', async () => {
        // 10 GHz of CPU work per second arrives at a 2 GHz machine; the budget ends each replication after
        // about 50 s, long before the 1 h warmup. No run is counted, and all four criteria come out 0 (the
        // ideal point): the optimizer would take the overloaded allocation for a perfect one.
        const model = await parseModel(template({ every: 'exponential(mean 1 ms)', work: 'exponential(mean 0.01 GHz*s)', deadline: '1 ms' }));
        const result = createSimulator(model, { ...settings, horizonSeconds: 7200, warmupSeconds: 3600, maxEvents: 100_000 }).simulate(model.allocations[0]);
        expect(result.warnings.join('\n')).toMatch(/event budget/);
        expect(nonFinitePaths(result)).toEqual([]);
        expect(Object.values(result.objectives).some(v => v > 0), JSON.stringify(result.objectives)).toBe(true);
    });

    test.each([
        ['warmup equal to the horizon', { warmupSeconds: 3600 }],
        ['an infinite horizon', { horizonSeconds: Infinity }],
        ['a NaN warmup', { warmupSeconds: NaN }],
        ['zero replications', { replications: 0 }],
        ['a zero event budget', { maxEvents: 0 }]
    ] as const)('%s is a SimulationInputError, not NaN', async (_name, overrides) => {
        const model = await baseModel();
        expect(() => createSimulator(model, { ...settings, ...overrides })).toThrow(SimulationInputError);
    });
});
