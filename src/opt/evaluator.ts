/**
 * Where allocations get simulated: the search only sees this interface. The
 * worker pool (pool.ts) implements it on worker_threads; `inlineEvaluator`
 * runs a simulator (or any function, e.g. an analytic one in the tests) on
 * the calling thread, yielding to the event loop between allocations.
 */
import type { AllocationDef, Objectives } from '../model/types.js';
import type { SimulationResult, Simulator } from '../sim/api.js';

/**
 * `full`: the run's settings. `brief`: a cheaper simulation (one
 * replication, a shorter horizon) used to rank candidates; see
 * briefSettings in search/fidelity.ts.
 */
export type Fidelity = 'brief' | 'full';

export interface Evaluator {
    /**
     * Simulates each allocation and calls `onResult(index, objectives)` as each
     * one finishes (in any order). Resolves when all are done or as soon as
     * `signal` aborts (unfinished ones are then never reported); rejects when
     * evaluation fails (e.g. a worker crashed). `fidelity` defaults to full.
     */
    evaluate(allocations: AllocationDef[], onResult: (index: number, objectives: Objectives) => void, signal: AbortSignal, fidelity?: Fidelity): Promise<void>;
    /** Full statistics of each allocation (for baselines and the front's details). */
    simulate(allocations: AllocationDef[], signal: AbortSignal): Promise<SimulationResult[]>;
    /** Releases threads; the evaluator is unusable afterwards. */
    close(): Promise<void>;
    /** Number of allocations simulated at the same time. */
    readonly parallelism: number;
    /** What went wrong on the way and was recovered from (a stuck worker replaced, ...), for the result's warnings. */
    warnings?(): string[];
}

const yieldToEventLoop = () => new Promise<void>(resolve => setImmediate(resolve));

/** An evaluator on the calling thread (tests, `workers: 1` without threads); `brief` serves brief evaluations (default: `simulator`). */
export function inlineEvaluator(simulator: Simulator, brief: Simulator = simulator): Evaluator {
    return {
        parallelism: 1,
        async evaluate(allocations, onResult, signal, fidelity = 'full') {
            const chosen = fidelity === 'brief' ? brief : simulator;
            for (let i = 0; i < allocations.length && !signal.aborted; i++) {
                onResult(i, chosen.evaluate(allocations[i]));
                await yieldToEventLoop();
            }
        },
        async simulate(allocations, signal) {
            const results: SimulationResult[] = [];
            for (const allocation of allocations) {
                if (signal.aborted) {
                    throw new Error('cancelled');
                }
                results.push(simulator.simulate(allocation));
                await yieldToEventLoop();
            }
            return results;
        },
        async close() { /* nothing to release */ }
    };
}
