/**
 * The search loop, assembled from the pieces of this folder in the manner
 * of pymoo's GeneticAlgorithm: initialization (initialization.ts), then per
 * generation mating (mating.ts: selection, variation, problem-aware moves,
 * local search on the archive, repair), optional screening of the
 * candidates by the analytic estimate, evaluation (evaluation.ts), NSGA-II
 * survival (survival.ts), the archive (archive.ts) and the termination
 * rules (termination.ts), checked before every phase.
 *
 * Multi-fidelity (docs/optimizer.md): with `multiFidelity`, the population
 * is evaluated by brief simulations and the most promising members of the
 * brief archive (promotionOrder) are re-simulated with the full settings; only full-fidelity
 * results enter the reported front. Without it, the search evaluates at full
 * fidelity and its archive is the front.
 *
 * All random numbers come from one Rng drawn here, in an order that never
 * depends on evaluation timing: the same seed gives the same result on any
 * number of workers.
 */
import type { RunSettings } from '../../model/settings.js';
import type { Model, PreferWeights } from '../../model/types.js';
import type { SimulationResult } from '../../sim/api.js';
import type { StopReason } from '../api.js';
import type { Evaluator, Fidelity } from '../evaluator.js';
import type { Genotype, Space } from '../genotype.js';
import { crowdingDistance, normalizationOf } from '../pareto.js';
import { idealDistances } from '../result.js';
import { Rng } from '../rng.js';
import { Archive, type Individual } from './archive.js';
import { Evaluations, type Screen } from './evaluation.js';
import { heuristicSeeds, initializationStop, UniquePool } from './initialization.js';
import { KNEE_SIZE, offspring } from './mating.js';
import { isPackingLike, runPackingSearch } from './packing-led.js';
import { hvOf, searchOutcome } from './outcome.js';
import { createProblem } from './problem.js';
import { capacitySeeds } from './seeds.js';
import { rankAndCrowd, selectSurvivors } from './survival.js';
import type { SearchState, Termination } from './termination.js';

/** Estimates made per turn of the event loop (prescreen). */
const SCREEN_CHUNK = 32;
/** Candidates made per population slot when an analytic screen picks the ones to simulate. */
export const SCREEN_FACTOR = 16;
/** Full simulations per generation, as a share of the generation's brief simulation cost. */
export const PROMOTION_SHARE = 0.5;
/** Members of the seeds' brief front (given and capacity-aware seeds) simulated in full as soon as their brief results are in. */
export const EARLY_PROMOTIONS = 8;

export interface SearchProgress {
    generation: number;
    evaluations: number;
    hypervolume: number;
    /** The reported front so far (full fidelity). */
    archive: readonly Individual[];
    /** Fidelity of the population's evaluations. */
    fidelity: Fidelity;
}

export interface SearchOutcome {
    /** The reported front: non-dominated full-fidelity evaluations, sorted by cost, then time, then key. */
    front: Individual[];
    evaluations: number;
    /** Simulations per fidelity. */
    byFidelity: Record<Fidelity, number>;
    generations: number;
    /** Hypervolume of the front after generation 0 (the initial population), 1, 2, ..., in the final front's normalization. */
    hypervolumeByGeneration: number[];
    hypervolume: number;
    stoppedBy: StopReason;
    warnings: string[];
    /** Full statistics of front members already simulated with `simulate` (multi-fidelity promotions), by key. */
    details: Map<string, SimulationResult>;
}

export interface SearchOptions {
    space: Space;
    settings: RunSettings;
    evaluator: Evaluator;
    /** Genotypes to start from (first-fit, the file's allocations), unrepaired. */
    seeds: Genotype[];
    termination: Termination;
    /** Aborts the final re-simulation at full fidelity (cancel, hard deadline). */
    finalSignal: AbortSignal;
    /** The caller's cancel only (no deadline): bounds the one full simulation made when none finished in time. */
    cancelSignal?: AbortSignal;
    /** Analytic estimate used to choose which candidates to simulate. */
    screen?: Screen;
    /** Search on brief simulations, promote to full (see the file comment). */
    multiFidelity?: boolean;
    /** Cost of a brief simulation over a full one (from the settings; sizes the promotions). */
    briefCostRatio?: number;
    onGeneration?: (progress: SearchProgress) => void;
    /** Called with the running simulation count. */
    onEvaluation?: (evaluations: number) => void;
}

const yieldNow = () => new Promise<void>(resolve => setImmediate(resolve));


/** The `count` members nearest the ideal point by the choice's rule (result.ts idealDistances), nearest first; ties by position. */
function nearestIdeal(members: readonly Individual[], count: number, prefer: PreferWeights, model: Pick<Model, 'processes'>): Individual[] {
    const distances = idealDistances(members.map(m => m.point), prefer, model);
    return [...members.keys()].sort((a, b) => distances[a] - distances[b] || a - b).slice(0, count).map(i => members[i]);
}

