import { describe, expect, it } from 'vitest';
import { findOverloads, spreadAllocation } from '../../src/model/spread.js';
import { createSpace, toAllocation, type Genotype } from '../../src/opt/genotype.js';
import { isValid } from '../../src/opt/repair.js';
import { Rng } from '../../src/opt/rng.js';
import { loadSizedSeed } from '../../src/opt/search/initialization.js';
import { EARLY_PROMOTIONS, PROMOTION_SHARE, promotionOrder } from '../../src/opt/search/loop.js';
import { briefSettings, effectiveSettings } from '../../src/opt/search/fidelity.js';
import { applyMove } from '../../src/opt/search/moves.js';
import { offspring } from '../../src/opt/search/mating.js';
import { rankAndCrowd } from '../../src/opt/search/survival.js';
import { randomGenotype } from '../../src/opt/operators.js';
import { genotypeKey } from '../../src/opt/genotype.js';
import { createProblem, kindUtilization, type Problem } from '../../src/opt/search/problem.js';
import { repairChild } from '../../src/opt/search/repair.js';
import { capacitySeed, capacitySeeds, CAPACITY_SEEDS } from '../../src/opt/search/seeds.js';
import { GPU, SMALL, model } from './models.js';
import { resolveSettings } from '../../src/model/settings.js';
import { optimize, simulationSettings, type Progress } from '../../src/opt/index.js';
import { analyticObjectives, recordingEvaluator } from './fake.js';

/**
 * Three components whose cheapest kind per GHz is the same: sized one at a
 * time, all three land on `cheap` and overload it.
 */
const SHARED_CHEAPEST = `system shared_cheapest
server cheap { cpu 8 GHz ram 64 GB price 1 EUR/h count 3 }
server mid   { cpu 16 GHz ram 64 GB price 3 EUR/h count 3 }
server fast  { cpu 32 GHz ram 64 GB price 8 EUR/h count 2 }
component a { idle cpu 0.5 GHz ram 1 GB startup 5 s }
component b { idle cpu 0.5 GHz ram 1 GB startup 5 s }
component c { idle cpu 0.5 GHz ram 1 GB startup 60 s }
step sa { runs on a cpu exponential(mean 6 GHz*s) }
step sb { runs on b cpu exponential(mean 6 GHz*s) }
step sc { runs on c cpu exponential(mean 2 GHz*s) }
process p { steps sa -> sb -> sc every exponential(mean 1 s) deadline 10 s }
`;

/** CPU per kind: each component's work split evenly over its instances, plus their idle CPU; over the kind's capacity. */
function kindLoads(problem: Problem, g: Genotype): number[] {
    const { space } = problem;
    const { S, C, model: m } = space;
    const load = new Array<number>(S).fill(0);
    for (let c = 0; c < C; c++) {
        let n = 0;
        for (let s = 0; s < S; s++) {
            n += g.inst[c * S + s];
        }
        for (let s = 0; s < S; s++) {
            load[s] += g.inst[c * S + s] * (problem.cpuDemand[c] / n + m.components[c].idleCpuGHz);
        }
    }
    return load.map((x, s) => x / (m.servers[s].count * m.servers[s].cpuGHz));
}

