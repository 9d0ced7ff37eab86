/**
 * The pure computations behind checks 3-10 (src/model/analysis.ts), on plain
 * models: expected values are worked out by hand in the comments.
 */
import { describe, expect, test } from 'vitest';
import {
    allocationProblems, componentFit, componentWorkRates, distributionLowerBound, overloadedByWork, processBestCase
} from '../../../src/model/analysis.js';
import type { Model } from '../../../src/model/types.js';

function base(): Model {
    return {
        system: 't', currency: 'EUR',
        servers: [
            { name: 'small', cpuGHz: 4, gpuTOPS: 0, ramMB: 8000, netInMbps: null, netOutMbps: null, pricePerSecond: 0, count: 2 },
            { name: 'gpu', cpuGHz: 8, gpuTOPS: 100, ramMB: 64000, netInMbps: null, netOutMbps: null, pricePerSecond: 0, count: 1 }
        ],
        components: [
            { name: 'web', idleCpuGHz: 1, idleRamMB: 1000, permanent: false, startupSeconds: 0 },
            { name: 'ml', idleCpuGHz: 0.5, idleRamMB: 2000, permanent: false, startupSeconds: 0 }
        ],
        steps: [
            { name: 'serve', component: 'web', cpuWorkGHzSeconds: { kind: 'exponential', mean: 2 }, gpuWorkTOPSSeconds: null, ramMB: 500, netInMbps: 0, netOutMbps: 0, threads: 1 },
            { name: 'fit', component: 'ml', cpuWorkGHzSeconds: { kind: 'constant', value: 16 }, gpuWorkTOPSSeconds: { kind: 'uniform', min: 400, max: 600 }, ramMB: 10000, netInMbps: 0, netOutMbps: 0, threads: 2 }
        ],
        processes: [
            { name: 'requests', steps: ['serve'], everySeconds: { kind: 'exponential', mean: 1 }, deadlineSeconds: 1, weightTime: 1, weightVariance: 1 },
            { name: 'train', steps: ['serve', 'fit'], everySeconds: { kind: 'constant', value: 100 }, deadlineSeconds: 10, weightTime: 1, weightVariance: 1 }
        ],
        allocations: [],
        optimize: {}
    };
}

