/**
 * The distribution of a run's time from its steps' moments: steps are taken
 * as independent, so means and variances add; the cold starts form a discrete
 * part (each step waits its component's startup with some probability) and
 * the rest is a gamma with the remaining mean and variance. A run that never
 * meets a cold start and has one exponential step gets the exact exponential
 * (M/M/1); a cold start longer than the deadline shows up as its probability,
 * which a two-moment fit alone would smear out.
 */
import { gammaSurvival } from './math.js';

/** Atoms of the total startup delay, at most this many (the closest ones are merged beyond). */
const MAX_ATOMS = 24;

export class RunTime {
    readonly atomValue: number[] = [0];
    readonly atomProbability: number[] = [1];
    mean = 0;
    variance = 0;
    warmMean = 0;
    warmVariance = 0;

    /** Back to a run of no steps (the arrays keep their room). */
    reset(): void {
        this.atomValue.length = 1;
        this.atomProbability.length = 1;
        this.atomValue[0] = 0;
        this.atomProbability[0] = 1;
        this.mean = 0;
        this.variance = 0;
        this.warmMean = 0;
        this.warmVariance = 0;
    }

    /** Adds one step: its mean and variance (cold start included) and its cold start. */
    addStep(mean: number, variance: number, coldProbability: number, coldSeconds: number): void {
        this.mean += mean;
        this.variance += variance;
        const p = coldProbability, u = coldSeconds;
        this.warmMean += mean - p * u;
        this.warmVariance += variance - p * (1 - p) * u * u;
        if (p > 1e-9 && u > 0) {
            const n = this.atomValue.length;
            for (let a = 0; a < n; a++) {
                this.atomValue.push(this.atomValue[a] + u);
                this.atomProbability.push(this.atomProbability[a] * p);
                this.atomProbability[a] *= 1 - p;
            }
            this.compact();
        }
    }

    /** P(T > x). */
    survival(x: number): number {
        if (!Number.isFinite(this.mean)) { return 1; }
        const m = Math.max(0, this.warmMean), v = Math.max(0, this.warmVariance);
        let s = 0;
        for (let a = 0; a < this.atomValue.length; a++) {
            s += this.atomProbability[a] * gammaSurvival(m, v, x - this.atomValue[a]);
        }
        return Math.min(1, Math.max(0, s));
    }

    /** The q-quantile, by bisection on the survival function. */
    quantile(q: number): number {
        if (!Number.isFinite(this.mean)) { return this.mean; }
        let lo = 0;
        let hi = Math.max(1e-9, this.mean + 10 * Math.sqrt(Math.max(0, this.variance)));
        for (let i = 0; i < 60 && this.survival(hi) > 1 - q; i++) { hi *= 2; }
        for (let i = 0; i < 60; i++) {
            const mid = (lo + hi) / 2;
            if (this.survival(mid) > 1 - q) { lo = mid; } else { hi = mid; }
            if (hi - lo <= 1e-9 * hi) { break; }
        }
        return (lo + hi) / 2;
    }

    /** Sorts the atoms by value (stable), merges equal values, then merges the closest pairs while there are too many. In place. */
    private compact(): void {
        const v = this.atomValue, p = this.atomProbability;
        for (let i = 1; i < v.length; i++) {
            const x = v[i], y = p[i];
            let j = i - 1;
            for (; j >= 0 && v[j] > x; j--) { v[j + 1] = v[j]; p[j + 1] = p[j]; }
            v[j + 1] = x;
            p[j + 1] = y;
        }
        let n = 0;
        for (let i = 0; i < v.length; i++) {
            if (n > 0 && Math.abs(v[n - 1] - v[i]) <= 1e-9 * Math.max(1, v[i])) { p[n - 1] += p[i]; } else { v[n] = v[i]; p[n] = p[i]; n++; }
        }
        while (n > MAX_ATOMS) {
            let best = 1;
            for (let i = 2; i < n; i++) { if (v[i] - v[i - 1] < v[best] - v[best - 1]) { best = i; } }
            const w = p[best - 1] + p[best];
            v[best - 1] = w > 0 ? (v[best - 1] * p[best - 1] + v[best] * p[best]) / w : v[best - 1];
            p[best - 1] = w;
            for (let i = best + 1; i < n; i++) { v[i - 1] = v[i]; p[i - 1] = p[i]; }
            n--;
        }
        v.length = n;
        p.length = n;
    }
}
