/**
 * Property (issue 11 item 6, issue 12 item 1): every genotype the optimizer
 * considers valid is accepted by the simulator (spreading and its static
 * checks), over random valid models. Idle loads are multiples of 0.1 GHz so
 * that float sums of different instances often tie or nearly tie (0.9 vs
 * 0.8999999999999999), and some machines are fast (16, 64 GHz), so that
 * `capacity - sum` rounds two different sums to a tie: the case where the
 * optimizer's check and the simulator's spreading used to disagree.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { AllocationDef, Distribution, Model } from '../../src/model/types.js';
import { createSpace, emptyGenotype, toAllocation } from '../../src/opt/genotype.js';
import { isValid, repair } from '../../src/opt/repair.js';
import { randomGenotype } from '../../src/opt/operators.js';
import { Rng } from '../../src/opt/rng.js';
import { prepareModel } from '../../src/sim/prepared.js';
import { layoutAllocation } from '../../src/sim/layout.js';
import { findOverloads, spreadAllocation } from '../../src/model/spread.js';
import { checkFeasible, optimize } from '../../src/opt/index.js';
import { resolveSettings } from '../../src/model/settings.js';
import { recordingEvaluator } from './fake.js';
import { parseModel } from '../../src/language/load.js';
import { createProblem } from '../../src/opt/search/problem.js';
import { UniquePool } from '../../src/opt/search/initialization.js';
import { generateCloudBalance, toMlops } from '../../bench/cloud-balancing/generate.js';

const tenths = (min: number, max: number) => fc.integer({ min: min * 10, max: max * 10 }).map(n => n / 10);

const gpuWork: fc.Arbitrary<Distribution | null> = fc.oneof(
    fc.constant(null),
    fc.constant({ kind: 'constant', value: 0 } as Distribution),
    fc.constant({ kind: 'uniform', min: 0, max: 0 } as Distribution),
    tenths(0.1, 5).map(mean => ({ kind: 'exponential', mean }) as Distribution)
);

const modelArb: fc.Arbitrary<Model> = fc.record({
    servers: fc.array(fc.record({
        cpu: fc.oneof(tenths(0.5, 4), fc.constantFrom(16, 64)), gpu: fc.boolean(), ram: fc.integer({ min: 1, max: 8 }).map(x => x * 500), count: fc.integer({ min: 1, max: 5 })
    }), { minLength: 1, maxLength: 4 }),
    components: fc.array(fc.record({ cpu: tenths(0, 1.5), ram: fc.integer({ min: 0, max: 8 }).map(x => x * 100) }), { minLength: 1, maxLength: 6 }),
    steps: fc.array(fc.record({ component: fc.nat(), gpu: gpuWork, ram: fc.integer({ min: 0, max: 10 }).map(x => x * 100), threads: fc.integer({ min: 1, max: 3 }) }),
        { minLength: 1, maxLength: 8 })
}).map(r => {
    const C = r.components.length;
    const model: Model = {
        system: 'random', currency: null,
        servers: r.servers.map((s, i) => ({
            name: `s${i}`, cpuGHz: s.cpu, gpuTOPS: s.gpu ? 10 : 0, ramMB: s.ram, netInMbps: null, netOutMbps: null, pricePerSecond: 0.001, count: s.count
        })),
        components: r.components.map((c, i) => ({ name: `c${i}`, idleCpuGHz: c.cpu, idleRamMB: c.ram, permanent: false, startupSeconds: 0 })),
        steps: r.steps.map((s, i) => ({
            name: `t${i}`, component: `c${s.component % C}`, cpuWorkGHzSeconds: { kind: 'constant', value: 1 }, gpuWorkTOPSSeconds: s.gpu,
            ramMB: s.ram, netInMbps: 0, netOutMbps: 0, threads: s.threads
        })),
        processes: [],
        allocations: [],
        optimize: {}
    };
    model.processes = [{
        name: 'p', steps: model.steps.map(s => s.name), everySeconds: { kind: 'exponential', mean: 60 },
        deadlineSeconds: null, weightTime: 1, weightVariance: 1
    }];
    return model;
});

/**
 * Packing-like models (as cloud balancing, issue 11): permanent components,
 * idle CPU in tenths (float sums tie or nearly tie), kinds of one to three
 * machines whose total capacity is 5-60% above the total demand, prices that
 * differ. The packing pieces of src/opt/packing (randomized packings, local
 * search, price-aware repair with its FFD fallback) do most of the work here.
 */
