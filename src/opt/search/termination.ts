/**
 * Stopping rules as objects that compose (as pymoo's termination objects
 * do): a generation limit, an evaluation budget, a wall-clock deadline,
 * stagnation of the hypervolume, and cancellation. One `Termination` holds
 * them all; every phase of a run (baselines, initial population, each
 * generation, local search, the final full-fidelity simulations) asks it
 * `stopped()` and passes its `signal` to the evaluator, so a deadline or a
 * cancel cuts whatever is running. The first rule met wins and is latched.
 */
import type { StopReason } from '../api.js';

/** What the rules look at; updated by the search as it goes. */
export interface SearchState {
    generation: number;
    evaluations: number;
    /** Generations in a row without hypervolume improvement. */
    stagnant: number;
}

export interface Criterion {
    readonly reason: StopReason;
    met(state: SearchState): boolean;
}

export const maxGenerations = (n: number): Criterion => ({ reason: 'generations', met: s => s.generation >= n });
export const maxEvaluations = (n: number): Criterion => ({ reason: 'evaluations', met: s => s.evaluations >= n });
export const stagnation = (n: number): Criterion => ({ reason: 'stagnation', met: s => s.stagnant >= n });

export class Termination {
    private reason: StopReason | undefined;
    private readonly controller = new AbortController();
    private readonly timer: ReturnType<typeof setTimeout> | undefined;
    private readonly cancel: AbortSignal | undefined;
    private readonly onCancel: () => void;

    /**
     * @param deadline performance.now() value after which the run stops ('time'); undefined: none.
     * @param parent the caller's signal ('cancelled'), or an enclosing Termination (its reason is taken over).
     */
    constructor(private readonly criteria: readonly Criterion[], readonly deadline: number | undefined, parent?: AbortSignal | Termination) {
        this.cancel = parent instanceof Termination ? parent.signal : parent;
        this.onCancel = () => this.stop(parent instanceof Termination ? parent.stoppedBy ?? 'cancelled' : 'cancelled');
        if (this.cancel?.aborted) {
            this.onCancel();
        }
        this.cancel?.addEventListener('abort', this.onCancel);
        if (deadline !== undefined) {
            this.timer = setTimeout(() => this.stop('time'), Math.max(0, deadline - performance.now()));
        }
    }

    /** Aborted as soon as any rule is met (pass it to every evaluation). */
    get signal(): AbortSignal {
        return this.controller.signal;
    }

    get stoppedBy(): StopReason | undefined {
        return this.reason;
    }

    stop(reason: StopReason): void {
        if (this.reason === undefined) {
            this.reason = reason;
            this.controller.abort();
        }
    }

    /** Checks every rule against `state` (and the clock); the reason once stopped. */
    check(state: SearchState): StopReason | undefined {
        if (this.reason === undefined && this.deadline !== undefined && performance.now() >= this.deadline) {
            this.stop('time');
        }
        for (const criterion of this.criteria) {
            if (this.reason === undefined && criterion.met(state)) {
                this.stop(criterion.reason);
            }
        }
        return this.reason;
    }

    /** Seconds until the deadline (0 when past), or undefined without one. */
    timeLeftSeconds(): number | undefined {
        return this.deadline === undefined ? undefined : Math.max(0, (this.deadline - performance.now()) / 1000);
    }

    /** The run was cancelled or failed (not a normal stop: no final phase). */
    get aborted(): boolean {
        return this.reason === 'cancelled' || this.reason === 'error';
    }

    dispose(): void {
        if (this.timer) {
            clearTimeout(this.timer);
        }
        this.cancel?.removeEventListener('abort', this.onCancel);
    }
}
