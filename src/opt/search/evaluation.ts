/**
 * Evaluation with a cache per fidelity. `screen` is the analytic estimate
 * (synchronous, microseconds, never counted); `brief` and `full` are
 * simulations sent to the evaluator (worker pool), counted in
 * `evaluations` and cut to the evaluation budget. Results arrive in any
 * order and are stored by key, so what the search sees never depends on
 * timing. Keys are hashes of the canonical genotypes (GenotypeKeys of
 * src/opt/genotype-map.ts: one pass over the arrays, collisions told
 * apart), not strings of every cell; the individuals carry the same keys.
 * A point with a non-finite criterion is stored as Infinity everywhere and
 * never enters a population or an archive.
 */
import type { AllocationDef, Objectives } from '../../model/types.js';
import type { SimulationResult } from '../../sim/api.js';
import type { Evaluator, Fidelity } from '../evaluator.js';
import { toAllocation, type Genotype, type Space } from '../genotype.js';
import { GenotypeKeys } from '../genotype-map.js';
import { toPoint, type Individual } from './archive.js';
import { selectSurvivors } from './survival.js';
import type { Termination } from './termination.js';
import { linkedSignal } from './signal.js';

/** An analytic estimate of an allocation's criteria (no simulation). */
export type Screen = (allocation: AllocationDef) => Objectives;

export class Evaluations {
    private readonly caches: Record<Fidelity, Map<string, number[]>> = { brief: new Map(), full: new Map() };
    private readonly screened = new Map<string, number[]>();
    private readonly keys = new GenotypeKeys();
    /** Simulations done (both fidelities). */
    count = 0;
    /** Simulations done at each fidelity. */
    readonly byFidelity: Record<Fidelity, number> = { brief: 0, full: 0 };
    failure: string | undefined;
    /** Full simulations with statistics (runDetailed), by key. */
    readonly details = new Map<string, SimulationResult>();

    constructor(
        private readonly space: Space,
        private readonly evaluator: Evaluator,
        private readonly termination: Termination,
        /** Simulations allowed in all; 0: no budget. */
        private readonly budget: number,
        private readonly screenFn?: Screen,
        private readonly onCount?: (count: number) => void
    ) {}

    get canScreen(): boolean {
        return this.screenFn !== undefined;
    }

    /** The key of g (provisional while g was never screened or evaluated: see GenotypeKeys). */
    keyOf(g: Genotype): string {
        return this.keys.key(g);
    }

    known(key: string, fidelity: Fidelity): boolean {
        return this.caches[fidelity].has(key);
    }

    point(key: string, fidelity: Fidelity): number[] | undefined {
        return this.caches[fidelity].get(key);
    }

    /** The analytic estimate of `g` (cached); undefined without a screen. */
    screen(g: Genotype): number[] | undefined {
        return this.screenFn ? this.estimate(g, this.keys.register(g), this.screenFn) : undefined;
    }

    private estimate(g: Genotype, key: string, screenFn: Screen): number[] {
        let point = this.screened.get(key);
        if (!point) {
            try {
                point = toPoint(screenFn(toAllocation(this.space, g)));
            } catch {
                point = [Infinity, Infinity, Infinity, Infinity];
            }
            if (!point.every(Number.isFinite)) {
                point = point.map(() => Infinity);
            }
            this.screened.set(key, point);
        }
        return point;
    }

    /**
     * The `size` candidates to simulate at `fidelity`: without a screen (or
     * with no more than `size` candidates) the first `size`; with one, those
     * not yet simulated at that fidelity (a known one would cost nothing and
     * teach nothing), the best by NSGA-II ranking of their estimates
     * (survival.ts), in candidate order where the ranking ties.
     */
    pick(candidates: readonly Genotype[], size: number, fidelity: Fidelity): Genotype[] {
        if (!this.screenFn || candidates.length <= size) {
            return candidates.slice(0, size);
        }
        const cache = this.caches[fidelity];
        const scored: Individual[] = [];
        for (const genotype of candidates) {
            const key = this.keys.register(genotype);
            if (cache.has(key)) {
                continue;
            }
            const point = this.estimate(genotype, key, this.screenFn);
            if (point.every(Number.isFinite)) {
                scored.push({ key, genotype, point });
            }
        }
        return selectSurvivors(scored, size).map(c => c.genotype);
    }