const packingArb: fc.Arbitrary<Model> = fc.record({
    servers: fc.array(fc.record({
        weight: fc.integer({ min: 1, max: 10 }), ramWeight: fc.integer({ min: 1, max: 10 }), gpu: fc.boolean(),
        count: fc.constantFrom(1, 1, 1, 2, 3), price: fc.integer({ min: 1, max: 20 })
    }), { minLength: 4, maxLength: 12 }),
    slack: fc.integer({ min: 105, max: 160 }).map(x => x / 100),
    components: fc.array(fc.record({
        cpu: tenths(0.1, 2), ram: fc.integer({ min: 1, max: 30 }).map(x => x * 100), gpu: fc.boolean(), stepRam: fc.integer({ min: 0, max: 3 }).map(x => x * 100)
    }), { minLength: 8, maxLength: 30 })
}).map(r => {
    const cpuTotal = r.components.reduce((sum, c) => sum + c.cpu, 0) * r.slack;
    const ramTotal = r.components.reduce((sum, c) => sum + c.ram + c.stepRam, 0) * r.slack;
    const cpuWeights = r.servers.reduce((sum, s) => sum + s.weight * s.count, 0);
    const ramWeights = r.servers.reduce((sum, s) => sum + s.ramWeight * s.count, 0);
    const maxCpu = Math.max(...r.components.map(c => c.cpu));
    const maxRam = Math.max(...r.components.map(c => c.ram + c.stepRam));
    const model: Model = {
        system: 'packing', currency: null,
        servers: r.servers.map((s, i) => ({
            name: `s${i}`,
            cpuGHz: Math.max(maxCpu + 0.1, Math.round(10 * cpuTotal * s.weight / cpuWeights) / 10),
            gpuTOPS: s.gpu ? 10 : 0,
            ramMB: Math.max(maxRam + 100, Math.round(ramTotal * s.ramWeight / ramWeights / 100) * 100),
            netInMbps: null, netOutMbps: null, pricePerSecond: s.price / 3600, count: s.count
        })),
        components: r.components.map((c, i) => ({ name: `c${i}`, idleCpuGHz: c.cpu, idleRamMB: c.ram, permanent: true, startupSeconds: 0 })),
        steps: r.components.map((c, i) => ({
            name: `t${i}`, component: `c${i}`, cpuWorkGHzSeconds: { kind: 'constant', value: 1 },
            gpuWorkTOPSSeconds: c.gpu && i % 3 === 0 ? { kind: 'constant', value: 1 } as Distribution : null,
            ramMB: c.stepRam, netInMbps: 0, netOutMbps: 0, threads: 1
        })),
        processes: [],
        allocations: [],
        optimize: {}
    };
    model.processes = [{
        name: 'p', steps: model.steps.map(s => s.name), everySeconds: { kind: 'exponential', mean: 600 },
        deadlineSeconds: null, weightTime: 1, weightVariance: 1
    }];
    return model;
});

/** Every allocation in `allocations` is accepted by the simulator's checks (spreading, layout). */
function expectSimulable(model: Model, allocations: readonly AllocationDef[]): void {
    const prep = prepareModel(model);
    for (const allocation of allocations) {
        expect(findOverloads(model, spreadAllocation(model, allocation))).toEqual([]);
        expect(() => layoutAllocation(prep, allocation)).not.toThrow();
    }
}

