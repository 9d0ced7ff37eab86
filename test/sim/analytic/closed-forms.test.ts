/**
 * The analytic estimate against queueing theory where it is exact (M/M/1,
 * M/M/c, the M/G/1 mean, M/M/1 and M/G/1 processor sharing, tandem Jackson
 * networks): the same models the simulator's oracles use
 * (test/sim/queueing.test.ts), written in .mlops, must come out within 2%.
 */
import { describe, expect, test } from 'vitest';
import { parseModel } from '../../../src/language/load.js';
import { createAnalyticEvaluator, estimate, type SimulationResult } from '../../../src/sim/index.js';
import { settings } from '../helpers.js';
import { mg1MeanSojourn, mmcMeanSojourn, setupMeanSojourn, singleStation, tandem, tandemMeanSojourn } from '../queueing-models.js';

async function estimateText(text: string): Promise<SimulationResult> {
    const model = await parseModel(text);
    return estimate(model, model.allocations[0], settings());
}

function within(actual: number, exact: number, relative = 0.02): void {
    expect(Math.abs(actual - exact), `estimate ${actual} vs exact ${exact}`).toBeLessThanOrEqual(relative * Math.abs(exact));
}

describe('M/M/1', () => {
    test('mean, variance, P(T > deadline), violations per hour, utilization, cost', async () => {
        const lambda = 1, mu = 2, deadline = 2;
        const r = await estimateText(singleStation({ every: 'exponential(mean 1 s)', work: 'exponential(mean 0.5 GHz*s)', deadline: `${deadline} s` }));
        const rate = mu - lambda;
        within(r.processes[0].mean, 1 / rate);
        within(r.processes[0].variance, 1 / rate ** 2);
        within(r.objectives.violations, lambda * 3600 * Math.exp(-rate * deadline));
        within(r.processes[0].p95, -Math.log(0.05) / rate);
        within(r.servers[0].cpuUtilization, lambda / mu);
        within(r.objectives.cost, 2); // permanent: one machine at 2 EUR/h
        expect(r.estimate).toBe('analytic');
        expect(r.objectivesCI.time[1] - r.objectivesCI.time[0]).toBe(0);
    });
});

describe('M/M/c against Erlang C', () => {
    test.each([
        { c: 2, rho: 0.6 },
        { c: 3, rho: 0.75 },
        { c: 4, rho: 0.9 },
        { c: 8, rho: 0.8 }
    ])('c = $c, load $rho', async ({ c, rho }) => {
        const mu = 1;
        const lambda = rho * c * mu;
        const r = await estimateText(singleStation({ every: `exponential(mean ${1 / lambda} s)`, work: 'exponential(mean 1 GHz*s)', count: c, instances: c }));
        within(r.processes[0].mean, mmcMeanSojourn(c, lambda, mu));
        within(r.servers[0].cpuUtilization, rho);
    });
});

describe('Pollaczek-Khinchine (M/G/1 mean)', () => {
    test.each([
        { name: 'M/D/1', work: 'constant(0.7 GHz*s)', mean: 0.7, second: 0.49 },
        { name: 'M/G/1 gamma', work: 'gamma(mean 0.6 GHz*s, cv 0.5)', mean: 0.6, second: 0.36 * 1.25 },
        { name: 'M/G/1 uniform', work: 'uniform(0.2 GHz*s, 1.2 GHz*s)', mean: 0.7, second: 0.49 + 1 / 12 },
        { name: 'M/G/1 lognormal', work: 'lognormal(mean 0.5 GHz*s, cv 1.5)', mean: 0.5, second: 0.25 * (1 + 2.25) },
        { name: 'M/E2/1', work: 'erlang(2, mean 0.6 GHz*s)', mean: 0.6, second: 0.36 * 1.5 }
    ])('$name', async ({ work, mean, second }) => {
        const lambda = 1;
        const r = await estimateText(singleStation({ every: 'exponential(mean 1 s)', work }));
        within(r.processes[0].mean, mg1MeanSojourn(lambda, mean, second));
    });
});

describe('processor sharing', () => {
    test.each([
        { name: 'M/M/1-PS', work: 'exponential(mean 0.5 GHz*s)' },
        { name: 'M/D/1-PS (insensitive: not the FIFO value 0.75 s)', work: 'constant(0.5 GHz*s)' },
        { name: 'M/G/1-PS, gamma cv 2', work: 'gamma(mean 0.5 GHz*s, cv 2)' }
    ])('$name: 30 instances sharing one machine give mean x / (1 - rho)', async ({ work }) => {
        const r = await estimateText(singleStation({ every: 'exponential(mean 1 s)', work, instances: 30 }));
        within(r.processes[0].mean, 0.5 / (1 - 0.5));
    });

    test('two instances on one machine with exponential work are an M/M/1 in the number of runs', async () => {
        const r = await estimateText(singleStation({ every: 'exponential(mean 1 s)', work: 'exponential(mean 0.6 GHz*s)', instances: 2 }));
        within(r.processes[0].mean, 1 / (1 / 0.6 - 1));
    });
});