/**
 * The order in which brief-archive members are simulated in full: nearest to
 * the ideal point by the choice's rule (result.ts idealDistances: the
 * solution a user will be shown) and largest crowding distance (the front's
 * extremes and gaps: its hypervolume), taken in turn; ties by position.
 */
export function promotionOrder(members: readonly Individual[], prefer: PreferWeights, model?: Pick<Model, 'processes'>): Individual[] {
    const points = members.map(m => m.point);
    const crowding = crowdingDistance(points, [...members.keys()]);
    const ideal = idealDistances(points, prefer, model);
    const byCrowding = [...members.keys()].sort((a, b) => crowding[b] - crowding[a] || a - b);
    const byIdeal = [...members.keys()].sort((a, b) => ideal[a] - ideal[b] || a - b);
    const out: Individual[] = [];
    const taken = new Set<number>();
    for (let i = 0; out.length < members.length; i++) {
        for (const j of [byIdeal[i], byCrowding[i]]) {
            if (!taken.has(j)) {
                taken.add(j);
                out.push(members[j]);
            }
        }
    }
    return out;
}

export async function runSearch(options: SearchOptions): Promise<SearchOutcome> {
    if (isPackingLike(options.space)) {
        // Only the static cost varies: the packing annealer searches instead (packing-led.ts).
        return runPackingSearch(options);
    }
    const { space, settings, termination } = options;
    const problem = createProblem(space);
    const rng = new Rng(settings.seed);
    const population = Math.max(4, settings.population);
    const multi = options.multiFidelity === true;
    const level: Fidelity = multi ? 'brief' : 'full';
    const evals = new Evaluations(space, options.evaluator, termination, settings.evaluations, options.screen, options.onEvaluation);
    const archive = new Archive();
    const front = multi ? new Archive() : archive;
    const state: SearchState = { generation: 0, evaluations: 0, stagnant: 0 };
    const snapshots: number[][][] = [];
    // Promotions per generation cost about PROMOTION_SHARE of the generation's brief simulations; from the
    // settings, never from the evaluator's parallelism or timing (the result must not depend on them).
    const promotePerGeneration = Math.max(1, Math.round(PROMOTION_SHARE * population * (options.briefCostRatio ?? 1 / 8)));

    /** Candidates the screen ranks best among those not evaluated yet (evaluation.ts), or the first ones without a screen. */
    const screened = (candidates: Genotype[], size: number): Genotype[] => evals.pick(candidates, size, level);

    /** Re-simulates up to `count` brief-archive members at full fidelity (extremes first). */
    const promote = async (count: number, signal?: AbortSignal) => {
        if (!multi) {
            return;
        }
        const waiting = promotionOrder(archive.members.filter(m => !evals.known(m.key, 'full')), settings.prefer, space.model).slice(0, count);
        const done = await evals.runDetailed(waiting.map(m => m.genotype), signal);
        for (const m of done) {
            front.add(m);
        }
    };

    /**
     * The screen's estimates of `candidates`, a chunk per turn of the event loop (they are cached, so the
     * ranking that follows only reads them): the workers get their next allocation and a cancel or the time
     * limit is seen between chunks, instead of after a second or more of estimates on a loaded machine.
     * Stops early when the search is stopped (nothing more will be evaluated).
     */
    const prescreen = async (candidates: readonly Genotype[]) => {
        for (let i = 0; evals.canScreen && i < candidates.length && !termination.check({ ...state, evaluations: evals.count }); i += SCREEN_CHUNK) {
            for (const g of candidates.slice(i, i + SCREEN_CHUNK)) {
                evals.screen(g);
            }
            await yieldNow();
        }
    };

    let hv = 0;
    const record = (changed: boolean) => {
        state.evaluations = evals.count;
        snapshots.push(changed || snapshots.length === 0 ? front.points() : snapshots[snapshots.length - 1]);
    };
    const emit = () => options.onGeneration?.({ generation: state.generation, evaluations: evals.count, hypervolume: hv, archive: front.members, fidelity: level });

    // Initialization. The given seeds (first-fit, the file's allocations) and the capacity-aware ones of
    // seeds.ts go to the evaluator at once, and the member of their brief archive nearest the ideal point is
    // simulated in full as soon as they are done: the first front. Meanwhile this thread makes the rest of the
    // population: the other heuristic seeds of initialization.ts (packing's local search takes a while on
    // large models), then random genotypes (screened when an estimate exists). Results are merged in this
    // order whatever the timing, so the population is the one made first and evaluated after.
    // Every initialization loop asks the termination and a share of the time left (initialization.ts).
    const initStop = initializationStop(termination, state);
    const pool = new UniquePool(problem, rng, [], initStop);
    pool.offerAll([...options.seeds, ...capacitySeeds(problem)]);
    const early = pool.genotypes.slice();
    // Not under an evaluation budget: two batches in flight would each be cut to the budget left when they started.
    const earlyRun = settings.evaluations <= 0 && !termination.check(state)
        ? evals.run(early, level).then(async done => {
            done.forEach(m => archive.add(m));
            if (multi && !termination.check({ ...state, evaluations: evals.count })) {
                await promote(1);
                hv = hvOf(front.points());
                emit();
                // Then the rest of the seeds' brief front, so the reported front does not hang on the search's
                // first promotions (under load, the initial population alone can take the whole budget).
                if (!termination.check({ ...state, evaluations: evals.count })) {
                    await promote(EARLY_PROMOTIONS - 1);
                    hv = hvOf(front.points());
                    emit();
                }
            }
            return done;
        })
        : undefined;
    await yieldNow();
    pool.offerAll(heuristicSeeds(problem, options.seeds, rng, initStop));
    const seedCount = pool.genotypes.length;
    await yieldNow();
    let initial: Genotype[];
    if (evals.canScreen) {
        pool.fillRandom(seedCount + population * SCREEN_FACTOR);
        const randoms = pool.genotypes.slice(seedCount);
        await prescreen(randoms);
        initial = [...pool.genotypes.slice(0, seedCount), ...(termination.check(state) ? [] : screened(randoms, Math.max(0, population - seedCount)))];
    } else {
        pool.fillRandom(population);
        initial = pool.genotypes;
    }
    let members: Individual[] = [];
    if (earlyRun) {
        const rest = termination.check(state) ? [] : initial.slice(early.length);
        const [first, second] = await Promise.all([earlyRun, evals.run(rest, level)]);
        second.forEach(m => archive.add(m));
        members = [...first, ...second];
    } else if (!termination.check(state)) {
        members = await evals.run(initial, level);
        members.forEach(m => archive.add(m));
    }
    if (members.length > 0 && !termination.check({ ...state, evaluations: evals.count })) {
        await promote(promotePerGeneration);
    }
    record(true);
    hv = hvOf(front.points());
    emit();

    while (members.length > 0 && !termination.check({ ...state, evaluations: evals.count })) {
        state.generation++;
        const ranking = rankAndCrowd(members);
        const candidates = offspring({
            problem, rng, members, ranking, archive: archive.members,
            known: key => evals.known(key, level),
            keyOf: g => evals.keyOf(g),
            knee: nearestIdeal(archive.members, KNEE_SIZE, settings.prefer, space.model),
            shouldStop: () => termination.check({ ...state, evaluations: evals.count }) !== undefined
        }, evals.canScreen ? population * SCREEN_FACTOR : population);
        await prescreen(candidates);
        const children = termination.check({ ...state, evaluations: evals.count }) ? [] : await evals.run(screened(candidates, population), level);
        await yieldNow();
        const normBefore = front.members.length > 0 ? normalizationOf(front.points()) : undefined;
        let changed = false;
        for (const child of children) {
            const added = archive.add(child);
            changed = (!multi && added) || changed;
        }
        members = selectSurvivors([...members, ...children], population);
        if (multi && !termination.check({ ...state, evaluations: evals.count })) {
            const size = front.members.length;
            const keys = front.members.map(m => m.key).join();
            await promote(promotePerGeneration);
            changed = front.members.length !== size || front.members.map(m => m.key).join() !== keys;
        }
        record(changed);
        let improved = false;
        if (changed) {
            await yieldNow();
            // Judged in the previous front's normalization (the front's range moves).
            improved = normBefore === undefined || hvOf(front.points(), normBefore) > hv + 1e-9;
            await yieldNow();
            hv = hvOf(front.points());
        }
        state.stagnant = improved ? 0 : state.stagnant + 1;
        state.evaluations = evals.count;
        emit();
        await yieldNow();
    }

    // The archive's remaining promising members at full fidelity (not when cancelled or failed).
    if (multi && !termination.aborted) {
        await promote(2 * population, options.finalSignal);
        const last = snapshots.length - 1;
        snapshots[last] = front.points();
    }
    const warnings: string[] = [];
    if (!termination.aborted && front.members.length === 0 && initial.length > 0) {
        // Nothing was simulated in full before the time limit: one allocation anyway (the archive's, else the first
        // seed), past the limit, rather than no answer. Cancel still stops it.
        const cancel = options.cancelSignal ?? new AbortController().signal;
        if (multi && archive.members.length > 0) {
            await promote(1, cancel);
        } else {
            for (const m of await evals.runDetailed(initial.slice(0, 1), cancel)) {
                front.add(m);
                archive.add(m);
            }
        }
        snapshots[snapshots.length - 1] = front.points();
        if (front.members.length > 0) {
            warnings.push('no allocation had been simulated with the full settings when the time limit came; one was simulated after it. '
                + 'A longer time limit gives a front');
        }
    }
    return searchOutcome({ sorted: front.sorted(), snapshots, warnings, evals, termination, generations: state.generation });
}