describe('every genotype the optimizer finds valid is accepted by the simulator', () => {
    it('random and repaired genotypes of random models', () => {
        let valid = 0;
        fc.assert(fc.property(modelArb, fc.integer({ min: 1, max: 2 ** 31 - 1 }), (model, seed) => {
            const space = createSpace(model);
            const prep = prepareModel(model);
            const rng = new Rng(seed);
            for (let i = 0; i < 30; i++) {
                const raw = randomGenotype(space, rng);
                for (const g of [raw, repair(space, randomGenotype(space, rng), rng)]) {
                    if (!g || !isValid(space, g)) {
                        continue;
                    }
                    valid++;
                    const allocation = toAllocation(space, g);
                    expect(findOverloads(model, spreadAllocation(model, allocation))).toEqual([]);
                    expect(() => layoutAllocation(prep, allocation)).not.toThrow();
                }
            }
        }), { numRuns: 150, seed: 20261206 });
        // The property must have been exercised, not vacuously true.
        expect(valid).toBeGreaterThan(500);
    });

    it('one fast kind, many small components: near-tied idle CPU sums decide where the RAM goes', () => {
        const denseArb = fc.record({
            cpu: fc.constantFrom(16, 64), count: fc.integer({ min: 2, max: 3 }), ram: fc.integer({ min: 8, max: 20 }).map(x => x * 100),
            components: fc.array(fc.record({ cpu: tenths(0.1, 1), ram: fc.integer({ min: 0, max: 6 }).map(x => x * 100), n: fc.integer({ min: 0, max: 2 }) }),
                { minLength: 4, maxLength: 10 })
        });
        let valid = 0;
        fc.assert(fc.property(denseArb, r => {
            const model: Model = {
                system: 'dense', currency: null,
                servers: [{ name: 'k', cpuGHz: r.cpu, gpuTOPS: 0, ramMB: r.ram, netInMbps: null, netOutMbps: null, pricePerSecond: 0, count: r.count }],
                components: r.components.map((c, i) => ({ name: `c${i}`, idleCpuGHz: c.cpu, idleRamMB: c.ram, permanent: false, startupSeconds: 0 })),
                steps: [], processes: [], allocations: [], optimize: {}
            };
            const space = createSpace(model);
            const g = emptyGenotype(space);
            r.components.forEach((c, i) => { g.inst[i] = Math.min(1 + c.n, space.cellMax[i]); });
            if (isValid(space, g)) {
                valid++;
                expect(() => layoutAllocation(prepareModel(model), toAllocation(space, g))).not.toThrow();
            }
        }), { numRuns: 4000, seed: 7 });
        expect(valid).toBeGreaterThan(400);
    });

    it('every allocation a whole optimizer run evaluates (seeds, packing, moves, repair) is accepted by the simulator', async () => {
        let runs = 0;
        await fc.assert(fc.asyncProperty(modelArb, async model => {
            if (!checkFeasible(model).feasible) {
                return;
            }
            runs++;
            const evaluator = recordingEvaluator(model);
            const result = await optimize(model, resolveSettings(model, { generations: 3, population: 8, seed: 5 }), {}, { evaluator });
            expect(result.stoppedBy).not.toBe('error');
            const prep = prepareModel(model);
            for (const allocation of evaluator.evaluated) {
                expect(() => layoutAllocation(prep, allocation)).not.toThrow();
            }
        }), { numRuns: 25, seed: 11 });
        expect(runs).toBeGreaterThan(10);
    });

    it('packing-like models: every allocation a run evaluates, and every randomized packing of the initial population, is accepted', async () => {
        let runs = 0;
        let evaluated = 0;
        await fc.assert(fc.asyncProperty(packingArb, fc.integer({ min: 1, max: 1000 }), async (model, seed) => {
            if (!checkFeasible(model).feasible) {
                return;
            }
            runs++;
            const evaluator = recordingEvaluator(model);
            const result = await optimize(model, resolveSettings(model, { generations: 3, population: 8, seed }), {}, { evaluator });
            expect(result.stoppedBy).not.toBe('error');
            expect(result.front.length).toBeGreaterThan(0);
            expectSimulable(model, evaluator.evaluated);
            evaluated += evaluator.evaluated.length;
            // Randomized packings are what the population is made of where random genotypes are hopeless (rare at this size).
            const space = createSpace(model);
            const pool = new UniquePool(createProblem(space), new Rng(seed));
            pool.fillPacking(6);
            expect(pool.genotypes.length).toBeGreaterThan(0);
            expectSimulable(model, pool.genotypes.map(g => toAllocation(space, g)));
        }), { numRuns: 30, seed: 2026 });
        expect(runs).toBeGreaterThan(15);
        expect(evaluated).toBeGreaterThan(runs * 8);
    }, 300_000);

    it('a cloud-balancing instance where random genotypes are hopeless: every allocation evaluated is accepted', async () => {
        // 30 computers x 90 processes, generator seed 47 (test/opt/initialization.test.ts): the population is randomized packings.
        const model = await parseModel(toMlops(generateCloudBalance(30, 90, 47)));
        for (const seed of [1, 2]) {
            const evaluator = recordingEvaluator(model);
            const result = await optimize(model, resolveSettings(model, { generations: 3, population: 12, seed }), {}, { evaluator });
            expect(result.stoppedBy).not.toBe('error');
            expect(evaluator.evaluated.length).toBeGreaterThan(12);
            expectSimulable(model, evaluator.evaluated);
        }
    }, 300_000);
});
