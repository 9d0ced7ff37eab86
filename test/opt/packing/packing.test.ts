import { describe, expect, it } from 'vitest';
import { createSpace, emptyGenotype, fromAllocation, totalInstances, type Genotype, type Space } from '../../../src/opt/genotype.js';
import { isValid, kindFits } from '../../../src/opt/repair.js';
import { Rng } from '../../../src/opt/rng.js';
import { constructPacking, greedyPacking, onePerComponent } from '../../../src/opt/packing/construct.js';
import { stateFromGenotype, stateToGenotype } from '../../../src/opt/packing/convert.js';
import { improvePacking, packingProblem, packingSeeds, repairPacking, staticCost } from '../../../src/opt/packing/index.js';
import { localSearch } from '../../../src/opt/packing/local-search.js';
import { PackingState } from '../../../src/opt/packing/state.js';
import { bruteForce, tinyModel, tinySpace, type TinyOptions } from './tiny.js';

const VARIANTS: TinyOptions[] = [
    { kinds: 4, components: 6 },
    { kinds: 3, components: 6, maxCount: 3 },
    { kinds: 4, components: 5, gpu: true, stepRam: true },
    { kinds: 4, components: 6, fractional: true }
];

/** Cost recomputed from the genotype alone: price x machines used, machines used = min(count, instances). */
function costFromScratch(space: Space, g: Genotype): number {
    let cost = 0;
    space.model.servers.forEach((server, s) => {
        let n = 0;
        for (let c = 0; c < space.C; c++) {
            n += g.inst[c * space.S + s];
        }
        cost += server.pricePerSecond * 3600 * Math.min(server.count, n);
    });
    return cost;
}

describe('packing state: delta evaluation', () => {
    it('moveDelta and fits agree with the full evaluation after every random move', () => {
        for (let seed = 1; seed <= 30; seed++) {
            const variant = VARIANTS[seed % VARIANTS.length];
            const space = tinySpace(seed, variant);
            const p = packingProblem(space);
            const state = constructPacking(p);
            if (!state) {
                continue;
            }
            const rng = new Rng(seed);
            for (let step = 0; step < 200; step++) {
                const i = rng.int(state.N);
                const to = rng.int(space.S);
                const before = stateToGenotype(state);
                const delta = state.moveDelta(i, to);
                const fits = state.fits(to, i);
                const from = state.itemKind[i];
                state.move(i, to);
                const after = stateToGenotype(state);
                expect(costFromScratch(space, after) - costFromScratch(space, before)).toBeCloseTo(delta, 9);
                expect(state.cost).toBeCloseTo(costFromScratch(space, after), 9);
                // fits() is the exact rule on the receiving kind (cell bound included).
                const exact = kindFits(space, after, to) && after.inst[state.itemComp[i] * space.S + to] <= space.cellMax[state.itemComp[i] * space.S + to];
                if (from !== to) {
                    expect(fits).toBe(exact);
                }
                if (!fits) {
                    state.move(i, from);
                }
            }
        }
    });

    it('swap checks (an item in, another out) agree with the exact rule', () => {
        for (let seed = 1; seed <= 20; seed++) {
            const space = tinySpace(seed, VARIANTS[seed % VARIANTS.length]);
            const state = constructPacking(packingProblem(space));
            if (!state) {
                continue;
            }
            const rng = new Rng(seed);
            for (let step = 0; step < 100; step++) {
                const i = rng.int(state.N);
                const j = rng.int(state.N);
                const a = state.itemKind[i];
                const b = state.itemKind[j];
                if (a === b) {
                    continue;
                }
                const predicted = state.fits(a, j, i) && state.fits(b, i, j);
                const trial = new PackingState(state.p, state.itemComp);
                for (let k = 0; k < state.N; k++) {
                    trial.place(k, k === i ? b : k === j ? a : state.itemKind[k]);
                }
                expect(predicted).toBe(isValid(space, stateToGenotype(trial)));
            }
        }
    });
});

