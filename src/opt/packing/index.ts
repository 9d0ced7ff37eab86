/**
 * Packing pieces for the optimizer: the static bin-packing side of an
 * allocation (which machines hold which instances, what they cost).
 *
 * THE CONTRACT (all pure, deterministic for a given Rng; nothing else is
 * needed from the caller than a Space and an Rng):
 *
 * - `packingSeeds(space, rng, count)`: up to `count` valid, canonical,
 *   distinct genotypes with one instance per component: first-fit-decreasing
 *   and best-fit-decreasing by price per capacity, their local-search
 *   improvements (not with `search: false`), and randomized variants. For
 *   the initial population.
 * - `packingVariant(space, rng, options?)`: one more valid canonical
 *   genotype with one instance per component, a randomized greedy packing
 *   improved by a short local search; different on every call. For the
 *   initial population where random genotypes all repair to the same packing.
 * - `improvePacking(space, g, rng, options?)`: a new valid canonical
 *   genotype with the same number of instances per component as the valid
 *   genotype `g`, moved between kinds to lower the static cost (the price of
 *   every machine holding an instance); flags and limits kept. A mutation or
 *   a local-search step on archive members; `options.iterations` bounds its
 *   time (about 5 microseconds per iteration at 100 x 300, more with more
 *   machines in use), `options.shouldStop` ends it early.
 * - `repairPacking(space, g, rng)`: like repair.ts's `repair` (g is not
 *   changed; a new canonical genotype is returned), but price-aware: the
 *   displaced or missing instances go best-fit onto machines already in use,
 *   else onto the machine with the lowest price per capacity; it never fails
 *   where first-fit-decreasing finds a packing (then FFD's packing is
 *   returned). undefined only when no packing was found at all.
 * - `staticCost(space, g)`: the static cost per hour of a genotype, which is
 *   exactly the cost criterion k4 when every component is permanent.
 * - `isPackingLike(space)`: every component permanent and no process: the
 *   static cost is the only criterion that varies.
 * - `startAnnealer(space, g, rng)`, `packingGenotype(space, state)`: the
 *   local search as a resumable object from a valid genotype, and back to a
 *   canonical genotype (search/packing-led.ts runs it over a time limit).
 *
 * A PackingProblem is prepared once per Space and cached.
 */
import type { Genotype, Space } from '../genotype.js';
import { canonicalize, genotypeKey } from '../genotype.js';
import type { Rng } from '../rng.js';
import { constructPacking, greedyPacking, onePerComponent } from './construct.js';
import { stateFromGenotype, stateToGenotype } from './convert.js';
import { Annealer, localSearch, type LocalSearchOptions } from './local-search.js';
import type { PackingState } from './state.js';
import { createPackingProblem, type PackingProblem } from './problem.js';
import { repairPacking as repairWith } from './repair.js';

export type { PackingProblem } from './problem.js';
export type { Annealer } from './local-search.js';

interface Prepared {
    problem: PackingProblem;
    /** FFD's packing (undefined: none found), computed on first need. */
    ffd?: Genotype | null;
}

const prepared = new WeakMap<Space, Prepared>();

export function packingProblem(space: Space): PackingProblem {
    return prepare(space).problem;
}

function prepare(space: Space): Prepared {
    let entry = prepared.get(space);
    if (!entry) {
        entry = { problem: createPackingProblem(space) };
        prepared.set(space, entry);
    }
    return entry;
}

/** FFD's packing (one instance per component), cached per Space. */
export function ffdGenotype(space: Space): Genotype | undefined {
    const entry = prepare(space);
    if (entry.ffd === undefined) {
        const state = constructPacking(entry.problem, onePerComponent(entry.problem));
        entry.ffd = state ? canonicalize(space, stateToGenotype(state)) : null;
    }
    return entry.ffd ?? undefined;
}

/** Iterations of local search per item for improvePacking by default: enough to settle at 100 x 300, bounded at scale. */
const SEED_ITERATIONS_PER_ITEM = 1000;
const SEED_ITERATIONS_MAX = 1_500_000;
/**
 * Iterations per item of the best-fit seed's local search (the best start of
 * a packing-like model's search: where the search itself makes few
 * generations in its time, it is most of the result). Bounded by the
 * caller's stop rule (initialization's share of the time limit).
 */
const BEST_SEED_ITERATIONS_PER_ITEM = 3000;
const BEST_SEED_ITERATIONS_MAX = 3_000_000;