describe('analysis', () => {
    test('fit: idle loads strictly below, idle RAM + step RAM at most the machine RAM', () => {
        const m = base();
        // ml's only step (fit) needs a GPU, so it never runs on small: its RAM does not count there.
        expect(componentFit(m, m.components[1]).map(f => f.reasons.length)).toEqual([0, 0]);
        // Without GPU work, fit runs anywhere: idle 2 GB + fit 10 GB = 12 GB > small's 8 GB; on gpu 12 <= 64.
        const cpuOnly = base();
        cpuOnly.steps[1].gpuWorkTOPSSeconds = null;
        expect(componentFit(cpuOnly, cpuOnly.components[1]).map(f => f.reasons.length)).toEqual([1, 0]);
        expect(componentFit(cpuOnly, cpuOnly.components[1])[0].reasons[0]).toBe('idle RAM 2 GB + RAM 10 GB of step fit exceeds 8 GB');
        const exact = { ...base(), components: [{ name: 'web', idleCpuGHz: 4, idleRamMB: 7500, permanent: false, startupSeconds: 0 }] };
        // idle CPU 4 is not below 4; idle 7.5 GB + serve 0.5 GB = 8 GB is allowed (at most).
        const reasons = componentFit(exact, exact.components[0])[0].reasons;
        expect(reasons).toHaveLength(1);
        expect(reasons[0]).toContain('idle CPU 4 GHz is not below 4 GHz');
    });

    test('lower bound of each distribution', () => {
        expect(distributionLowerBound({ kind: 'constant', value: 3 })).toBe(3);
        expect(distributionLowerBound({ kind: 'uniform', min: 2, max: 5 })).toBe(2);
        expect(distributionLowerBound({ kind: 'exponential', mean: 3 })).toBe(0);
        expect(distributionLowerBound({ kind: 'erlang', k: 4, mean: 3 })).toBe(0);
    });

    test('best case: lower-bound work split over threads on the fastest eligible machine, CPU and GPU in parallel', () => {
        const m = base();
        // serve: exponential, lower bound 0. fit: only on gpu (8 GHz, 100 TOPS), 2 parts:
        // CPU 16/2/8 = 1 s, GPU 400/2/100 = 2 s, the part ends when both end: 2 s.
        const best = processBestCase(m, m.processes[1]);
        expect(best.steps.map(s => [s.step, s.seconds])).toEqual([['serve', 0], ['fit', 2]]);
        expect(best.steps[1].server).toBe('gpu');
        expect(best.seconds).toBe(2);
    });

    test('work rates: mean work / mean time between runs, summed over processes', () => {
        const rates = componentWorkRates(base());
        // web: serve (mean 2 GHz*s) every 1 s and every 100 s: 2 + 0.02.
        expect(rates.get('web')!.cpuGHz).toBeCloseTo(2.02, 12);
        // ml: fit 16 GHz*s and 500 TOPS*s every 100 s.
        expect(rates.get('ml')!.cpuGHz).toBeCloseTo(0.16, 12);
        expect(rates.get('ml')!.gpuTOPS).toBeCloseTo(5, 12);
    });

    test('offered load: each machine counts once, however many instances it holds; work goes where there is room', () => {
        const m = base();
        const line = (component: string, server: string, instances: number) => ({ component, server, instances, permanent: false });
        expect(overloadedByWork(m, { name: 'a', limits: {}, placements: [line('web', 'small', 2), line('ml', 'gpu', 1)] })).toEqual([]);
        // serve 10 GHz*s every 1 s and every 100 s: 10.1 GHz against the two 4 GHz machines of small.
        m.steps[0].cpuWorkGHzSeconds = { kind: 'exponential', mean: 10 };
        const onSmall = overloadedByWork(m, { name: 'a', limits: {}, placements: [line('web', 'small', 4), line('ml', 'gpu', 1)] });
        expect(onSmall.map(l => [l.resource, l.components, l.machines, l.offered, l.capacity, l.placements])).toEqual([
            ['cpu', ['web'], [{ server: 'small', machine: 0 }, { server: 'small', machine: 1 }], 10.1, 8, [0]]
        ]);
        // One more instance on gpu (8 GHz, shared with ml's 0.16 GHz): 10.26 GHz against 16 GHz.
        expect(overloadedByWork(m, { name: 'a', limits: {}, placements: [line('web', 'small', 2), line('web', 'gpu', 1), line('ml', 'gpu', 1)] })).toEqual([]);
    });

    test('allocation problems: missing instance, idle overload per machine, GPU step off GPU, limit below 1', () => {
        const m = base();
        const problems = allocationProblems(m, {
            name: 'a', limits: { fit: 0 }, placements: [
                { component: 'ml', server: 'small', instances: 1, permanent: false },
                { component: 'ml', server: 'small', instances: 8, permanent: false }
            ]
        });
        const kinds = problems.map(p => p.kind).sort();
        expect(kinds).toEqual(['gpu-step-no-gpu-instance', 'limit-below-one', 'missing-instance', 'server-overloaded', 'server-overloaded']);
        // 9 instances over 2 machines: 5 and 4; idle RAM 10 GB and 8 GB, both not below 8 GB.
        const overloads = problems.flatMap(p => p.kind === 'server-overloaded' ? [p.overload] : []);
        expect(overloads.map(o => [o.machine, o.resource, o.used, o.capacity])).toEqual([[0, 'ram', 10000, 8000], [1, 'ram', 8000, 8000]]);
        expect(overloads[0].placements).toEqual([0, 1]);
    });
});
