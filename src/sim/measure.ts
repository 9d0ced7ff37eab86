/**
 * Measurement of one replication (docs/semantics.md, "Warm-up"): two windows,
 * the warm-up [0, warmup) and the counted window [warmup, horizon), kept by
 * ONE mechanism. Window 1 is what a replication reports; window 0 is reported
 * instead when the replication was stopped before the warm-up ended (an
 * overloaded allocation must not look ideal because nothing was counted).
 *
 * Invariants:
 * - A run belongs to the window of its arrival time, whatever its end time.
 * - Machine integrals (CPU GHz*s, GPU TOPS*s, RAM MB*s) and the cost of the
 *   machines that are up are split over the windows by time: each window gets
 *   the part of [last, t) that overlaps it. Callers add spans in time order.
 * - Each window feeds its own percentile histogram; window 0's (kept for one
 *   replication) is added to the reported one only when the replication
 *   reports window 0.
 *
 * - The time decomposition (docs/semantics.md, "Where the time goes") is one
 *   more accumulator per window (stepSums, stepKind): at the end of each step
 *   the dispatcher adds the step's parts to the window of the run's arrival
 *   (windowOf, the rule of addRun), by chain position, only while
 *   `collectTime` is on (simulate(), not the optimizer's evaluate()).
 */
import { HISTOGRAM_BUCKETS, histogramBucket } from './stats.js';
import type { PhaseMeasure } from './profile-measure.js';

/** Per-process run counts, Welford mean and M2 of T, and deadline violations. */
export interface RunMeasures {
    runs: Float64Array;
    mean: Float64Array;
    m2: Float64Array;
    violations: Float64Array;
}

/** What one window measured. */
export interface WindowMeasures extends RunMeasures {
    cost: number;
    cpuIntegral: Float64Array;
    gpuIntegral: Float64Array;
    ramIntegral: Float64Array;
    /**
     * The time decomposition's sums, per chain position q at q * STEP_SUMS + S_*:
     * the steps that ended, their wait for an instance (queue + RAM), RAM wait,
     * cold start and work time, how many cold-started, the service of the
     * steps with both CPU and GPU work (or a split cost), the seconds the
     * steps' last parts lost to sharing the CPU, the GPU and the network
     * (sharing.ts), and the transfer time (transfer.ts). Service of the others
     * is computed from stepKind at the end (time-parts.ts): no division per step.
     */
    stepSums: Float64Array;
    /** Per chain position q and server kind k, at (q * kinds + k) * 2: the work (CPU or GPU) done there, and the step time. */
    stepKind: Float64Array;
}

export const STEP_SUMS = 11;
export const S_WAIT = 0, S_RAM = 1, S_COLD = 2, S_WORK = 3, S_COUNT = 4, S_COLD_COUNT = 5, S_MIXED_SERVICE = 6;
export const S_LOST_CPU = 7, S_LOST_GPU = 8, S_LOST_NET = 9;
/** Seconds the steps' last parts spent receiving data and waiting the latency (transfer.ts). */
export const S_TRANSFER = 10;

function newWindow(P: number, M: number, Q: number, K: number): WindowMeasures {
    return {
        runs: new Float64Array(P), mean: new Float64Array(P), m2: new Float64Array(P), violations: new Float64Array(P),
        cost: 0, cpuIntegral: new Float64Array(M), gpuIntegral: new Float64Array(M), ramIntegral: new Float64Array(M),
        stepSums: new Float64Array(Q * STEP_SUMS), stepKind: new Float64Array(Q * K * 2)
    };
}

/** Length of [a, b) inside [w, h). */
export function overlap(a: number, b: number, w: number, h: number): number {
    const lo = a > w ? a : w;
    const hi = b < h ? b : h;
    return hi > lo ? hi - lo : 0;
}

export class Measurement {
    /** windows[0]: [0, warmup); windows[1]: [warmup, horizon). */
    readonly windows: [WindowMeasures, WindowMeasures];
    private warmup = 0;
    private horizon = 0;
    /** Percentile histograms per process (P x HISTOGRAM_BUCKETS counts), allocated and filled only when collecting. */
    histogram = new Uint32Array(0);
    /** Window 0's histogram of the current replication. */
    private histogram0 = new Uint32Array(0);
    collectHistogram = false;
    /** Fill the time decomposition (addStep); off in the optimizer's hot path. */
    collectTime = false;
    /** Per-phase measures of the counted window (profile-measure.ts); null unless simulate() measures phases. */
    phases: PhaseMeasure | null = null;

    /** P processes, Q chain positions, K server kinds. */
    constructor(private readonly P: number, private readonly deadline: Float64Array, Q: number, K: number) {
        this.windows = [newWindow(P, 0, Q, K), newWindow(P, 0, Q, K)];
    }

    /** Sizes the machine integrals for `M` machines (reused when the size is the same). */
    setMachines(M: number): void {
        for (let w = 0; w < 2; w++) {
            const x = this.windows[w];
            if (x.cpuIntegral.length !== M) {
                x.cpuIntegral = new Float64Array(M);
                x.gpuIntegral = new Float64Array(M);
                x.ramIntegral = new Float64Array(M);
            }
        }
    }