describe('constructions', () => {
    it('FFD finds a packing whenever brute force finds one, and never an invalid one', () => {
        let feasible = 0;
        for (let seed = 1; seed <= 60; seed++) {
            const variant = { ...VARIANTS[seed % VARIANTS.length], components: 6 };
            const space = tinySpace(seed, variant);
            const optimum = bruteForce(space);
            const state = constructPacking(packingProblem(space));
            expect(state !== undefined).toBe(optimum !== undefined);
            if (state) {
                feasible++;
                expect(isValid(space, stateToGenotype(state))).toBe(true);
            }
        }
        expect(feasible).toBeGreaterThan(20);
    });

    it('a tight instance first-fit-decreasing misses is packed by the fallback search', () => {
        // Two machines of 10 GHz (loads strictly below: at most 9 each); loads 3 3 2 2 2 2 2 2 fit only as 3+2+2+2 twice.
        const model = tinyModel(1, { kinds: 1, components: 1 });
        model.servers = [0, 1].map(k => ({ name: `m${k}`, cpuGHz: 10, gpuTOPS: 0, ramMB: 100_000, netInMbps: null, netOutMbps: null, pricePerSecond: 1, count: 1 }));
        model.components = [3, 3, 2, 2, 2, 2, 2, 2].map((cpu, c) => ({ name: `c${c}`, idleCpuGHz: cpu, idleRamMB: 1, permanent: true, startupSeconds: 0 }));
        const space = createSpace(model);
        const p = packingProblem(space);
        expect(greedyPacking(p, onePerComponent(p), 'first')).toBeUndefined();
        expect(greedyPacking(p, onePerComponent(p), 'best')).toBeUndefined();
        const state = constructPacking(p);
        expect(state).toBeDefined();
        expect(isValid(space, stateToGenotype(state!))).toBe(true);
    });
});

describe('local search', () => {
    it('keeps every instance, validity and never raises the cost', () => {
        for (let seed = 1; seed <= 20; seed++) {
            const space = tinySpace(seed, { ...VARIANTS[seed % VARIANTS.length], components: 12, kinds: 6 });
            const p = packingProblem(space);
            const start = greedyPacking(p, onePerComponent(p), 'first');
            if (!start) {
                continue;
            }
            const result = localSearch(start, new Rng(seed), { iterations: 3000 });
            const g = stateToGenotype(result.state);
            expect(isValid(space, g)).toBe(true);
            expect(result.state.cost).toBeLessThanOrEqual(start.cost + 1e-9);
            for (let c = 0; c < space.C; c++) {
                expect(totalInstances(space, g, c)).toBe(1);
            }
        }
    });

    it('reaches the brute-force optimum on tiny instances', () => {
        let compared = 0;
        for (let seed = 1; seed <= 25; seed++) {
            const space = tinySpace(100 + seed, { ...VARIANTS[seed % VARIANTS.length], components: 6, kinds: 4 });
            const optimum = bruteForce(space);
            if (!optimum) {
                continue;
            }
            compared++;
            const improved = improvePacking(space, packingSeeds(space, new Rng(seed), 1)[0], new Rng(seed), { iterations: 20_000 });
            expect(isValid(space, improved)).toBe(true);
            expect(staticCost(space, improved)).toBeCloseTo(optimum.cost, 6);
        }
        expect(compared).toBeGreaterThan(10);
    });

    it('keeps the instance count of each component when some have several', () => {
        const space = tinySpace(7, { kinds: 5, components: 4, maxCount: 3 });
        const rng = new Rng(3);
        const g = emptyGenotype(space);
        for (let c = 0; c < space.C; c++) {
            const kinds = [...Array(space.S).keys()].filter(k => space.cellMax[c * space.S + k] > 0);
            g.inst[c * space.S + kinds[0]] = 1;
            g.inst[c * space.S + kinds[kinds.length - 1]] += 1;
        }
        const valid = repairPacking(space, g, rng)!;
        expect(valid).toBeDefined();
        expect([...Array(space.C).keys()].some(c => totalInstances(space, valid, c) > 1)).toBe(true);
        const improved = improvePacking(space, valid, rng, { iterations: 5000 });
        expect(isValid(space, improved)).toBe(true);
        for (let c = 0; c < space.C; c++) {
            expect(totalInstances(space, improved, c)).toBe(totalInstances(space, valid, c));
        }
        expect(staticCost(space, improved)).toBeLessThanOrEqual(staticCost(space, valid) + 1e-9);
    });
});

