/**
 * Queueing-theory oracles (semantics.md, "Consequences"): each model is
 * written in .mlops, simulated with 10 replications, and compared to the exact
 * value within the 99.9% interval of the replication means.
 */
import { describe, expect, test } from 'vitest';
import { distributionMean, distributionSd } from '../../src/model/distributions.js';
import { expectInCI, simulateText } from './helpers.js';
import { mg1MeanSojourn, mmcMeanSojourn, singleStation, tandem, tandemMeanSojourn } from './queueing-models.js';

describe('M/M/1', () => {
    test('mean, variance and P(T > t) of the sojourn time', async () => {
        const lambda = 1, meanService = 0.5, mu = 1 / meanService, deadline = 2;
        const { result } = await simulateText(singleStation({
            every: 'exponential(mean 1 s)', work: 'exponential(mean 0.5 GHz*s)', deadline: `${deadline} s`
        }), { horizonSeconds: 40_000, warmupSeconds: 500 });
        // T is exponential with rate mu - lambda.
        const rate = mu - lambda;
        expectInCI(result.processes[0].meanCI, 1 / rate);
        expectInCI(result.objectivesCI.variance, 1 / rate ** 2, 0.1);
        // k3 = violations per hour = lambda * 3600 * P(T > deadline).
        expectInCI(result.objectivesCI.violations, lambda * 3600 * Math.exp(-rate * deadline), 0.1);
        expect(result.servers[0].cpuUtilization).toBeGreaterThan(0.45);
        expect(result.warnings).toEqual([]);
    });
});

describe('M/M/c against Erlang C', () => {
    test.each([
        { c: 2, rho: 0.6 },
        { c: 3, rho: 0.75 },
        { c: 4, rho: 0.9 }
    ])('c = $c, load $rho', async ({ c, rho }) => {
        const mu = 1; // 1 GHz*s of work on 1 GHz machines
        const lambda = rho * c * mu;
        const { result } = await simulateText(singleStation({
            every: `exponential(mean ${1 / lambda} s)`, work: 'exponential(mean 1 GHz*s)', count: c, instances: c
        }), { horizonSeconds: rho > 0.8 ? 40_000 : 20_000, warmupSeconds: 1000 });
        expectInCI(result.processes[0].meanCI, mmcMeanSojourn(c, lambda, mu), rho > 0.8 ? 0.1 : 0.05);
    });
});

describe('Pollaczek-Khinchine (M/G/1)', () => {
    test.each([
        { name: 'M/D/1', work: 'constant(0.7 GHz*s)', mean: 0.7, second: 0.49 },
        { name: 'M/G/1 gamma', work: 'gamma(mean 0.6 GHz*s, cv 0.5)', mean: 0.6, second: 0.36 * 1.25 },
        { name: 'M/G/1 gamma, shape below 1', work: 'gamma(mean 0.5 GHz*s, cv 1.5)', mean: 0.5, second: 0.25 * (1 + 2.25) },
        { name: 'M/G/1 uniform', work: 'uniform(0.2 GHz*s, 1.2 GHz*s)', mean: 0.7, second: 0.49 + 1 / 12 },
        // Heavy tail (cv 1.5): twice the horizon for an interval as narrow as the others'.
        { name: 'M/G/1 lognormal', work: 'lognormal(mean 0.5 GHz*s, cv 1.5)', mean: 0.5, second: 0.25 * (1 + 2.25), horizon: 80_000 },
        { name: 'M/G/1 truncated normal', work: 'normal(mean 0.6 GHz*s, sd 0.2 GHz*s)', mean: 0.6, second: 0.36 + 0.04 },
        { name: 'M/E2/1', work: 'erlang(2, mean 0.6 GHz*s)', mean: 0.6, second: 0.36 * 1.5 }
    ] as { name: string; work: string; mean: number; second: number; horizon?: number }[])('$name', async ({ work, mean, second, horizon }) => {
        const lambda = 1;
        const { model, result } = await simulateText(singleStation({ every: 'exponential(mean 1 s)', work }),
            { horizonSeconds: horizon ?? 40_000, warmupSeconds: 500 });
        // The table's moments agree with the model layer's description of the distribution.
        const d = model.steps[0].cpuWorkGHzSeconds!;
        expect(distributionMean(d)).toBeCloseTo(mean, 2);
        expect(distributionSd(d) ** 2 + distributionMean(d) ** 2).toBeCloseTo(second, 2);
        expectInCI(result.processes[0].meanCI, mg1MeanSojourn(lambda, mean, second));
    });
});

describe('tandem of M/M/1 stations', () => {
    test('means and variances of the sojourn times add (Burke)', async () => {
        const { result } = await simulateText(tandem([0.4, 0.5]), { horizonSeconds: 40_000 });
        const r1 = 1 / 0.4 - 1, r2 = 1 / 0.5 - 1;
        expectInCI(result.processes[0].meanCI, tandemMeanSojourn([0.4, 0.5]));
        expectInCI(result.objectivesCI.variance, 1 / r1 ** 2 + 1 / r2 ** 2, 0.1);
    });
});

describe('processor sharing', () => {
    test.each([
        { name: 'exponential work', work: 'exponential(mean 0.5 GHz*s)' },
        { name: 'constant work (PS is insensitive: not the FIFO M/D/1 value 0.75 s)', work: 'constant(0.5 GHz*s)' }
    ])('M/G/1-PS: instances sharing one machine give mean x/(1 - rho), $name', async ({ work }) => {
        // 30 instances on one machine: with rho = 0.5 more than 30 parts at once has probability 0.5^31.
        const { result } = await simulateText(singleStation({ every: 'exponential(mean 1 s)', work, instances: 30 }),
            { horizonSeconds: 30_000 });
        expectInCI(result.processes[0].meanCI, 0.5 / (1 - 0.5));
    });
});
