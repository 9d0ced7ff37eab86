/**
 * The samplers against the exact moments and tail of each distribution
 * (src/model/distributions.ts describes them independently of the sampler).
 * Tolerances: 4.5 standard errors of the estimate (a failure probability of
 * about 1e-5 per check).
 */
import { describe, expect, test } from 'vitest';
import type { Distribution } from '../../src/model/types.js';
import { distributionMean, distributionQuantile, distributionSd } from '../../src/model/distributions.js';
import { seedStream } from '../../src/model/rng.js';
import { compileDistribution, sample } from '../../src/sim/sampling.js';

const N = 400_000;

function draw(d: Distribution, seed: number): Float64Array {
    const table = new Float64Array(5);
    compileDistribution(d, table, 0);
    const state = new Int32Array(4);
    seedStream(state, 0, seed, 0, 0, 0);
    const out = new Float64Array(N);
    for (let i = 0; i < N; i++) { out[i] = sample(table, 0, state, 0); }
    return out;
}

describe('samplers', () => {
    test.each<[string, Distribution]>([
        ['exponential (ziggurat)', { kind: 'exponential', mean: 2 }],
        ['uniform', { kind: 'uniform', min: 1, max: 4 }],
        ['truncated normal', { kind: 'normal', mean: 1, sd: 1 }],
        ['lognormal', { kind: 'lognormal', mean: 3, cv: 0.8 }],
        ['gamma, shape > 1', { kind: 'gamma', mean: 2, cv: 0.5 }],
        ['gamma, shape < 1', { kind: 'gamma', mean: 2, cv: 2 }],
        ['erlang, small k', { kind: 'erlang', k: 3, mean: 6 }],
        ['erlang, large k', { kind: 'erlang', k: 40, mean: 6 }]
    ])('%s: mean, sd and the 90th percentile', (_name, d) => {
        const x = draw(d, 3);
        const mean = distributionMean(d), sd = distributionSd(d);
        let sum = 0, ss = 0, s4 = 0, min = Infinity;
        for (const v of x) { sum += v; min = Math.min(min, v); }
        const m = sum / N;
        for (const v of x) { ss += (v - m) ** 2; s4 += (v - m) ** 4; }
        const s = Math.sqrt(ss / (N - 1));
        const kurtosis = (s4 / N) / (ss / N) ** 2;
        expect(min).toBeGreaterThanOrEqual(0);
        expect(Math.abs(m - mean)).toBeLessThan(4.5 * sd / Math.sqrt(N));
        // sd: the relative standard error of s is about sqrt((kurtosis - 1) / 4N).
        expect(Math.abs(s / sd - 1)).toBeLessThan(4.5 * Math.sqrt((kurtosis - 1) / (4 * N)));
        const q90 = distributionQuantile(d, 0.9);
        let below = 0;
        for (const v of x) { if (v <= q90) { below++; } }
        expect(Math.abs(below / N - 0.9)).toBeLessThan(4.5 * Math.sqrt(0.09 / N));
    });

    test('exponential tail far out (the ziggurat base strip)', () => {
        const x = draw({ kind: 'exponential', mean: 1 }, 5);
        let beyond = 0;
        for (const v of x) { if (v > 8) { beyond++; } }
        const p = Math.exp(-8);
        expect(Math.abs(beyond / N - p)).toBeLessThan(4.5 * Math.sqrt(p / N));
    });
});
