/**
 * Per-phase measurement of one replication (docs/semantics.md, "Profiles"):
 * the counted window [warmup, horizon) cut by the phases of the reporting
 * cycle (PreparedModel.reportProfile).
 *
 * Invariants:
 * - A run counts in the phase of its arrival time (the rule of measure.ts's
 *   windows, applied to phases), only in the counted window (window 1);
 *   censored runs of a replication stopped after the warm-up count too.
 * - Cost is split over the phases by time, as measure.ts splits it over the
 *   windows.
 * - Only simulate() measures phases (Measurement.phases is null in the
 *   optimizer's evaluate()), so evaluate() and every model without a profile
 *   are untouched.
 */
import type { CompiledProfile } from './profile.js';
import { overlapWithPhase, phaseOf } from './profile.js';
import { HISTOGRAM_BUCKETS, histogramBucket } from './stats.js';

export class PhaseMeasure {
    readonly n: number;
    /** Per phase f and process p at f * P + p: counted runs, Welford mean and M2 of T, violations (this replication). */
    readonly runs: Float64Array;
    readonly mean: Float64Array;
    readonly m2: Float64Array;
    readonly violations: Float64Array;
    /** Cost billed in each phase of the window (this replication). */
    readonly cost: Float64Array;
    /** Percentile histograms per phase and process ((f * P + p) * HISTOGRAM_BUCKETS), over all replications of a simulate(). */
    readonly histogram: Uint32Array;

    constructor(private readonly P: number, private readonly deadline: Float64Array, readonly profile: CompiledProfile) {
        this.n = profile.phases;
        const size = this.n * P;
        this.runs = new Float64Array(size); this.mean = new Float64Array(size); this.m2 = new Float64Array(size); this.violations = new Float64Array(size);
        this.cost = new Float64Array(this.n);
        this.histogram = new Uint32Array(size * HISTOGRAM_BUCKETS);
    }

    /** Before a replication. */
    reset(): void {
        this.runs.fill(0); this.mean.fill(0); this.m2.fill(0); this.violations.fill(0); this.cost.fill(0);
    }

    /** Before a simulate(). */
    resetHistogram(): void { this.histogram.fill(0); }

    /** A counted run of process p that arrived at `arrival` took T seconds. */
    addRun(p: number, arrival: number, T: number): void {
        const x = phaseOf(this.profile, arrival) * this.P + p;
        const n = ++this.runs[x];
        const delta = T - this.mean[x];
        this.mean[x] += delta / n;
        this.m2[x] += delta * (T - this.mean[x]);
        if (T > this.deadline[p]) { this.violations[x]++; }
        this.histogram[x * HISTOGRAM_BUCKETS + histogramBucket(T)]++;
    }

    /** A machine costing `pricePerSecond` was up over [from, to); the counted window is [warmup, horizon). */
    bill(pricePerSecond: number, from: number, to: number, warmup: number, horizon: number): void {
        const a = from > warmup ? from : warmup, b = to < horizon ? to : horizon;
        if (!(b > a)) { return; }
        for (let f = 0; f < this.n; f++) { this.cost[f] += pricePerSecond * overlapWithPhase(this.profile, f, a, b); }
    }
}