    /**
     * Like run(genotypes, 'full') but through the evaluator's `simulate`, one
     * request per allocation: the statistics and confidence intervals are
     * kept in `details` (no second simulation for the front's details), and a
     * cut by `signal` keeps every simulation that finished.
     */
    async runDetailed(genotypes: readonly Genotype[], signal: AbortSignal = this.termination.signal): Promise<Individual[]> {
        const cache = this.caches.full;
        const keys = genotypes.map(g => this.keys.register(g));
        const todo = [...new Set(keys.filter(key => !cache.has(key)))];
        const left = this.budget > 0 ? this.budget - this.count : Infinity;
        const batch = todo.slice(0, Math.max(0, left));
        if (batch.length > 0 && !signal.aborted) {
            const byKey = new Map(keys.map((key, i) => [key, genotypes[i]]));
            const linked = linkedSignal(signal);
            const settled = await Promise.allSettled(batch.map(async key => {
                const [result] = await this.evaluator.simulate([toAllocation(this.space, byKey.get(key)!)], linked.signal);
                const point = toPoint(result.objectives);
                cache.set(key, point.every(Number.isFinite) ? point : point.map(() => Infinity));
                this.details.set(key, result);
                this.count++;
                this.byFidelity.full++;
                this.onCount?.(this.count);
            }));
            linked.dispose();
            const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
            if (failed && !signal.aborted) {
                const error = failed.reason;
                this.failure = `evaluation failed: ${error instanceof Error ? error.message : String(error)}; the result holds the front found so far`;
                this.termination.stop('error');
            }
        }
        return this.collect(keys, genotypes, cache);
    }

    private collect(keys: string[], genotypes: readonly Genotype[], cache: Map<string, number[]>): Individual[] {
        const result: Individual[] = [];
        const seen = new Set<string>();
        keys.forEach((key, i) => {
            const point = cache.get(key);
            if (point && point.every(Number.isFinite) && !seen.has(key)) {
                seen.add(key);
                result.push({ key, genotype: genotypes[i], point });
            }
        });
        return result;
    }

    /**
     * Simulates what is not cached at `fidelity` (within the budget, until the
     * termination's signal aborts); returns the individuals that have finite
     * criteria, in input order, without duplicates.
     */
    async run(genotypes: readonly Genotype[], fidelity: Fidelity, signal: AbortSignal = this.termination.signal): Promise<Individual[]> {
        const cache = this.caches[fidelity];
        const keys = genotypes.map(g => this.keys.register(g));
        const todo: number[] = [];
        const queued = new Set<string>();
        keys.forEach((key, i) => {
            if (!cache.has(key) && !queued.has(key)) {
                queued.add(key);
                todo.push(i);
            }
        });
        const left = this.budget > 0 ? this.budget - this.count : Infinity;
        const batch = todo.slice(0, Math.max(0, left));
        if (batch.length > 0 && !signal.aborted) {
            try {
                await this.evaluator.evaluate(
                    batch.map(i => toAllocation(this.space, genotypes[i])),
                    (j, objectives) => {
                        const point = toPoint(objectives);
                        cache.set(keys[batch[j]], point.every(Number.isFinite) ? point : point.map(() => Infinity));
                        this.count++;
                        this.byFidelity[fidelity]++;
                        this.onCount?.(this.count);
                    },
                    signal,
                    fidelity);
            } catch (error) {
                this.failure = `evaluation failed: ${error instanceof Error ? error.message : String(error)}; the result holds the front found so far`;
                this.termination.stop('error');
            }
        }
        return this.collect(keys, genotypes, cache);
    }
}
