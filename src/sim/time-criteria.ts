/**
 * The time criteria of each replication (semantics.md): k1 = sum_p W^t_p
 * mean(T_p) and k2 = sum_p W^v_p var(T_p), for the whole window
 * (simulator.ts) and for each phase of a profile (profile-report.ts).
 *
 * A replication in which a process has no counted run has no mean of its
 * own (fewer than two runs: no variance). It takes the process's mean
 * (variance) over the runs of all replications pooled — the figure the
 * per-process table shows — and, when no replication has one, 0 or (the
 * optimizer's brief simulations) another estimate's value.
 * Why: counting 0 made k1 follow how many replications happened to see a
 * run of a rare process. On the generated benchmark model two trainings
 * arrive every 7.5 h in a 6.7 h window, so about 4 replications in 10 see
 * none; with 0 their share of k1 moved by a third between seeds for one
 * and the same allocation, and the optimizer's choice moved with it
 * (docs/benchmarks.md). The imputed replications carry no spread of their
 * own, so k1's interval is a little narrower than the per-replication
 * values alone would give: docs/semantics.md says so.
 */
import { PooledMoments } from './stats.js';

/** Per replication and process: counted runs, their mean and sum of squared deviations. */
export class ReplicationMoments {
    private readonly runs: number[] = [];
    private readonly mean: number[] = [];
    private readonly m2: number[] = [];

    constructor(private readonly processes: number) {}

    /** The replications added so far. */
    get replications(): number { return this.runs.length / Math.max(1, this.processes); }

    /** Forget every replication (the simulator reuses one instance per allocation). */
    clear(): void {
        this.runs.length = 0;
        this.mean.length = 0;
        this.m2.length = 0;
    }

    /** One replication's moments, process by process (each array holds `processes` values from `offset`). */
    add(runs: ArrayLike<number>, mean: ArrayLike<number>, m2: ArrayLike<number>, offset = 0): void {
        for (let p = 0; p < this.processes; p++) {
            this.runs.push(runs[offset + p]);
            this.mean.push(mean[offset + p]);
            this.m2.push(m2[offset + p]);
        }
    }

    /**
     * k1 and k2 of every replication, in order, with the rule above; written
     * into `k1` and `k2` (at least `replications` long). `unseen`, when
     * given, is asked for the mean (variance) of a process with no counted
     * run (fewer than two) in any replication, instead of 0.
     */
    criteria(weightTime: ArrayLike<number>, weightVariance: ArrayLike<number>, k1: { [i: number]: number }, k2: { [i: number]: number },
        unseen?: () => { mean: ArrayLike<number>; variance: ArrayLike<number> }): void {
        const P = this.processes, R = this.replications;
        const pooledMean = new Float64Array(P), pooledVariance = new Float64Array(P);
        for (let p = 0; p < P; p++) {
            const pooled = new PooledMoments();
            for (let r = 0; r < R; r++) {
                const x = r * P + p;
                pooled.add(this.runs[x], this.mean[x], this.m2[x]);
            }
            pooledMean[p] = pooled.n > 0 ? pooled.mean : NaN;
            pooledVariance[p] = pooled.n > 1 ? pooled.variance : NaN;
        }
        let estimate: { mean: ArrayLike<number>; variance: ArrayLike<number> } | undefined;
        for (let p = 0; p < P; p++) {
            if (Number.isNaN(pooledMean[p]) || Number.isNaN(pooledVariance[p])) {
                estimate ??= unseen?.();
                if (Number.isNaN(pooledMean[p])) { pooledMean[p] = estimate ? estimate.mean[p] : 0; }
                if (Number.isNaN(pooledVariance[p])) { pooledVariance[p] = estimate ? estimate.variance[p] : 0; }
            }
        }
        for (let r = 0; r < R; r++) {
            let time = 0, variance = 0;
            for (let p = 0; p < P; p++) {
                const x = r * P + p, n = this.runs[x];
                time += weightTime[p] * (n > 0 ? this.mean[x] : pooledMean[p]);
                variance += weightVariance[p] * (n > 1 ? this.m2[x] / (n - 1) : pooledVariance[p]);
            }
            k1[r] = time;
            k2[r] = variance;
        }
    }
}
