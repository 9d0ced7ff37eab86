/**
 * The analytic estimate of a model with an arrival profile
 * (src/sim/analytic/profile.ts): each phase is the stationary M/M/1 of its
 * rate, the overall time is the runs' mixture of the phases, violations and
 * cost are the phases' weighted by time; evaluate() equals estimate().objectives.
 */
import { describe, expect, test } from 'vitest';
import { parseModel } from '../../../src/language/load.js';
import { createAnalyticEvaluator } from '../../../src/sim/index.js';
import { settings } from '../helpers.js';

const text = `system s
server node { cpu 2 GHz ram 8 GB price 1 EUR/h }
component c { permanent }
step work { runs on c cpu exponential(mean 1 GHz*s) }
process p { steps work every exponential(mean 1 s) profile [0.5 x 6 h, 1.5 x 2 h] deadline 4 s }
allocation a { c on node x 1 }
`;

function within(actual: number, exact: number, relative = 0.02): void {
    expect(Math.abs(actual - exact), `estimate ${actual} vs exact ${exact}`).toBeLessThanOrEqual(relative * Math.abs(exact));
}

describe('analytic estimate with a profile', () => {
    test('per phase the M/M/1 of the phase rate; overall the mixture by runs; violations and cost by time', async () => {
        const model = await parseModel(text);
        const s = settings({ horizonSeconds: 4 * 8 * 3600, warmupSeconds: 8 * 3600 });
        const evaluator = createAnalyticEvaluator(model, s);
        const r = evaluator.estimate(model.allocations[0]);
        const mu = 2, rates = [0.5, 1.5], lengths = [6, 2];
        const phases = r.phases!.phases;
        expect(phases.map(p => [p.phase, p.factor, p.seconds / 3600])).toEqual([['phase 1', 0.5, 18], ['phase 2', 1.5, 6]]);
        rates.forEach((lambda, f) => {
            within(phases[f].processes[0].mean, 1 / (mu - lambda));
            within(phases[f].processes[0].runs, lambda * phases[f].seconds * s.replications);
            within(phases[f].objectives.violations, lambda * 3600 * Math.exp(-(mu - lambda) * 4));
        });
        const runs = rates.map((l, f) => l * lengths[f]);
        const total = runs[0] + runs[1];
        within(r.processes[0].mean, (runs[0] / (mu - 0.5) + runs[1] / (mu - 1.5)) / total);
        within(r.objectives.violations, rates.reduce((sum, l, f) => sum + lengths[f] / 8 * l * 3600 * Math.exp(-(mu - l) * 4), 0));
        within(r.processes[0].runs, total / 8 * 3 * 8 * 3600 * s.replications);
        expect(r.objectives.cost).toBeCloseTo(1, 9);
        // The mixture's median: P(T > m) = 1/2 over both phases' exponentials.
        const survival = (x: number) => (runs[0] * Math.exp(-(mu - 0.5) * x) + runs[1] * Math.exp(-(mu - 1.5) * x)) / total;
        within(survival(r.processes[0].p50), 0.5);
        expect(evaluator.evaluate(model.allocations[0])).toEqual(r.objectives);
    });
});
