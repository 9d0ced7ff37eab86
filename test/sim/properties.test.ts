/**
 * Properties over random models and allocations (fast-check): the simulator
 * ends within its budget, reports finite numbers in range, or rejects the
 * allocation with a SimulationInputError; never another exception or a hang.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { AllocationDef, Distribution, Model } from '../../src/model/types.js';
import { createSimulator, SimulationInputError } from '../../src/sim/index.js';

const distribution = (scale: number): fc.Arbitrary<Distribution> => fc.oneof(
    fc.record({ kind: fc.constant('constant' as const), value: fc.double({ min: 0, max: scale, noNaN: true }) }),
    fc.record({ kind: fc.constant('exponential' as const), mean: fc.double({ min: scale / 100, max: scale, noNaN: true }) }),
    fc.record({ kind: fc.constant('uniform' as const), min: fc.constant(0), max: fc.double({ min: scale / 100, max: scale, noNaN: true }) }),
    fc.record({ kind: fc.constant('normal' as const), mean: fc.double({ min: -scale, max: scale, noNaN: true }), sd: fc.double({ min: 0, max: scale, noNaN: true }) }),
    fc.record({ kind: fc.constant('lognormal' as const), mean: fc.double({ min: scale / 100, max: scale, noNaN: true }), cv: fc.double({ min: 0, max: 3, noNaN: true }) }),
    fc.record({ kind: fc.constant('gamma' as const), mean: fc.double({ min: scale / 100, max: scale, noNaN: true }), cv: fc.double({ min: 0, max: 3, noNaN: true }) }),
    fc.record({ kind: fc.constant('erlang' as const), k: fc.integer({ min: 1, max: 30 }), mean: fc.double({ min: scale / 100, max: scale, noNaN: true }) })
);

const scenario = fc.record({
    servers: fc.array(fc.record({
        cpu: fc.double({ min: 1, max: 32, noNaN: true }), gpu: fc.constantFrom(0, 0, 100),
        ram: fc.integer({ min: 1000, max: 64000 }), net: fc.option(fc.integer({ min: 10, max: 10000 })),
        price: fc.double({ min: 0, max: 0.01, noNaN: true }), count: fc.integer({ min: 1, max: 4 })
    }), { minLength: 1, maxLength: 3 }),
    components: fc.array(fc.record({
        idleRam: fc.integer({ min: 0, max: 2000 }), startup: fc.constantFrom(0, 0, 1, 30), permanent: fc.boolean()
    }), { minLength: 1, maxLength: 3 }),
    steps: fc.array(fc.record({
        component: fc.nat(), cpu: distribution(20), gpu: fc.option(distribution(200)),
        ram: fc.integer({ min: 0, max: 4000 }), netIn: fc.constantFrom(0, 100, 5000), threads: fc.integer({ min: 1, max: 4 })
    }), { minLength: 1, maxLength: 4 }),
    processes: fc.array(fc.record({
        steps: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), every: distribution(30), deadline: fc.option(fc.double({ min: 0.1, max: 100, noNaN: true }))
    }), { minLength: 1, maxLength: 3 }),
    placements: fc.array(fc.record({ component: fc.nat(), server: fc.nat(), instances: fc.integer({ min: 1, max: 6 }), permanent: fc.boolean() }), { minLength: 1, maxLength: 6 }),
    keepalive: fc.constantFrom(0, 5),
    seed: fc.nat()
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function build(s: Scenario): { model: Model; allocation: AllocationDef } {
    const model: Model = {
        system: 'random', currency: 'EUR',
        servers: s.servers.map((x, i) => ({
            name: `s${i}`, cpuGHz: x.cpu, gpuTOPS: x.gpu, ramMB: x.ram, netInMbps: x.net, netOutMbps: x.net, pricePerSecond: x.price, count: x.count
        })),
        components: s.components.map((x, i) => ({ name: `c${i}`, idleCpuGHz: 0.1, idleRamMB: x.idleRam, permanent: x.permanent, startupSeconds: x.startup })),
        steps: s.steps.map((x, i) => ({
            name: `t${i}`, component: `c${x.component % s.components.length}`, cpuWorkGHzSeconds: x.cpu, gpuWorkTOPSSeconds: x.gpu,
            ramMB: x.ram, netInMbps: x.netIn, netOutMbps: 0, threads: x.threads
        })),
        processes: s.processes.map((x, i) => ({
            name: `p${i}`, steps: x.steps.map(k => `t${k % s.steps.length}`), everySeconds: x.every, deadlineSeconds: x.deadline,
            weightTime: 1, weightVariance: 1
        })),
        allocations: [], optimize: {}
    };
    const allocation: AllocationDef = {
        name: 'random',
        // One instance of every component first (on the GPU kind when there is one), then the random lines.
        placements: [
            ...s.components.map((_, i) => ({ component: `c${i}`, server: `s${Math.max(0, s.servers.findIndex(x => x.gpu > 0))}`, instances: 1, permanent: false })),
            ...s.placements.map(p => ({
                component: `c${p.component % s.components.length}`, server: `s${p.server % s.servers.length}`, instances: p.instances, permanent: p.permanent
            }))
        ],
        limits: {}
    };
    return { model, allocation };
}

describe('random models', () => {
    test('end within the budget with finite results, or are rejected with a reason', () => {
        let simulated = 0;
        fc.assert(fc.property(scenario, s => {
            const { model, allocation } = build(s);
            const maxEvents = 20_000;
            const sim = createSimulator(model, {
                horizonSeconds: 600, warmupSeconds: 60, replications: 2, seed: s.seed, keepaliveSeconds: s.keepalive, maxEvents, maxRunsInSystem: 5000
            });
            let result;
            try {
                result = sim.simulate(allocation);
            } catch (error) {
                expect(error).toBeInstanceOf(SimulationInputError);
                expect((error as Error).message.length).toBeGreaterThan(10);
                return;
            }
            simulated++;
            expect(result.events).toBeLessThanOrEqual(2 * maxEvents);
            for (const value of Object.values(result.objectives)) {
                expect(Number.isFinite(value) && value >= 0).toBe(true);
            }
            for (const server of result.servers) {
                for (const u of [server.cpuUtilization, server.gpuUtilization, server.ramUtilization]) {
                    expect(u).toBeGreaterThanOrEqual(0);
                    expect(u).toBeLessThanOrEqual(1 + 1e-9);
                }
            }
            for (const p of result.processes) {
                expect(p.violations).toBeLessThanOrEqual(p.runs);
                expect(p.p50).toBeLessThanOrEqual(p.p99 + 1e-12);
                expect(Number.isFinite(p.mean) && Number.isFinite(p.variance)).toBe(true);
            }
            expect(sim.evaluate(allocation)).toEqual(result.objectives);
        }), { numRuns: 100, seed: 20261123 });
        // The generator must exercise the simulator, not only the input checks.
        expect(simulated).toBeGreaterThan(40);
    });
});