describe('startup of an on-demand instance (keepalive 0)', () => {
    test.each([
        { lambda: 1, work: 0.5, startup: 0.3 },
        { lambda: 1, work: 0.5, startup: 2 },
        { lambda: 0.5, work: 1, startup: 1 }
    ])('one instance is the M/G/1 queue with setup times (Welch): lambda $lambda, work $work, startup $startup', async ({ lambda, work, startup }) => {
        const r = await estimateText(singleStation({
            every: `exponential(mean ${1 / lambda} s)`, work: `exponential(mean ${work} GHz*s)`, permanent: false, componentExtra: `startup ${startup} s`
        }));
        const rho = lambda * work;
        within(r.processes[0].mean, setupMeanSojourn(lambda, work, startup));
        // The machine is billed while the instance is up: busy, or starting after an idle period.
        const up = rho + (1 - rho) * lambda * startup / (1 + lambda * startup);
        within(r.objectives.cost, 2 * up);
    });
});

describe('tandem Jackson network', () => {
    test('means and variances of the stations add (Burke)', async () => {
        const r = await estimateText(tandem([0.4, 0.5, 0.8]));
        const rates = [1 / 0.4 - 1, 1 / 0.5 - 1, 1 / 0.8 - 1];
        within(r.processes[0].mean, tandemMeanSojourn([0.4, 0.5, 0.8]));
        within(r.processes[0].variance, rates.reduce((s, x) => s + 1 / x ** 2, 0));
        within(r.objectives.cost, 3);
    });
});

describe('saturation', () => {
    test.each([[1.5, 1.2], [1.2, 1.5], [1.5, 0.5]])('two overloaded stations in a row delay a run by the tighter one only (fluid): work %s then %s', async (a, b) => {
        const r = await estimateText(`system t
server node { cpu 1 GHz ram 8 GB price 1 EUR/h count 2 }
component a { }
component b { }
step first { runs on a cpu exponential(mean ${a} GHz*s) }
step second { runs on b cpu exponential(mean ${b} GHz*s) }
process p { steps first -> second every exponential(mean 1 s) deadline 100 s }
allocation x { a on node x 1 permanent  b on node x 1 permanent }
`);
        // A run arriving at t leaves the tighter station at about t * max(a, b) (one run per second arrives):
        // the simulator measures 5104-5154 s for these three (20 000 s horizon, 500 s warmup, 2 replications).
        const s = settings();
        within(r.objectives.time, (Math.max(a, b) - 1) * (s.horizonSeconds + s.warmupSeconds) / 2, 0.06);
        within(r.objectives.violations, 3600, 0.01);
    });
});

describe('the evaluator', () => {
    test('evaluate() gives exactly estimate().objectives', async () => {
        const model = await parseModel(singleStation({ every: 'exponential(mean 1 s)', work: 'gamma(mean 0.5 GHz*s, cv 0.7)', deadline: '1 s', permanent: false, componentExtra: 'startup 0.3 s' }));
        const evaluator = createAnalyticEvaluator(model, settings());
        expect(evaluator.evaluate(model.allocations[0])).toEqual(evaluator.estimate(model.allocations[0]).objectives);
    });

    test('an allocation the simulator refuses is refused the same way', async () => {
        const model = await parseModel(singleStation({ every: 'exponential(mean 1 s)', work: 'exponential(mean 0.5 GHz*s)' }));
        const bad = { ...model.allocations[0], placements: [{ component: 'c', server: 'nowhere', instances: 1, permanent: true }] };
        expect(() => estimate(model, bad, settings())).toThrow(/unknown server 'nowhere'/);
    });

    test('an overloaded station gives large finite criteria that grow with the load, and a warning', async () => {
        const at = async (mean: number) => estimateText(singleStation({ every: 'exponential(mean 1 s)', work: `exponential(mean ${mean} GHz*s)`, deadline: '10 s' }));
        const stable = await at(0.9), over = await at(1.2), worse = await at(1.5);
        for (const r of [over, worse]) {
            expect(Number.isFinite(r.objectives.time)).toBe(true);
            expect(r.warnings.join(' ')).toMatch(/overloaded/);
        }
        expect(stable.objectives.time).toBeLessThan(over.objectives.time);
        expect(over.objectives.time).toBeLessThan(worse.objectives.time);
        // The simulator measures a queue growing over the horizon: a run arriving at t waits about (rho - 1) t.
        const s = settings();
        within(over.objectives.time, 1.2 + 0.2 * (s.horizonSeconds + s.warmupSeconds) / 2, 0.1);
        expect(over.objectives.violations).toBeGreaterThan(0.9 * 3600);
    });
});