describe('repair', () => {
    it('makes any genotype valid where FFD finds a packing', () => {
        for (let seed = 1; seed <= 40; seed++) {
            const space = tinySpace(seed, { ...VARIANTS[seed % VARIANTS.length], components: 8, kinds: 5 });
            const feasible = constructPacking(packingProblem(space)) !== undefined;
            const rng = new Rng(seed);
            for (let k = 0; k < 10; k++) {
                const g = emptyGenotype(space);
                for (let cell = 0; cell < g.inst.length; cell++) {
                    g.inst[cell] = rng.chance(0.3) ? rng.int(4) : 0;
                }
                const repaired = repairPacking(space, g, rng);
                if (feasible) {
                    expect(repaired).toBeDefined();
                    expect(isValid(space, repaired!)).toBe(true);
                } else if (repaired) {
                    expect(isValid(space, repaired)).toBe(true);
                }
            }
        }
    });

    it('puts a displaced instance on a machine already in use rather than on a cheaper unused one', () => {
        const model = tinyModel(1, { kinds: 1, components: 1 });
        const server = (name: string, cpuGHz: number, perHour: number) => ({ name, cpuGHz, gpuTOPS: 0, ramMB: 100_000, netInMbps: null, netOutMbps: null, pricePerSecond: perHour / 3600, count: 1 });
        model.servers = [server('small', 6, 10), server('used', 20, 100), server('cheap', 20, 20)];
        model.components = [4, 4, 2].map((cpu, c) => ({ name: `c${c}`, idleCpuGHz: cpu, idleRamMB: 1, permanent: true, startupSeconds: 0 }));
        const space = createSpace(model);
        const g = fromAllocation(space, {
            name: 'a', limits: {},
            placements: [
                { component: 'c0', server: 'small', instances: 1, permanent: false },
                { component: 'c1', server: 'small', instances: 1, permanent: false },
                { component: 'c2', server: 'used', instances: 1, permanent: false }
            ]
        });
        const repaired = repairPacking(space, g, new Rng(1))!;
        expect(isValid(space, repaired)).toBe(true);
        // One 4 GHz instance leaves `small` (8 >= 6) and joins c2 on `used`; `cheap` stays unused.
        const onKind = (s: number) => [0, 1, 2].reduce((n, c) => n + repaired.inst[c * space.S + s], 0);
        expect([onKind(0), onKind(1), onKind(2)]).toEqual([1, 2, 0]);
    });

    it('does not change its input', () => {
        const space = tinySpace(5, { kinds: 3, components: 5 });
        const g = emptyGenotype(space);
        g.inst.fill(2);
        const copy = g.inst.slice();
        repairPacking(space, g, new Rng(1));
        expect(g.inst).toEqual(copy);
    });
});

describe('seeds', () => {
    it('are valid, distinct, one instance per component, and the improved one is the cheapest', () => {
        const space = tinySpace(11, { kinds: 12, components: 14 });
        expect(constructPacking(packingProblem(space))).toBeDefined();
        const seeds = packingSeeds(space, new Rng(1), 5);
        expect(seeds.length).toBeGreaterThanOrEqual(2);
        for (const g of seeds) {
            expect(isValid(space, g)).toBe(true);
            for (let c = 0; c < space.C; c++) {
                expect(totalInstances(space, g, c)).toBe(1);
            }
        }
        const costs = seeds.map(g => staticCost(space, g));
        expect(Math.min(...costs)).toBeLessThanOrEqual(costs[0]);
        expect(stateFromGenotype(packingProblem(space), seeds[0]).cost).toBe(costs[0]);
    });
});