    /** Empties both windows before a replication. */
    reset(warmupSeconds: number, horizonSeconds: number): void {
        this.warmup = warmupSeconds;
        this.horizon = horizonSeconds;
        for (let w = 0; w < 2; w++) {
            const x = this.windows[w];
            x.runs.fill(0); x.mean.fill(0); x.m2.fill(0); x.violations.fill(0);
            x.cost = 0;
            x.cpuIntegral.fill(0); x.gpuIntegral.fill(0); x.ramIntegral.fill(0);
            if (this.collectTime) { x.stepSums.fill(0); x.stepKind.fill(0); }
        }
        if (this.phases !== null) { this.phases.reset(); }
        if (this.collectHistogram) {
            if (this.histogram0.length === 0) { this.histogram0 = new Uint32Array(this.P * HISTOGRAM_BUCKETS); } else { this.histogram0.fill(0); }
        }
    }

    /** Clears (allocating on first use) the percentile histograms before a simulate(). */
    resetHistogram(): void {
        if (this.histogram.length === 0) { this.histogram = new Uint32Array(this.P * HISTOGRAM_BUCKETS); } else { this.histogram.fill(0); }
    }

    /** A run of process p that arrived at `arrival` took T seconds (ended, or censored at a stop). */
    addRun(p: number, arrival: number, T: number): void {
        if (arrival >= this.warmup) {
            if (arrival < this.horizon) {
                addRun(this.windows[1], p, T, this.deadline[p]);
                if (this.collectHistogram) { this.histogram[p * HISTOGRAM_BUCKETS + histogramBucket(T)]++; }
                if (this.phases !== null) { this.phases.addRun(p, arrival, T); }
            }
        } else {
            addRun(this.windows[0], p, T, this.deadline[p]);
            if (this.collectHistogram) { this.histogram0[p * HISTOGRAM_BUCKETS + histogramBucket(T)]++; }
        }
    }

    /** The window a run that arrived at `arrival` counts in, or null (after the horizon). */
    windowOf(arrival: number): WindowMeasures | null {
        return arrival >= this.warmup ? (arrival < this.horizon ? this.windows[1] : null) : this.windows[0];
    }

    /**
     * A run still in the system at a stop, its time censored at the stop: it
     * goes to the reported window (window 0 when the replication stopped
     * before the warm-up ended) and to the histogram.
     */
    addCensored(p: number, arrival: number, T: number, early: boolean): void {
        addRun(this.windows[early ? 0 : 1], p, T, this.deadline[p]);
        if (!early && this.phases !== null) { this.phases.addRun(p, arrival, T); }
        if (this.collectHistogram) { (early ? this.histogram0 : this.histogram)[p * HISTOGRAM_BUCKETS + histogramBucket(T)]++; }
    }

    /** The window a replication reports (0 when it stopped before the warm-up ended), its runs' times added to the histogram. */
    report(early: boolean): WindowMeasures {
        if (early && this.collectHistogram) {
            const h = this.histogram, h0 = this.histogram0;
            for (let b = 0; b < h0.length; b++) { h[b] += h0[b]; }
        }
        return this.windows[early ? 0 : 1];
    }

    /** Machine m ran at these rates and this RAM over [last, t) (last < t). */
    integrate(m: number, last: number, t: number, cpuRate: number, gpuRate: number, ramMB: number): void {
        const W = this.warmup, H = this.horizon;
        if (last < W) {
            const span = (t < W ? t : W) - last;
            const x = this.windows[0];
            x.cpuIntegral[m] += cpuRate * span;
            x.gpuIntegral[m] += gpuRate * span;
            x.ramIntegral[m] += ramMB * span;
        }
        if (t > W && last < H) {
            const span = (t < H ? t : H) - (last > W ? last : W);
            const x = this.windows[1];
            x.cpuIntegral[m] += cpuRate * span;
            x.gpuIntegral[m] += gpuRate * span;
            x.ramIntegral[m] += ramMB * span;
        }
    }

    /** A machine costing `pricePerSecond` was up over [from, to). */
    bill(pricePerSecond: number, from: number, to: number): void {
        this.windows[1].cost += pricePerSecond * overlap(from, to, this.warmup, this.horizon);
        this.windows[0].cost += pricePerSecond * overlap(from, to, 0, this.warmup);
        if (this.phases !== null) { this.phases.bill(pricePerSecond, from, to, this.warmup, this.horizon); }
    }
}

/** Adds one run of process p with execution time T (Welford's update). */
function addRun(into: RunMeasures, p: number, T: number, deadline: number): void {
    const n = ++into.runs[p];
    const delta = T - into.mean[p];
    into.mean[p] += delta / n;
    into.m2[p] += delta * (T - into.mean[p]);
    if (T > deadline) { into.violations[p]++; }
}
