/**
 * Search quality where the true front is known (issue 11, "What it must
 * show", second point): small models whose every valid allocation can be
 * enumerated and simulated, built to be hard — at least 5,000 valid
 * allocations, and random search (valid random genotypes) reaching less
 * than 0.75 of the true front's hypervolume at a 2% evaluation budget. The
 * bench checks both properties of each model before using it, then runs the
 * optimizer at the same budget with 5 search seeds. Hypervolume is measured
 * in the true front's normalization.
 */
import os from 'node:os';
import { parseModel } from '../src/language/load.js';
import { resolveSettings } from '../src/model/settings.js';
import { OBJECTIVE_KEYS, type Model } from '../src/model/types.js';
import { inlineEvaluator, optimize, simulationSettings } from '../src/opt/index.js';
import type { Screen } from '../src/opt/search/evaluation.js';
import { createSpace, genotypeKey, toAllocation } from '../src/opt/genotype.js';
import { randomGenotype } from '../src/opt/operators.js';
import { repair } from '../src/opt/repair.js';
import { Rng } from '../src/opt/rng.js';
import { nonDominated, normalizationOf, normalizedHypervolume, type Normalization } from '../src/opt/pareto.js';
import { createSimulator } from '../src/sim/index.js';
import { enumerateSpace } from '../test/opt/enumerate.js';

/**
 * A gateway (permanent), a ranker with a split step and a slow startup, and a
 * feature service, on three kinds of unequal speed and price with one or
 * two slots per machine; two processes of different urgency. `variant`
 * changes the loads, prices and deadlines.
 */
export function hardEnumerableText(variant: number): string {
    const v = [
        { rank: 24, enrich: 10, every: 4, deadline: 6, fast: 9, mid: 3 },
        { rank: 32, enrich: 18, every: 4, deadline: 7, fast: 10, mid: 3 },
        { rank: 20, enrich: 24, every: 3.5, deadline: 9, fast: 11, mid: 3.5 }
    ][variant % 3];
    return `system hard_enumerable_${variant}
server slow { cpu 8 GHz ram 16 GB price 1 EUR/h count 2 }
server mid  { cpu 16 GHz ram 16 GB price ${v.mid} EUR/h count 2 }
server fast { cpu 40 GHz ram 24 GB price ${v.fast} EUR/h count 1 }
component gateway { idle cpu 1 GHz ram 9 GB startup 5 s permanent }
component ranker  { idle cpu 2 GHz ram 9 GB startup 40 s }
component feature { idle cpu 1 GHz ram 9 GB startup 10 s }
step route  { runs on gateway cpu exponential(mean 2 GHz*s) ram 1 GB }
step rank   { runs on ranker cpu exponential(mean ${v.rank} GHz*s) ram 4 GB threads 2 }
step enrich { runs on feature cpu exponential(mean ${v.enrich} GHz*s) ram 2 GB }
process query { steps route -> enrich -> rank every exponential(mean ${v.every} s) deadline ${v.deadline} s }
process batch { steps enrich -> rank every exponential(mean 60 s) deadline 60 s weight time 0.2 }
optimize { horizon 40 min warmup 5 min replications 1 seed 11 }
`;
}

