/**
 * The initial population. Heuristic seeds first: first-fit and the file's
 * allocations (given by the caller), replicas sized to the offered load on
 * the kinds with the best price per unit of speed (at three target
 * utilizations), permanent where the startup exceeds the deadline slack, and
 * consolidations of each given allocation (instances taken off the most
 * expensive kind in use, one machine at a time), and src/opt/packing's
 * seeds. Then random genotypes; where they are hopeless (fewer than one
 * in HOPELESS_ATTEMPTS is kept: packing-like models, where the price-aware
 * repair turns nearly every random genotype into FFD's packing), randomized
 * packings instead. All repaired
 * (search/repair.ts), no duplicates; nothing invalid is kept.
 *
 * Every loop here asks `shouldStop` (the search's termination, and a share
 * of its time: initializationStop) between candidates: on a large model one
 * candidate is a pass over a dense genotype of components x kinds cells, and
 * the time limit and cancel must hold while the population is built.
 */
import { cloneGenotype, emptyGenotype, genotypeKey, type Genotype } from '../genotype.js';
import { randomGenotype } from '../operators.js';
import { isValid } from '../repair.js';
import { packingSeeds, packingVariant } from '../packing/index.js';
import type { Rng } from '../rng.js';
import { kindUse, kindsByValue, type Problem } from './problem.js';
import { repairChild } from './repair.js';
import type { SearchState, Termination } from './termination.js';

/** Target utilizations of the load-sized seeds (light, medium, heavy). */
const TARGET_UTILIZATIONS = [0.4, 0.6, 0.85];
/** Consolidation steps per given allocation. */
const CONSOLIDATION_STEPS = 4;
/** Seeds asked of src/opt/packing. */
const PACKING_SEEDS = 4;
/** Random genotypes are hopeless when fewer than one in this many is kept, after at least this many attempts. */
export const HOPELESS_ATTEMPTS = 12;
/** Randomized packings made at most by one fill (a screen asks for 16 candidates per population slot; each is a local search). */
export const PACKING_FILL_MAX = 64;
/** Share of the search's time left that building the initial population may use (the rest evaluates and searches). */
export const INITIALIZATION_SHARE = 0.4;

/**
 * The stop rule of initialization: the termination's (time limit, cancel,
 * budgets) or INITIALIZATION_SHARE of the time to its deadline, from now,
 * spent. Never stops before the first call to the returned function when
 * no rule is met.
 */
export function initializationStop(termination: Termination, state: SearchState, share = INITIALIZATION_SHARE): () => boolean {
    const now = performance.now();
    const until = termination.deadline === undefined ? Infinity : now + share * Math.max(0, termination.deadline - now);
    return () => termination.check(state) !== undefined || performance.now() >= until;
}

/** Replicas sized to the offered load: n = ceil(work rate / (speed x u)) on the best-valued kinds with room. */
export function loadSizedSeed(problem: Problem, utilization: number, permanentWhereSlow: boolean): Genotype {
    const { space } = problem;
    const { model, S } = space;
    const g = emptyGenotype(space);
    for (let c = 0; c < space.C; c++) {
        const gpu = space.needsGpu[c];
        const kinds = kindsByValue(problem, c, gpu);
        if (kinds.length === 0) {
            continue;
        }
        const best = model.servers[kinds[0]];
        const need = Math.max(
            problem.cpuDemand[c] / Math.max(best.cpuGHz, 1e-9),
            gpu && best.gpuTOPS > 0 ? problem.gpuDemand[c] / best.gpuTOPS : 0);
        let n = Math.max(1, Math.ceil(need / utilization));
        for (const s of kinds) {
            // One instance per machine of the kind first (instances on one machine share its speed).
            const take = Math.min(n, space.cellMax[c * S + s], model.servers[s].count);
            g.inst[c * S + s] += take;
            n -= take;
            if (n <= 0) {
                break;
            }
        }
        if (permanentWhereSlow && problem.startupTooSlow[c]) {
            for (let s = 0; s < S; s++) {
                if (g.inst[c * S + s] > 0) {
                    g.perm[c * S + s] = 1;
                }
            }
        }
    }
    return g;
}

/**
 * Consolidations of `g`: each step takes one instance off the most expensive
 * kind in use that can give one up (moved to a kind already in use when it
 * was the component's last).
 */
export function consolidations(problem: Problem, start: Genotype, steps = CONSOLIDATION_STEPS): Genotype[] {
    const { space } = problem;
    const { S, C } = space;
    const out: Genotype[] = [];
    const g = cloneGenotype(start);
    for (let step = 0; step < steps; step++) {
        const used = kindUse(space, g.inst).instances;
        const kinds = [...used.keys()].filter(s => used[s] > 0).sort((a, b) => problem.pricePerHour[b] - problem.pricePerHour[a] || a - b);
        if (kinds.length === 0) {
            break;
        }
        let moved = false;
        for (const s of kinds) {
            for (let c = C - 1; c >= 0 && !moved; c--) {
                if (g.inst[c * S + s] === 0) {
                    continue;
                }
                let others = 0, gpuOthers = 0;
                for (let k = 0; k < S; k++) {
                    if (k !== s) {
                        others += g.inst[c * S + k];
                        gpuOthers += space.hasGpu[k] ? g.inst[c * S + k] : 0;
                    }
                }
                const last = g.inst[c * S + s] === 1 && (others === 0 || (space.needsGpu[c] && space.hasGpu[s] && gpuOthers === 0));
                g.inst[c * S + s]--;
                if (last) {
                    const target = kindsByValue(problem, c, space.needsGpu[c] && space.hasGpu[s])
                        .find(k => k !== s && used[k] > 0 && g.inst[c * S + k] < space.cellMax[c * S + k]);
                    if (target === undefined) {
                        g.inst[c * S + s]++;
                        continue;
                    }
                    g.inst[c * S + target]++;
                }
                moved = true;
            }
            if (moved) {
                break;
            }
        }
        if (!moved) {
            break;
        }
        out.push(cloneGenotype(g));
    }
    return out;
}

