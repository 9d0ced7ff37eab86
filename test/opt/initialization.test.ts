/**
 * The initial population (src/opt/search/initialization.ts): every loop
 * asks the stop rule, and where random genotypes are hopeless (a
 * cloud-balancing instance, where repair turns them into FFD's packing) the
 * population is filled with randomized packings instead.
 */
import { describe, expect, it } from 'vitest';
import { parseModel } from '../../src/language/load.js';
import { firstFit } from '../../src/model/first-fit.js';
import { createSpace, fromAllocation, genotypeKey, totalInstances, type Space } from '../../src/opt/genotype.js';
import { isValid } from '../../src/opt/repair.js';
import { Rng } from '../../src/opt/rng.js';
import { ffdGenotype, packingVariant } from '../../src/opt/packing/index.js';
import { createProblem } from '../../src/opt/search/problem.js';
import { HOPELESS_ATTEMPTS, heuristicSeeds, initializationStop, UniquePool } from '../../src/opt/search/initialization.js';
import { maxGenerations, Termination } from '../../src/opt/search/termination.js';
import { offspring } from '../../src/opt/search/mating.js';
import { rankAndCrowd } from '../../src/opt/search/survival.js';
import { generateCloudBalance, toMlops } from '../../bench/cloud-balancing/generate.js';
import { model, SMALL } from './models.js';

/** 30 computers x 90 processes, generator seed 47: FFD packs it, and no random genotype survives repair as a new one. */
async function cloudSpace(): Promise<Space> {
    return createSpace(await parseModel(toMlops(generateCloudBalance(30, 90, 47))));
}

const counter = (limit: number) => {
    let calls = 0;
    const stop = () => ++calls > limit;
    return { stop, calls: () => calls };
};

describe('randomized packings (packing/index.ts packingVariant)', () => {
    it('are valid, one instance per component, and differ from call to call', async () => {
        const space = await cloudSpace();
        const rng = new Rng(5);
        const keys = new Set<string>();
        for (let k = 0; k < 12; k++) {
            const g = packingVariant(space, rng)!;
            expect(isValid(space, g)).toBe(true);
            for (let c = 0; c < space.C; c++) {
                expect(totalInstances(space, g, c)).toBe(1);
            }
            keys.add(genotypeKey(g));
        }
        expect(keys.size).toBeGreaterThanOrEqual(6);
    });

    it('stop asking: the local search ends at once and the packing is still valid', async () => {
        const space = await cloudSpace();
        const g = packingVariant(space, new Rng(1), { shouldStop: () => true });
        expect(g && isValid(space, g)).toBe(true);
    });
});

describe('the initial population pool', () => {
    it('fills with randomized packings where random genotypes are hopeless', async () => {
        const space = await cloudSpace();
        const problem = createProblem(space);
        const pool = new UniquePool(problem, new Rng(9));
        const ffd = ffdGenotype(space)!;
        pool.offer(ffd);
        pool.fillRandom(20);
        // Before, 1,000 random attempts gave two new genotypes: nearly all repaired to ones already held.
        expect(pool.genotypes.length).toBe(20);
        expect(new Set(pool.genotypes.map(genotypeKey)).size).toBe(20);
        for (const g of pool.genotypes) {
            expect(isValid(space, g)).toBe(true);
        }
    });

    it('random genotypes as before where they are not hopeless', async () => {
        const space = createSpace(await model(SMALL));
        const pool = new UniquePool(createProblem(space), new Rng(9));
        pool.fillRandom(10);
        expect(pool.genotypes.length).toBe(10);
        // Random genotypes have several instances of some component; a packing has one of each.
        expect(pool.genotypes.some(g => [...Array(space.C).keys()].some(c => totalInstances(space, g, c) > 1))).toBe(true);
    });

    it('asks the stop rule before every candidate (random, packing) and keeps the first seed', async () => {
        const space = await cloudSpace();
        const problem = createProblem(space);
        const ff = ffdGenotype(space)!;

        const never = counter(Infinity);
        const held = new UniquePool(problem, new Rng(2), [], never.stop);
        held.offerAll([ff, ff, ff]);
        expect(never.calls()).toBe(2);

        const stopped = new UniquePool(problem, new Rng(2), [], () => true);
        stopped.offerAll(heuristicSeeds(problem, [ff], new Rng(2), () => true));
        expect(stopped.genotypes.length).toBe(1);
        stopped.fillRandom(20);
        stopped.fillPacking(20);
        expect(stopped.genotypes.length).toBe(1);

        // Past the hopeless random attempts, each randomized packing asks too (and its local search every 4,096 steps).
        const limit = HOPELESS_ATTEMPTS + 3;
        const some = counter(limit);
        const pool = new UniquePool(problem, new Rng(2), [], some.stop);
        pool.fillRandom(40);
        expect(pool.genotypes.length).toBeGreaterThan(0);
        expect(pool.genotypes.length).toBeLessThanOrEqual(limit - HOPELESS_ATTEMPTS);
    });

    it('heuristic seeds stop between their pieces, keeping the given ones', async () => {
        const space = createSpace(await model(SMALL));
        const problem = createProblem(space);
        const given = [fromAllocation(space, firstFit(space.model).allocation)];
        expect(heuristicSeeds(problem, given, new Rng(1), () => true)).toHaveLength(1);
        expect(heuristicSeeds(problem, given, new Rng(1)).length).toBeGreaterThan(4);
    });
});

describe('initializationStop', () => {
    const state = { generation: 0, evaluations: 0, stagnant: 0 };

    it('holds when the termination does, or when its share of the time left is spent', () => {
        const none = new Termination([], undefined);
        expect(initializationStop(none, state)()).toBe(false);
        const met = new Termination([maxGenerations(0)], undefined);
        expect(initializationStop(met, state)()).toBe(true);
        const late = new Termination([], performance.now() + 60_000);
        expect(initializationStop(late, state, 0)()).toBe(true);
        expect(initializationStop(late, state, 0.5)()).toBe(false);
        const cancel = new AbortController();
        const cancelled = new Termination([], performance.now() + 60_000, cancel.signal);
        const stop = initializationStop(cancelled, state);
        expect(stop()).toBe(false);
        cancel.abort();
        expect(stop()).toBe(true);
        for (const t of [none, met, late, cancelled]) {
            t.dispose();
        }
    });
});

describe('mating asks the stop rule', () => {
    it('makes no more candidates once it holds (a screen asks for 16 per slot: minutes at 200 x 600)', async () => {
        const space = await cloudSpace();
        const problem = createProblem(space);
        const pool = new UniquePool(problem, new Rng(4));
        pool.fillRandom(6);
        const members = pool.genotypes.map((genotype, i) => ({ key: genotypeKey(genotype), genotype, point: [i, 6 - i, 0, 0] }));
        const input = {
            problem, rng: new Rng(1), members, ranking: rankAndCrowd(members), archive: members,
            known: () => false, keyOf: genotypeKey
        };
        expect(offspring(input, 20).length).toBe(20);
        const some = counter(5);
        expect(offspring({ ...input, shouldStop: some.stop }, 20).length).toBeLessThanOrEqual(5);
        expect(offspring({ ...input, shouldStop: () => true }, 20)).toEqual([]);
    });
});
