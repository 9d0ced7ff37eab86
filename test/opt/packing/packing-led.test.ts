import { describe, expect, it } from 'vitest';
import { parseModel } from '../../../src/language/load.js';
import { resolveSettings } from '../../../src/model/settings.js';
import type { Model } from '../../../src/model/types.js';
import { fromMatrix } from '../../../src/model/allocation.js';
import { createSpace, fromAllocation } from '../../../src/opt/genotype.js';
import { optimize } from '../../../src/opt/index.js';
import { constructPacking } from '../../../src/opt/packing/construct.js';
import { isPackingLike, packingProblem, staticCost } from '../../../src/opt/packing/index.js';
import { Annealer } from '../../../src/opt/packing/local-search.js';
import { isValid } from '../../../src/opt/repair.js';
import { Rng } from '../../../src/opt/rng.js';
import { generateCloudBalance, toMlops } from '../../../bench/cloud-balancing/generate.js';
import { bruteForce, tinyModel } from './tiny.js';

const WITH_PROCESS = (m: Model): Model => ({
    ...m,
    steps: [{ name: 't', component: m.components[0].name, cpuWorkGHzSeconds: { kind: 'constant', value: 1 }, gpuWorkTOPSSeconds: null, ramMB: 0, netInMbps: 0, netOutMbps: 0, threads: 1 }],
    processes: [{ name: 'p', steps: ['t'], everySeconds: { kind: 'exponential', mean: 60 }, deadlineSeconds: null, weightTime: 1, weightVariance: 1 }]
});

describe('packing-like models', () => {
    it('are those whose components are all permanent and that have no process', () => {
        const m = tinyModel(3, { kinds: 4, components: 6 });
        expect(isPackingLike(createSpace(m))).toBe(true);
        expect(isPackingLike(createSpace(WITH_PROCESS(m)))).toBe(false);
        const onDemand = { ...m, components: m.components.map((c, i) => ({ ...c, permanent: i !== 2 })) };
        expect(isPackingLike(createSpace(onDemand))).toBe(false);
    });
});

describe('the annealer', () => {
    it('run in chunks makes the same moves as in one run', () => {
        const start = [5, 6, 7, 8, 9].map(seed => constructPacking(packingProblem(createSpace(tinyModel(seed, { kinds: 5, components: 8, maxCount: 2 })))))
            .find(s => s !== undefined)!;
        const whole = new Annealer(start, new Rng(9));
        whole.run(3000);
        const chunked = new Annealer(start, new Rng(9));
        for (let k = 0; k < 6; k++) {
            chunked.run(500);
        }
        expect(chunked.iterations).toBe(3000);
        expect(Array.from(chunked.state.itemKind)).toEqual(Array.from(whole.state.itemKind));
        expect(chunked.bestCost).toBe(whole.bestCost);
        expect(chunked.bestState().cost).toBe(chunked.bestCost);
    });
});

describe('optimize on a packing-like model (the packing-led search)', () => {
    it('reaches the brute-force optimum of tiny instances, with valid allocations only', async () => {
        let checked = 0;
        for (const seed of [1, 2, 4, 7, 11, 13]) {
            const m = tinyModel(seed, { kinds: 4, components: 6, maxCount: 2 });
            const space = createSpace(m);
            const optimum = bruteForce(space);
            if (!optimum) {
                continue;
            }
            checked++;
            const result = await optimize(m, resolveSettings(m, { generations: 30, workers: 1, replications: 1, horizonSeconds: 600, warmupSeconds: 60 }));
            expect(result.stoppedBy).toBe('generations');
            expect(result.generations).toBe(30);
            // One criterion varies: the front is the cheapest allocation, priced exactly by the simulator.
            expect(result.front).toHaveLength(1);
            const best = result.front[0];
            const g = fromAllocation(space, fromMatrix(m, best.allocation));
            expect(isValid(space, g)).toBe(true);
            expect(best.objectives.cost).toBeCloseTo(staticCost(space, g), 6);
            expect(best.objectives.cost).toBeCloseTo(optimum.cost, 6);
            expect(best.objectives.time).toBe(0);
        }
        expect(checked).toBeGreaterThanOrEqual(4);
    }, 120_000);

    it('beats first-fit on a generated cloud-balancing instance, and the same seed gives the same result on 1 and 2 workers', async () => {
        const m = await parseModel(toMlops(generateCloudBalance(12, 36, 3)));
        const base = { generations: 40, replications: 1, horizonSeconds: 600, warmupSeconds: 60, seed: 7 };
        const one = await optimize(m, resolveSettings(m, { ...base, workers: 1 }));
        const two = await optimize(m, resolveSettings(m, { ...base, workers: 2 }));
        expect(one.stoppedBy).toBe('generations');
        expect(two.front.map(s => s.allocation)).toEqual(one.front.map(s => s.allocation));
        expect(two.front.map(s => s.objectives)).toEqual(one.front.map(s => s.objectives));
        expect(two.evaluations).toBe(one.evaluations);
        expect(two.hypervolumeByGeneration).toEqual(one.hypervolumeByGeneration);
        const firstFit = one.baselines.find(b => b.name === 'first-fit');
        expect(firstFit).toBeDefined();
        expect(one.front[0].objectives.cost).toBeLessThan(firstFit!.objectives.cost);
    }, 120_000);

    it('ends on an evaluation budget alone', async () => {
        const m = await parseModel(toMlops(generateCloudBalance(12, 36, 5)));
        const result = await optimize(m, resolveSettings(m, { evaluations: 25, workers: 1, replications: 1, horizonSeconds: 600, warmupSeconds: 60 }));
        expect(result.stoppedBy).toBe('evaluations');
        expect(result.evaluations).toBeLessThanOrEqual(25);
        expect(result.evaluations).toBeGreaterThanOrEqual(20);
    }, 120_000);
});

describe('cancelling the packing-led search', () => {
    it('stops the annealer between chunks and returns what was found', async () => {
        const m = await parseModel(toMlops(generateCloudBalance(40, 120, 2)));
        const controller = new AbortController();
        const result = await optimize(m, resolveSettings(m, { workers: 1, replications: 1, horizonSeconds: 600, warmupSeconds: 60 }), {
            signal: controller.signal,
            // Cancel once the search is past its first front (the annealer is running).
            onProgress: p => { if (p.generation >= 3) { controller.abort(); } }
        });
        expect(result.stoppedBy).toBe('cancelled');
        expect(result.generations).toBeGreaterThanOrEqual(3);
    }, 120_000);
});

describe('the fill term of the annealer', () => {
    it('is off by default where every kind is one machine: on cloud-balancing instances the annealer then ends cheaper', async () => {
        let withoutTerm = 0;
        let withTerm = 0;
        for (const seed of [1, 2]) {
            const m = await parseModel(toMlops(generateCloudBalance(100, 300, seed)));
            const p = packingProblem(createSpace(m));
            const start = constructPacking(p)!;
            for (const [fillWeight, add] of [[undefined, (x: number) => { withoutTerm += x; }], [0.5, (x: number) => { withTerm += x; }]] as const) {
                const annealer = new Annealer(start, new Rng(seed), { fillWeight });
                annealer.run(300_000, Math.pow(annealer.t1 / annealer.t0, 1 / 300_000));
                add(annealer.bestCost);
            }
        }
        expect(withoutTerm).toBeLessThan(withTerm);
    }, 120_000);
});