/**
 * Every heuristic seed, unrepaired: the given ones, load-sized ones,
 * consolidations of the given ones, and the packing seeds of
 * src/opt/packing (first-fit- and best-fit-decreasing by price per capacity,
 * improved by its local search).
 */
export function heuristicSeeds(problem: Problem, given: readonly Genotype[], rng: Rng, shouldStop: () => boolean = () => false): Genotype[] {
    const seeds: Genotype[] = [...given.map(cloneGenotype)];
    // Between the pieces (each a few passes over the genotype), the stop rule; the given ones are always kept.
    for (const u of TARGET_UTILIZATIONS) {
        if (shouldStop()) {
            return seeds;
        }
        seeds.push(loadSizedSeed(problem, u, true));
    }
    if (shouldStop()) {
        return seeds;
    }
    seeds.push(loadSizedSeed(problem, TARGET_UTILIZATIONS[1], false));
    for (const g of [...given, seeds[given.length + 1]]) {
        if (shouldStop()) {
            return seeds;
        }
        seeds.push(...consolidations(problem, g));
    }
    if (!shouldStop()) {
        seeds.push(...packingSeeds(problem.space, rng, PACKING_SEEDS, { shouldStop }));
    }
    return seeds;
}

/** Repaired, valid, new genotypes offered one at a time; keeps the first of each key. */
export class UniquePool {
    readonly genotypes: Genotype[] = [];
    readonly keys = new Set<string>();

    /**
     * @param shouldStop asked before each candidate by offerAll, fillRandom and fillPacking (never by offer).
     */
    constructor(private readonly problem: Problem, private readonly rng: Rng, exclude: Iterable<string> = [],
        private readonly shouldStop: () => boolean = () => false) {
        for (const key of exclude) {
            this.keys.add(key);
        }
    }

    /** Repairs `g` (a copy) and keeps it when valid and new; true when kept. */
    offer(g: Genotype): boolean {
        const repaired = repairChild(this.problem.space, cloneGenotype(g), this.rng);
        if (!repaired) {
            return false;
        }
        const key = genotypeKey(repaired);
        if (this.keys.has(key)) {
            return false;
        }
        this.keys.add(key);
        this.genotypes.push(repaired);
        return true;
    }

    /**
     * Keeps `g`, valid and canonical by construction (a packing of
     * src/opt/packing), without repair when it is valid and new: repair
     * would return it unchanged after passes over every cell.
     */
    offerValid(g: Genotype): boolean {
        if (!isValid(this.problem.space, g)) {
            return this.offer(g);
        }
        const key = genotypeKey(g);
        if (this.keys.has(key)) {
            return false;
        }
        this.keys.add(key);
        this.genotypes.push(g);
        return true;
    }

    /** Offers each of `seeds` in order until the stop rule holds, once at least one genotype is held. */
    offerAll(seeds: readonly Genotype[]): void {
        for (const g of seeds) {
            if (this.genotypes.length > 0 && this.shouldStop()) {
                return;
            }
            this.offer(g);
        }
    }

    /**
     * Random genotypes until `size` are held, 50 x size attempts, or the stop
     * rule. When fewer than one in HOPELESS_ATTEMPTS is kept (the others are
     * invalid after repair, or repair to genotypes already held), after at
     * least HOPELESS_ATTEMPTS attempts, randomized packings take over
     * (fillPacking, up to PACKING_FILL_MAX of them); random genotypes are
     * tried again after them only while at least that share is kept.
     */
    fillRandom(size: number): void {
        const attempts = Math.max(50, size * 50);
        let kept = 0;
        let tried = 0;
        let packed = false;
        for (let attempt = 0; this.genotypes.length < size && attempt < attempts && !this.shouldStop(); attempt++) {
            tried++;
            if (this.offer(randomGenotype(this.problem.space, this.rng))) {
                kept++;
            }
            if (tried >= HOPELESS_ATTEMPTS && kept * HOPELESS_ATTEMPTS < tried) {
                if (packed) {
                    return;
                }
                this.fillPacking(Math.min(size, this.genotypes.length + PACKING_FILL_MAX));
                packed = true;
                kept = 0;
                tried = 0;
            }
        }
    }

    /**
     * Randomized packings (packing/index.ts packingVariant: one instance per
     * component, a jittered greedy packing improved by a short local search)
     * until `size` are held, the stop rule, or HOPELESS_ATTEMPTS in a row
     * add nothing (few distinct packings exist).
     */
    fillPacking(size: number): void {
        for (let misses = 0; this.genotypes.length < size && misses < HOPELESS_ATTEMPTS && !this.shouldStop();) {
            const g = packingVariant(this.problem.space, this.rng, { shouldStop: this.shouldStop });
            misses = g && this.offerValid(g) ? 0 : misses + 1;
        }
    }
}
