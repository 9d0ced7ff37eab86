/**
 * Statistics helpers: the percentile histogram, Student t quantiles and
 * confidence intervals, pooling of per-replication moments.
 *
 * Percentiles come from a log-linear histogram read straight from the bits of
 * the double (no logarithm): each power of two [2^e, 2^(e+1)) is cut into 128
 * equal buckets, for e from -20 (about 1 microsecond) to 29 (about 17 years);
 * the reported value is the bucket's middle, so the relative error is below
 * 0.5 / 128 < 0.4%. Shorter times go to the first bucket, reported as 0;
 * longer ones to the last.
 */

import { clipAtZero } from '../model/intervals.js';

const MIN_EXPONENT = -20;
const OCTAVES = 50;
const PER_OCTAVE = 128;
export const HISTOGRAM_BUCKETS = OCTAVES * PER_OCTAVE;

const scratch = new Float64Array(1);
const words = new Uint32Array(scratch.buffer);
/** Index of the 32-bit word holding the sign, exponent and top of the mantissa. */
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

export function histogramBucket(seconds: number): number {
    if (!(seconds > 0)) { return 0; }
    scratch[0] = seconds;
    const high = words[HIGH];
    const exponent = ((high >>> 20) & 0x7ff) - 1023 - MIN_EXPONENT;
    if (exponent < 0) { return 0; }
    if (exponent >= OCTAVES) { return HISTOGRAM_BUCKETS - 1; }
    return exponent * PER_OCTAVE + ((high >>> 13) & (PER_OCTAVE - 1));
}

function bucketValue(b: number): number {
    if (b === 0) { return 0; } // zero and times below about 1 microsecond
    const octave = Math.floor(b / PER_OCTAVE);
    return Math.pow(2, octave + MIN_EXPONENT) * (1 + (b - octave * PER_OCTAVE + 0.5) / PER_OCTAVE);
}

/** The q-quantile (0 < q < 1) of `count` values in the histogram slice starting at `offset`. */
export function histogramQuantile(h: ArrayLike<number>, offset: number, count: number, q: number): number {
    if (count <= 0) { return 0; }
    const rank = Math.max(1, Math.ceil(q * count));
    let seen = 0;
    for (let b = 0; b < HISTOGRAM_BUCKETS; b++) {
        seen += h[offset + b];
        if (seen >= rank) { return bucketValue(b); }
    }
    return bucketValue(HISTOGRAM_BUCKETS - 1);
}

/** Two-sided 97.5% quantiles of Student's t for 1..30 degrees of freedom (standard tables). */
const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145,
    2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042];

/** The 0.975 quantile of Student's t with `df` degrees of freedom (Cornish-Fisher expansion beyond 30). */
export function tQuantile975(df: number): number {
    if (df < 1) { return Infinity; }
    if (df <= 30) { return T975[Math.round(df) - 1]; }
    const z = 1.959963984540054;
    const z3 = z * z * z, z5 = z3 * z * z;
    return z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df * df);
}

/**
 * Mean and 95% t-interval of `values`; one value gives a zero-width interval.
 * For a quantity that cannot be negative (times, variances, rates, costs:
 * every interval the simulator reports), `nonNegative` clips the lower end at
 * 0 (with 2 replications, t = 12.7 made "mean 11.1 min, 95% CI -710.9 ..
 * 2,043"); `clipped` then says the t-interval reached below 0.
 */
export function meanWithCI(values: ArrayLike<number>, nonNegative = false): { mean: number; ci: [number, number]; halfWidth: number; clipped: boolean } {
    const n = values.length;
    if (n === 0) { return { mean: 0, ci: [0, 0], halfWidth: 0, clipped: false }; }
    let mean = 0;
    for (let i = 0; i < n; i++) { mean += values[i]; }
    mean /= n;
    if (n === 1) { return { mean, ci: [mean, mean], halfWidth: 0, clipped: false }; }
    let ss = 0;
    for (let i = 0; i < n; i++) { ss += (values[i] - mean) ** 2; }
    const half = tQuantile975(n - 1) * Math.sqrt(ss / (n - 1) / n);
    const clipped = nonNegative && mean - half < 0;
    return { mean, ci: nonNegative ? clipAtZero([mean - half, mean + half]) : [mean - half, mean + half], halfWidth: half, clipped };
}

/** Accumulates (count, mean, M2) groups with Chan's formula. */
export class PooledMoments {
    n = 0;
    mean = 0;
    m2 = 0;
    add(n: number, mean: number, m2: number): void {
        if (n <= 0) { return; }
        const total = this.n + n;
        const delta = mean - this.mean;
        this.mean += delta * n / total;
        this.m2 += m2 + delta * delta * this.n * n / total;
        this.n = total;
    }
    /** Sample variance (n - 1); 0 below two values. */
    get variance(): number { return this.n > 1 ? this.m2 / (this.n - 1) : 0; }
}
