/** The statistics helpers: percentile histogram accuracy, t quantiles, pooled moments. */
import { describe, expect, test } from 'vitest';
import { seedStream } from '../../src/model/rng.js';
import { compileDistribution, sample } from '../../src/sim/sampling.js';
import { HISTOGRAM_BUCKETS, histogramBucket, histogramQuantile, meanWithCI, PooledMoments, tQuantile975 } from '../../src/sim/stats.js';

function values(n: number): Float64Array {
    const table = new Float64Array(5);
    compileDistribution({ kind: 'lognormal', mean: 5, cv: 3 }, table, 0);
    const state = new Int32Array(4);
    seedStream(state, 0, 9, 0, 0, 0);
    return Float64Array.from({ length: n }, () => sample(table, 0, state, 0));
}

describe('percentile histogram', () => {
    test('every quantile is within 0.5% of the exact order statistic', () => {
        const x = values(50_000);
        const h = new Float64Array(HISTOGRAM_BUCKETS);
        for (const v of x) { h[histogramBucket(v)]++; }
        const sorted = Float64Array.from(x).sort();
        for (const q of [0.01, 0.1, 0.5, 0.9, 0.95, 0.99, 0.999]) {
            const exact = sorted[Math.ceil(q * x.length) - 1];
            const got = histogramQuantile(h, 0, x.length, q);
            expect(Math.abs(got / exact - 1), `q = ${q}`).toBeLessThanOrEqual(0.005);
        }
    });

    test('no values, or times of 0: quantiles are 0; huge times stay finite', () => {
        expect(histogramQuantile(new Float64Array(HISTOGRAM_BUCKETS), 0, 0, 0.5)).toBe(0);
        const h = new Float64Array(HISTOGRAM_BUCKETS);
        h[histogramBucket(0)] += 3;
        h[histogramBucket(1e300)] += 1;
        expect(histogramQuantile(h, 0, 4, 0.5)).toBe(0);
        expect(Number.isFinite(histogramQuantile(h, 0, 4, 0.99))).toBe(true);
    });
});

describe('intervals and pooling', () => {
    test('t quantiles match the tables beyond 30 degrees of freedom', () => {
        expect(tQuantile975(9)).toBeCloseTo(2.262, 3);
        expect(tQuantile975(40)).toBeCloseTo(2.021, 3);
        expect(tQuantile975(60)).toBeCloseTo(2.000, 3);
        expect(tQuantile975(120)).toBeCloseTo(1.980, 3);
    });

    test('95% interval of a mean', () => {
        const r = meanWithCI([1, 2, 3, 4]);
        expect(r.mean).toBe(2.5);
        // sd = sqrt(5/3), t(0.975, 3) = 3.182
        expect(r.halfWidth).toBeCloseTo(3.182 * Math.sqrt(5 / 3) / 2, 9);
        expect(meanWithCI([7]).ci).toEqual([7, 7]);
    });

    test('pooled moments equal the moments of the concatenated data', () => {
        const x = Array.from(values(1000));
        const groups = [x.slice(0, 100), x.slice(100, 101), x.slice(101, 700), x.slice(700)];
        const pooled = new PooledMoments();
        for (const g of groups) {
            const mean = g.reduce((a, b) => a + b, 0) / g.length;
            pooled.add(g.length, mean, g.reduce((a, b) => a + (b - mean) ** 2, 0));
        }
        const mean = x.reduce((a, b) => a + b, 0) / x.length;
        const variance = x.reduce((a, b) => a + (b - mean) ** 2, 0) / (x.length - 1);
        expect(pooled.n).toBe(1000);
        expect(pooled.mean).toBeCloseTo(mean, 9);
        expect(pooled.variance / variance).toBeCloseTo(1, 9);
    });
});
