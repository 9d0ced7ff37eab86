/**
 * The search of a packing-like model (packing/index.ts `isPackingLike`:
 * every component permanent, no process). There the criteria k1..k3 are 0
 * for every allocation and k4 is the static cost of the machines used, which
 * src/opt/packing computes exactly without simulating: the evolutionary loop
 * would spend its time making and repairing candidates (each a pass over
 * components x kinds cells) that the simulator then only prices. So the time
 * goes to the packing annealer (packing/local-search.ts) instead:
 *
 * 1. Initial population: the given seeds (first-fit, the file's allocations)
 *    and the packing seeds (first-fit- and best-fit-decreasing by price per
 *    capacity, randomized greedy variants up to the population size: each a
 *    greedy pass, no local search), simulated in full: the first front.
 * 2. One annealer from the cheapest of them. A generation is a chunk of
 *    CHUNK_ITERATIONS_PER_ITEM move attempts per item; between chunks the
 *    event loop turns (progress, cancel). Under a time limit the temperature
 *    falls from the annealer's t0 to t1 over the search's time (one long
 *    cooling, whatever the machine's speed or load); without one it falls
 *    over CYCLE_ITERATIONS_PER_ITEM attempts per item and starts again.
 * 3. After each chunk the best state, when it improved, else the current
 *    state when it is new, is simulated (in the background of the next
 *    chunk, one generation in flight at most), so an evaluation budget is
 *    used up and the front follows the search. At the end the best state is
 *    simulated in full even after the search's share of the time.
 *
 * Deterministic for a given seed and number of generations or evaluations,
 * on any number of workers: the annealer's moves come from the search's Rng
 * and results enter the archive in generation order. Under a time limit the
 * temperature follows the clock, as the generation count of any timed run
 * does.
 */
import type { Genotype } from '../genotype.js';
import { isPackingLike, packingGenotype, packingSeeds, startAnnealer, staticCost, type Annealer } from '../packing/index.js';
import { Rng } from '../rng.js';
import { Archive, type Individual } from './archive.js';
import { Evaluations } from './evaluation.js';
import { initializationStop, UniquePool } from './initialization.js';
import type { SearchOptions, SearchOutcome } from './loop.js';
import { hvOf as hypervolume, searchOutcome } from './outcome.js';
import { createProblem } from './problem.js';
import type { SearchState } from './termination.js';

export { isPackingLike };

/** Move attempts per item in one generation (a chunk between two turns of the event loop), at most CHUNK_MAX. */
export const CHUNK_ITERATIONS_PER_ITEM = 200;
const CHUNK_MAX = 200_000;
/** Without a time limit: one cooling over this many attempts per item (at most CYCLE_MAX), then again from t0. */
export const CYCLE_ITERATIONS_PER_ITEM = 3000;
const CYCLE_MAX = 3_000_000;
/** Attempts between two temperature updates under a time limit. */
const STEP = 1024;
/** Progress at most this often, ms (the front changes seldom; emitting converts it for the caller). */
const EMIT_EVERY_MS = 500;

const yieldNow = () => new Promise<void>(resolve => setImmediate(resolve));

/**
 * The temperature schedule: under a deadline, the share of the time from
 * `start` to the deadline spent; else the share of the current cycle.
 */
function coolingShare(annealer: Annealer, start: number, deadline: number | undefined, cycle: number): number {
    if (deadline !== undefined) {
        return deadline > start ? Math.min(1, Math.max(0, (performance.now() - start) / (deadline - start))) : 1;
    }
    return (annealer.iterations % cycle) / cycle;
}

