/**
 * `mlops fit`'s families: parameters recovered from 10,000 samples of each
 * family (maximum likelihood) and percentiles reproduced from percentiles
 * alone (quantile matching), each within 5% (issue 14).
 */
import { describe, expect, test } from 'vitest';
import { distributionMean, distributionQuantile, distributionSd } from '../../src/model/distributions.js';
import type { Distribution } from '../../src/model/types.js';
import { fitPercentiles, fitSamples, REPORTED_QUANTILES } from '../../src/platform/fit.js';
import { drawSamples } from './sampling-helper.js';

const TRUE: Record<string, Distribution> = {
    lognormal: { kind: 'lognormal', mean: 0.045, cv: 0.6 },
    gamma: { kind: 'gamma', mean: 0.08, cv: 0.6 },
    erlang: { kind: 'erlang', k: 4, mean: 2.5 },
    exponential: { kind: 'exponential', mean: 0.3 }
};

const within = (actual: number, expected: number, tolerance: number) =>
    expect(Math.abs(actual - expected) / expected, `${actual} vs ${expected}`).toBeLessThan(tolerance);

describe('fit from samples (maximum likelihood)', () => {
    for (const [family, truth] of Object.entries(TRUE)) {
        test(`${family}: mean and sd recovered within 5% from 10,000 samples, and ${family} is the best family`, () => {
            const samples = drawSamples(truth, 10_000, 7);
            const result = fitSamples(samples);
            const fit = result.fits.find(f => f.family === family)!;
            within(distributionMean(fit.distribution), distributionMean(truth), 0.05);
            within(distributionSd(fit.distribution), distributionSd(truth), 0.05);
            if (truth.kind === 'erlang') {
                expect(fit.distribution).toMatchObject({ kind: 'erlang', k: truth.k });
            }
            expect(result.best).toBe(family);
            for (const e of fit.errors) {
                expect(Math.abs(e.relativeError)).toBeLessThan(0.05);
            }
        });
    }

    test('a wrong family fits worse: an exponential to lognormal data misses a percentile by more than 5%', () => {
        const result = fitSamples(drawSamples(TRUE.lognormal, 10_000, 3));
        expect(result.fits.find(f => f.family === 'exponential')!.maxError).toBeGreaterThan(0.05);
    });

    test('bad samples are refused', () => {
        expect(() => fitSamples([1])).toThrow(/at least 2/);
        expect(() => fitSamples([1, -2, 3])).toThrow(/positive/);
        expect(() => fitSamples([2, 2, 2])).toThrow(/constant/);
    });
});

describe('fit from percentiles alone (quantile matching)', () => {
    for (const [family, truth] of Object.entries(TRUE)) {
        test(`${family}: p50, p95, p99 reproduced within 5% by the best family and by ${family}`, () => {
            const points = REPORTED_QUANTILES.map(q => ({ q, seconds: distributionQuantile(truth, q) }));
            const result = fitPercentiles(points);
            const own = result.fits.find(f => f.family === family)!;
            const best = result.fits.find(f => f.family === result.best)!;
            for (const fit of [own, best]) {
                for (const e of fit.errors) {
                    expect(Math.abs(e.relativeError)).toBeLessThan(0.05);
                }
            }
            within(distributionMean(own.distribution), distributionMean(truth), 0.05);
        });
    }

    test('the issue percentiles (p50 45.6 ms, p95 83.3 ms, p99 112.3 ms) get a fit within 5% of each', () => {
        const result = fitPercentiles([{ q: 0.5, seconds: 0.0456 }, { q: 0.95, seconds: 0.0833 }, { q: 0.99, seconds: 0.1123 }]);
        const best = result.fits.find(f => f.family === result.best)!;
        expect(best.maxError).toBeLessThan(0.05);
    });

    test('percentiles that do not increase are refused', () => {
        expect(() => fitPercentiles([{ q: 0.5, seconds: 0.2 }, { q: 0.95, seconds: 0.1 }])).toThrow(/must be above/);
    });
});