describe('capacity-aware seeds', () => {
    it('keep every kind within the target utilization where sizing one component at a time overloads the cheapest kind', async () => {
        const m = await model(SHARED_CHEAPEST);
        const problem = createProblem(createSpace(m));
        const alone = loadSizedSeed(problem, 0.5, false);
        // All three on `cheap` (index 0): 14 GHz of work and 2.5 GHz idle on 24 GHz.
        expect(kindLoads(problem, alone)[0]).toBeGreaterThan(0.6);
        const g = capacitySeed(problem, { utilization: 0.5, order: 'value', permanentWhereSlow: false });
        const loads = kindLoads(problem, g);
        for (const x of loads) {
            expect(x).toBeLessThanOrEqual(0.5 + 1e-9);
        }
        // The cheapest kind is used first, and the overflow goes to the next best value (mid), not to fast.
        expect(loads[0]).toBeGreaterThan(0.4);
        expect(loads[1]).toBeGreaterThan(0);
        expect(loads[2]).toBe(0);
        // The work is all placed: per component, its instances' share of u x speed covers its demand.
        for (let c = 0; c < 3; c++) {
            let capacity = 0;
            for (let s = 0; s < 3; s++) {
                capacity += g.inst[c * 3 + s] * 0.5 * m.servers[s].cpuGHz;
            }
            expect(capacity).toBeGreaterThanOrEqual(problem.cpuDemand[c] - 1e-9);
        }
    });

    it('fastest kinds first in the time-minded seed; permanent where the startup exceeds the deadline slack', async () => {
        const m = await model(SHARED_CHEAPEST);
        const problem = createProblem(createSpace(m));
        expect(problem.startupTooSlow).toEqual([false, false, true]);
        const g = capacitySeed(problem, { utilization: 0.5, order: 'speed', permanentWhereSlow: true });
        // fast: 2 machines x 32 GHz x 0.5 = 32 GHz of budget holds all 14 GHz (one instance per machine at most).
        for (let c = 0; c < 3; c++) {
            expect(g.inst[c * 3 + 2]).toBeGreaterThan(0);
            expect(g.inst[c * 3 + 0] + g.inst[c * 3 + 1]).toBe(0);
        }
        expect([...g.perm]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1]);
    });

    it('put GPU work on GPU kinds, and every seed, repaired, is valid and accepted by the simulator', async () => {
        for (const text of [SHARED_CHEAPEST, GPU, SMALL]) {
            const m = await model(text);
            const space = createSpace(m);
            const problem = createProblem(space);
            const seeds = capacitySeeds(problem);
            expect(seeds.length).toBeGreaterThanOrEqual(CAPACITY_SEEDS.length);
            for (const seed of seeds) {
                for (let c = 0; c < space.C; c++) {
                    if (space.needsGpu[c]) {
                        expect(space.hasGpu.some((gpu, s) => gpu && seed.inst[c * space.S + s] > 0)).toBe(true);
                    }
                }
                const repaired = repairChild(space, seed, new Rng(1));
                expect(repaired && isValid(space, repaired)).toBe(true);
                expect(findOverloads(m, spreadAllocation(m, toAllocation(space, repaired!)))).toEqual([]);
            }
        }
    });
});

describe('relieve move', () => {
    it('takes work off the busiest kind onto a less busy one', async () => {
        const m = await model(SHARED_CHEAPEST);
        const problem = createProblem(createSpace(m));
        const start = loadSizedSeed(problem, 0.5, false);
        const before = kindUtilization(problem, start.inst);
        // Everything on cheap: busy, the others unused.
        expect(before[0]).toBeGreaterThan(0.6);
        expect(before[1] + before[2]).toBe(0);
        let moved = 0;
        for (let i = 0; i < 50; i++) {
            const g = { inst: start.inst.slice(), perm: start.perm.slice(), lim: start.lim.slice() };
            expect(applyMove(problem, g, 'relieve', new Rng(i))).toBe(true);
            const after = kindUtilization(problem, g.inst);
            // One more instance elsewhere, and cheap never busier than before.
            expect(g.inst[0 * 3 + 1] + g.inst[1 * 3 + 1] + g.inst[2 * 3 + 1] + g.inst[0 * 3 + 2] + g.inst[1 * 3 + 2] + g.inst[2 * 3 + 2]).toBe(1);
            expect(after[0]).toBeLessThanOrEqual(before[0] + 1e-12);
            moved += after[0] < before[0] - 1e-12 ? 1 : 0;
        }
        expect(moved).toBeGreaterThan(10);
    });
});

describe('promotion order', () => {
    it('alternates the member nearest the ideal point and the front\'s extremes', () => {
        const ind = (key: string, time: number, cost: number) => ({ key, genotype: { inst: new Int32Array(0), perm: new Uint8Array(0), lim: new Int32Array(0) }, point: [time, 0, 0, cost] });
        const members = [ind('slow-cheap', 1000, 1), ind('a', 400, 2.2), ind('knee', 110, 3), ind('b', 105, 6), ind('fast-dear', 100, 20)];
        const prefer = { time: 1, variance: 1, violations: 1, cost: 1 };
        const order = promotionOrder(members, prefer).map(m => m.key);
        expect(order[0]).toBe('knee');
        expect(['slow-cheap', 'fast-dear']).toContain(order[1]);
        expect(new Set(order).size).toBe(members.length);
        expect(order.slice(0, 4)).toEqual(expect.arrayContaining(['slow-cheap', 'fast-dear']));
    });
});