export async function runPackingSearch(options: SearchOptions): Promise<SearchOutcome> {
    const { space, settings, termination } = options;
    const rng = new Rng(settings.seed);
    const evals = new Evaluations(space, options.evaluator, termination, settings.evaluations, undefined, options.onEvaluation);
    const archive = new Archive();
    const state: SearchState = { generation: 0, evaluations: 0, stagnant: 0 };
    const snapshots: number[][][] = [];
    const stopped = () => termination.check(state) !== undefined;
    let hv = 0;
    let lastEmit = -Infinity;
    const add = (members: readonly Individual[]): boolean => members.reduce((changed, m) => archive.add(m) || changed, false);
    const record = (changed: boolean) => {
        state.evaluations = evals.count;
        snapshots.push(changed || snapshots.length === 0 ? archive.points() : snapshots[snapshots.length - 1]);
        if (changed) {
            hv = hypervolume(archive.points());
        }
        if (changed || performance.now() - lastEmit >= EMIT_EVERY_MS) {
            lastEmit = performance.now();
            options.onGeneration?.({ generation: state.generation, evaluations: evals.count, hypervolume: hv, archive: archive.members, fidelity: 'full' });
        }
    };

    // 1. The initial population.
    const initStop = initializationStop(termination, state);
    const pool = new UniquePool(createProblem(space), rng, [], initStop);
    pool.offerAll(options.seeds);
    for (const g of packingSeeds(space, rng, Math.max(4, settings.population), { shouldStop: initStop, search: false })) {
        pool.offerValid(g);
    }
    const initial = pool.genotypes;
    record(add(stopped() ? [] : await evals.run(initial, 'full')));

    // 2. The annealer from the cheapest.
    const start = initial.length > 0 ? initial.reduce((a, b) => (staticCost(space, b) < staticCost(space, a) ? b : a)) : undefined;
    const annealer = start && startAnnealer(space, start, rng);
    const bestGenotype = () => packingGenotype(space, annealer!.bestState(), start);
    if (annealer && !annealer.idle) {
        const chunk = Math.max(1, Math.min(CHUNK_MAX, CHUNK_ITERATIONS_PER_ITEM * annealer.state.N));
        const cycle = Math.max(1, Math.min(CYCLE_MAX, CYCLE_ITERATIONS_PER_ITEM * annealer.state.N));
        const phaseStart = performance.now();
        const deadline = termination.deadline;
        let improvements = annealer.improvements;
        let inFlight: Promise<Individual[]> | undefined;
        // The previous generation's simulations, into the archive in generation order.
        const settle = async () => {
            const done = inFlight ? await inFlight : [];
            inFlight = undefined;
            return add(done);
        };
        while (!stopped()) {
            // Generation state.generation + 1 (the rules see the generations done, as they do in loop.ts between generations).
            for (let done = 0; done < chunk;) {
                const share = coolingShare(annealer, phaseStart, deadline, cycle);
                annealer.temperature = annealer.t0 * Math.pow(annealer.t1 / annealer.t0, share);
                const want = Math.min(STEP, chunk - done, deadline === undefined ? cycle - (annealer.iterations % cycle) : STEP);
                const ran = annealer.run(want, 1, stopped);
                done += ran;
                if (ran < want) {
                    break;
                }
            }
            state.generation++;
            const improved = annealer.improvements !== improvements;
            improvements = annealer.improvements;
            const changed = await settle();
            state.evaluations = evals.count;
            state.stagnant = improved ? 0 : state.stagnant + 1;
            const candidate: Genotype = improved ? bestGenotype() : packingGenotype(space, annealer.state, start);
            if (!stopped() && !evals.known(evals.keyOf(candidate), 'full')) {
                inFlight = evals.run([candidate], 'full');
            }
            record(changed);
            await yieldNow();
        }
        record(await settle());
    }

    // 3. The best state in full, past the search's share of the time (not when cancelled or failed).
    const warnings: string[] = [];
    if (annealer && !termination.aborted) {
        const changed = add(await evals.run([bestGenotype()], 'full', options.finalSignal));
        snapshots[snapshots.length - 1] = changed ? archive.points() : snapshots[snapshots.length - 1];
    }
    if (!termination.aborted && archive.members.length === 0 && start) {
        // Nothing simulated before the time limit: one allocation anyway, past the limit, rather than no answer.
        add(await evals.run([start], 'full', options.cancelSignal ?? new AbortController().signal));
        snapshots[snapshots.length - 1] = archive.points();
        if (archive.members.length > 0) {
            warnings.push('no allocation had been simulated with the full settings when the time limit came; one was simulated after it. '
                + 'A longer time limit gives a front');
        }
    }
    return searchOutcome({ sorted: archive.sorted(), snapshots, warnings, evals, termination, generations: state.generation });
}