export function packingSeeds(space: Space, rng: Rng, count = 4, options: { shouldStop?: () => boolean; search?: boolean } = {}): Genotype[] {
    const p = prepare(space).problem;
    const items = onePerComponent(p);
    const seeds: Genotype[] = [];
    const keys = new Set<string>();
    const offer = (g: Genotype | undefined) => {
        if (g && seeds.length < count) {
            const key = genotypeKey(g);
            if (!keys.has(key)) {
                keys.add(key);
                seeds.push(g);
            }
        }
    };
    offer(ffdGenotype(space));
    const best = greedyPacking(p, items, 'best');
    if (best) {
        offer(canonicalize(space, stateToGenotype(best)));
    }
    if (best && options.search !== false) {
        const iterations = Math.min(BEST_SEED_ITERATIONS_MAX, BEST_SEED_ITERATIONS_PER_ITEM * p.C);
        const improved = localSearch(best, rng, { iterations, shouldStop: options.shouldStop }).state;
        offer(canonicalize(space, stateToGenotype(improved)));
    }
    for (let attempt = 0; seeds.length < count && attempt < 4 * count && !options.shouldStop?.(); attempt++) {
        offer(randomized(p, items, rng));
    }
    return seeds;
}

/** Local search iterations per item of a variant (packingVariant): short, so variants stay diverse and cheap at scale. */
const VARIANT_ITERATIONS_PER_ITEM = 60;
const VARIANT_ITERATIONS_MAX = 150_000;

/**
 * One randomized packing for an initial population: a greedy packing in a
 * jittered decreasing order (best fit or a random free machine), then a
 * short local search from it (from FFD's packing when the greedy step
 * finds none). Valid and canonical; undefined when no packing was found.
 * Different calls give different packings, most of them far cheaper than
 * first-fit: where repairing random genotypes only ever gives FFD's packing
 * back (packing-like models), these fill the population instead.
 */
export function packingVariant(space: Space, rng: Rng, options: { shouldStop?: () => boolean } = {}): Genotype | undefined {
    const p = prepare(space).problem;
    const greedy = greedyPacking(p, onePerComponent(p), rng.chance(0.5) ? 'best' : 'random', rng);
    // Where the greedy orders miss a tight packing, from FFD's (or the bounded search's) one.
    const ffd = greedy ? undefined : ffdGenotype(space);
    const state = greedy ?? (ffd && stateFromGenotype(p, ffd));
    if (!state) {
        return undefined;
    }
    const iterations = Math.min(VARIANT_ITERATIONS_MAX, VARIANT_ITERATIONS_PER_ITEM * p.C);
    const improved = localSearch(state, rng, { iterations, shouldStop: options.shouldStop }).state;
    return canonicalize(space, stateToGenotype(improved));
}

function randomized(p: PackingProblem, items: Int32Array, rng: Rng): Genotype | undefined {
    const state = greedyPacking(p, items, rng.chance(0.5) ? 'best' : 'random', rng);
    return state ? canonicalize(p.space, stateToGenotype(state)) : undefined;
}

export function improvePacking(space: Space, g: Genotype, rng: Rng, options: Partial<LocalSearchOptions> = {}): Genotype {
    const p = prepare(space).problem;
    const state = stateFromGenotype(p, g);
    const iterations = options.iterations ?? Math.min(SEED_ITERATIONS_MAX, SEED_ITERATIONS_PER_ITEM * state.N);
    const result = localSearch(state, rng, { ...options, iterations });
    return canonicalize(space, stateToGenotype(result.state, g));
}

export function repairPacking(space: Space, g: Genotype, rng: Rng): Genotype | undefined {
    return repairWith(prepare(space).problem, g, rng, () => ffdGenotype(space));
}

export function staticCost(space: Space, g: Genotype): number {
    return stateFromGenotype(prepare(space).problem, g).cost;
}

/**
 * Is the static cost the whole problem? Every component permanent (so k4 is
 * exactly the static cost of the machines used) and no process (so k1..k3
 * are 0 for every allocation): the search is then single-objective bin
 * packing, and search/packing-led.ts runs it with the annealer.
 */
export function isPackingLike(space: Space): boolean {
    return space.C > 0 && space.model.processes.length === 0 && space.permanentComponent.every(Boolean);
}

/** The annealer of local-search.ts started from the valid genotype `g` (its instance counts are kept). */
export function startAnnealer(space: Space, g: Genotype, rng: Rng): Annealer {
    return new Annealer(stateFromGenotype(prepare(space).problem, g), rng);
}

/** The canonical genotype of a packing state (flags and limits from `base`). */
export function packingGenotype(space: Space, state: PackingState, base?: Genotype): Genotype {
    return canonicalize(space, stateToGenotype(state, base));
}