describe('local search on the archive', () => {
    it('starts from the members nearest the ideal point half the time', async () => {
        const m = await model(SHARED_CHEAPEST);
        const space = createSpace(m);
        const problem = createProblem(space);
        const rng = new Rng(4);
        const distinct: Genotype[] = [];
        const keys = new Set<string>();
        while (distinct.length < 16) {
            const g = repairChild(space, randomGenotype(space, rng), rng);
            if (g && !keys.has(genotypeKey(g))) {
                keys.add(genotypeKey(g));
                distinct.push(g);
            }
        }
        const individual = (g: Genotype, i: number) => ({ key: genotypeKey(g), genotype: g, point: [i, 0, 0, 16 - i] });
        const archive = distinct.slice(0, 10).map(individual);
        const members = distinct.slice(10).map((g, i) => individual(g, 10 + i));
        const knee = archive[4];
        const l1 = (a: Genotype, b: Genotype) => a.inst.reduce((sum, x, i) => sum + Math.abs(x - b.inst[i]), 0);
        const nearKnee = (withKnee: boolean) => {
            const children = offspring({
                problem, rng: new Rng(9), members, ranking: rankAndCrowd(members), archive,
                known: () => false, keyOf: genotypeKey, knee: withKnee ? [knee] : undefined
            }, 150);
            // One move or mutation away from the knee, and nearer to it than to any other archive member.
            return children.filter(c => l1(c, knee.genotype) <= 2 && archive.every(a => a === knee || l1(c, a.genotype) > l1(c, knee.genotype))).length / children.length;
        };
        const without = nearKnee(false);
        const withKnee = nearKnee(true);
        // Local search is 25% of the candidates: from the knee 1/10 of that without a knee, 1/2 + 1/20 with one.
        expect(without).toBeLessThan(0.06);
        expect(withKnee).toBeGreaterThan(Math.max(0.07, 2 * without));
    });
});

describe('first front', () => {
    it('comes from the seeds, before the rest of the initial population is evaluated', async () => {
        const m = await model(GPU);
        const settings = resolveSettings(m, { generations: 2, population: 40 });
        const progress: Progress[] = [];
        const result = await optimize(m, settings, { onProgress: p => progress.push(p) },
            { evaluator: recordingEvaluator(m, { parallelism: 2, delayMs: 4 }), multiFidelity: true });
        const first = progress.find(p => p.front.length > 0)!;
        // first-fit, the file's allocation and the capacity-aware seeds (under 12 together), then one full simulation.
        expect(first.evaluations).toBeLessThan(15);
        expect(first.generation).toBe(0);
        expect(result.simulations!.brief).toBeGreaterThanOrEqual(40);
        expect(result.front.length).toBeGreaterThan(0);
    });

    it('then holds the rest of the seeds\' brief front, simulated in full before generation 1', async () => {
        const m = await model(GPU);
        const settings = resolveSettings(m, { generations: 1, population: 40 });
        const progress: Progress[] = [];
        const evaluator = recordingEvaluator(m, { parallelism: 2, delayMs: 4 });
        await optimize(m, settings, { onProgress: p => progress.push(p) }, { evaluator, multiFidelity: true });
        const largest = Math.max(...progress.filter(p => p.generation === 0).map(p => p.front.length));
        // Before: the first front's one member, then the promotions that follow every generation (the initial
        // population's included), at most 1 + perGeneration members before generation 1.
        const simulation = simulationSettings(effectiveSettings(m, settings));
        const brief = briefSettings(simulation)!;
        const ratio = (brief.replications * brief.horizonSeconds) / (simulation.replications * simulation.horizonSeconds);
        const perGeneration = Math.max(1, Math.round(PROMOTION_SHARE * settings.population * ratio));
        expect(largest).toBeGreaterThan(1 + perGeneration);
        expect(largest).toBeLessThanOrEqual(EARLY_PROMOTIONS + perGeneration);
    });
});

describe('screening', () => {
    it('makes its estimates a chunk per turn of the event loop, not all at once', async () => {
        const m = await model(GPU);
        let turns = 0;
        let running = true;
        const tick = () => {
            turns++;
            if (running) {
                setImmediate(tick);
            }
        };
        setImmediate(tick);
        const turnsSeen = new Set<number>();
        let calls = 0;
        const screen = (a: Parameters<typeof analyticObjectives>[1]) => {
            calls++;
            turnsSeen.add(turns);
            return analyticObjectives(m, a);
        };
        await optimize(m, resolveSettings(m, { generations: 1, population: 20 }), {}, { evaluator: recordingEvaluator(m), screen });
        running = false;
        // 16 candidates per slot, in the initial population and in the generation.
        expect(calls).toBeGreaterThan(300);
        // At most 32 estimates per turn (before: all of a population's in one turn, a second or more on a loaded machine).
        expect(turnsSeen.size).toBeGreaterThanOrEqual(calls / 32);
    });
});