export interface EnumerableFigures {
    name: string;
    valid: number;
    frontSize: number;
    budget: number;
    random: number[];
    optimizer: number[];
    /** The optimizer without the screen (same seeds), when the bench was given one. */
    unscreened: number[];
    /** CPU seconds of the optimizer runs, with and without the screen. */
    cpuSeconds: number;
    unscreenedCpuSeconds: number;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/** Hypervolume ratios of random search and of the optimizer at `share` of the space, `seeds` seeds each. */
export async function enumerableBench(model: Model, share: number, seeds: number, screenFor?: (m: Model) => Screen | undefined, log = console.log): Promise<EnumerableFigures> {
    const space = createSpace(model);
    const all = enumerateSpace(space);
    const base = resolveSettings(model);
    const simulator = createSimulator(model, simulationSettings(base));
    const truth = new Map<string, number[]>();
    for (const g of all) {
        const o = simulator.evaluate(toAllocation(space, g));
        truth.set(genotypeKey(g), OBJECTIVE_KEYS.map(k => o[k]));
    }
    const points = [...truth.values()];
    const trueFront = nonDominated(points).map(i => points[i]);
    const norm: Normalization = normalizationOf(trueFront);
    const trueHv = normalizedHypervolume(trueFront, norm);
    const budget = Math.floor(share * all.length);
    const ratio = (found: number[][]) => found.length === 0 ? 0 : normalizedHypervolume(nonDominated(found).map(i => found[i]), norm) / trueHv;
    const random: number[] = [];
    const found: number[] = [];
    const unscreened: number[] = [];
    let cpu = 0, unscreenedCpu = 0;
    const cpuOf = async <T>(f: () => Promise<T>): Promise<{ value: T; seconds: number }> => {
        const c0 = process.cpuUsage();
        const value = await f();
        const c = process.cpuUsage(c0);
        return { value, seconds: (c.user + c.system) / 1e6 };
    };
    for (let seed = 1; seed <= seeds; seed++) {
        const rng = new Rng(seed);
        const seen = new Set<string>();
        for (let attempt = 0; seen.size < budget && attempt < budget * 100; attempt++) {
            const g = repair(space, randomGenotype(space, rng), rng);
            if (g) {
                seen.add(genotypeKey(g));
            }
        }
        random.push(ratio([...seen].map(key => truth.get(key)!)));
        // The evaluator keeps the model's seed (the truth's streams); `seed` drives only the search.
        const screen = screenFor?.(model);
        const run = (withScreen: boolean) => cpuOf(() => optimize(model, resolveSettings(model, { evaluations: budget, seed }), {},
            { evaluator: inlineEvaluator(simulator), screen: withScreen ? screen ?? false : false }));
        const result = await run(true);
        cpu += result.seconds;
        found.push(ratio(result.value.front.map(s => OBJECTIVE_KEYS.map(k => s.objectives[k]))));
        if (screen) {
            const plain = await run(false);
            unscreenedCpu += plain.seconds;
            unscreened.push(ratio(plain.value.front.map(s => OBJECTIVE_KEYS.map(k => s.objectives[k]))));
        }
    }
    const figures = { name: model.system, valid: all.length, frontSize: trueFront.length, budget, random, optimizer: found, unscreened, cpuSeconds: cpu, unscreenedCpuSeconds: unscreenedCpu };
    const stats = (xs: number[]) => `min ${Math.min(...xs).toFixed(3)} / mean ${mean(xs).toFixed(3)}`;
    log(`  ${model.system}: ${all.length} valid allocations${all.length >= 5000 ? '' : ' (FEWER than 5,000)'}, true front ${trueFront.length}; `
        + `budget ${budget} (${(share * 100).toFixed(0)}%): random search ${stats(random)}${mean(random) < 0.75 ? ' (hard: < 0.75)' : ' (NOT hard: >= 0.75)'}, `
        + `optimizer ${stats(found)}${mean(found) >= 0.98 ? ' (>= 0.98)' : ' (BELOW 0.98)'}, ${cpu.toFixed(1)} s CPU`
        + (unscreened.length > 0 ? `; without the screen ${stats(unscreened)}, ${unscreenedCpu.toFixed(1)} s CPU` : ''));
    return figures;
}

export async function enumerablePart(seeds: number, screenFor?: (m: Model) => Screen | undefined, log = console.log): Promise<void> {
    log(`\nenumerable hard models: hypervolume / true front's at a 2% budget, ${seeds} seeds (screen: ${screenFor ? 'analytic' : 'none'})`);
    for (const variant of [0, 1, 2]) {
        await enumerableBench(await parseModel(hardEnumerableText(variant)), 0.02, seeds, screenFor, log);
    }
    log(`  load average at the end: ${os.loadavg().map(x => x.toFixed(1)).join(' ')}`);
}
