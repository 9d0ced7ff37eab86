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

    private compact(): void {
        const v = this.atomValue, p = this.atomProbability;
        // Sort by value and merge equal values, then merge the closest pairs while there are too many.
        const order = v.map((_, i) => i).sort((a, b) => v[a] - v[b]);
        const nv: number[] = [], np: number[] = [];
        for (const i of order) {
            const last = nv.length - 1;
            if (last >= 0 && Math.abs(nv[last] - v[i]) <= 1e-9 * Math.max(1, v[i])) { np[last] += p[i]; } else { nv.push(v[i]); np.push(p[i]); }
        }
        while (nv.length > MAX_ATOMS) {
            let best = 1;
            for (let i = 2; i < nv.length; i++) { if (nv[i] - nv[i - 1] < nv[best] - nv[best - 1]) { best = i; } }
            const w = np[best - 1] + np[best];
            nv[best - 1] = w > 0 ? (nv[best - 1] * np[best - 1] + nv[best] * np[best]) / w : nv[best - 1];
            np[best - 1] = w;
            nv.splice(best, 1);
            np.splice(best, 1);
        }
        v.length = 0; p.length = 0;
        v.push(...nv); p.push(...np);
    }
}
