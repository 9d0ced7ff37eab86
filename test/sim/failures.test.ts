/**
 * Machine failures and availability (docs/semantics.md, "Failures and
 * availability"): oracles within the 99.9% interval of 10 replications
 * (helpers.ts expectInCI), and what a failure does to the instances.
 */
import { describe, expect, test } from 'vitest';
import { parseModel } from '../../src/language/load.js';
import { estimate } from '../../src/sim/index.js';
import { expectInCI, settings, simulateText, singleStation } from './helpers.js';

const MTBF = 100, MTTR = 10;
const A = MTBF / (MTBF + MTTR);
const failing = `mtbf ${MTBF} s mttr ${MTTR} s`;

describe('availability of one machine with exponential failures and repairs', () => {
    test('the time share with the process available is MTBF / (MTBF + MTTR), and the machine is billed only while up', async () => {
        const { result } = await simulateText(singleStation({
            every: 'exponential(mean 10 s)', work: 'exponential(mean 0.1 GHz*s)', serverExtra: failing
        }), { horizonSeconds: 60_000, warmupSeconds: 500 });
        const availability = result.processes[0].availability!;
        expectInCI(availability.timeCI, A, 0.02);
        // A permanent instance keeps its machine billed while the machine works: 2 EUR/h x A.
        expectInCI(result.objectivesCI.cost, 2 * A, 0.02);
        expect(result.machineFailures).toBeGreaterThan(10 * 0.9 * 59_500 / (MTBF + MTTR));
        // No deadline: every run finished.
        expect(availability.runs).toBe(1);
    });

    test('two failing machines holding the component: available unless both are down, 1 - (1 - A)^2', async () => {
        const { result } = await simulateText(singleStation({
            every: 'exponential(mean 10 s)', work: 'exponential(mean 0.1 GHz*s)', serverExtra: failing, count: 2, instances: 2
        }), { horizonSeconds: 60_000, warmupSeconds: 500 });
        expectInCI(result.processes[0].availability!.timeCI, 1 - (1 - A) ** 2, 0.02);
    });
});

describe('M/M/1 with server breakdowns', () => {
    test('mean response time of the preemptive-repeat-different model with exponential work (= preemptive resume)', async () => {
        // Arrivals lambda, service rate mu while up; the server fails at rate alpha whether busy or idle
        // (failures do not depend on the load) and is repaired at rate beta; an interrupted part starts
        // again with a new exponential work, which for exponential work is the same as resuming it.
        // The queue is an M/M/1 in a two-state random environment. Its balance equations give the
        // generating function of the number in system, N(z) = h(0) (lambda u + alpha + beta) / ((alpha + beta) h(u)),
        // u = 1 - z, h(u) = lambda alpha + lambda beta - mu beta + lambda (lambda - alpha - mu - beta) u - lambda^2 u^2,
        // so E[N] = -N'(u = 0) and by Little's law (Mitrany and Avi-Itzhak, 1968, independent breakdowns):
        //     E[T] = (1 + mu alpha / (alpha + beta)^2) / (mu A - lambda),   A = beta / (alpha + beta).
        // It reduces to 1 / (mu - lambda) without failures (alpha = 0).
        const lambda = 0.5, mu = 1, alpha = 1 / MTBF, beta = 1 / MTTR;
        const availability = beta / (alpha + beta);
        const exact = (1 + mu * alpha / (alpha + beta) ** 2) / (mu * availability - lambda);
        const { result } = await simulateText(singleStation({
            every: 'exponential(mean 2 s)', work: 'exponential(mean 1 GHz*s)', serverExtra: failing, deadline: '20 s'
        }), { horizonSeconds: 200_000, warmupSeconds: 2_000 });
        expectInCI(result.processes[0].meanCI, exact, 0.1);
        // Far from the 2 s of the same queue without failures.
        expect(exact).toBeGreaterThan(4.4);
        const a = result.processes[0].availability!;
        expect(a.runs).toBeCloseTo(1 - result.processes[0].violations / result.processes[0].runs, 12);
        expect(a.runs).toBeLessThan(1);
    });
});

describe('permanent instances restart elsewhere only where the allocation has room', () => {
    const model = (spare: string) => `system s
server fragile { cpu 1 GHz ram 8 GB price 1 EUR/h ${failing} }
server spare { cpu 1 GHz ram 8 GB price 10 EUR/h }
component c { }
step st { runs on c cpu 0.001 GHz*s }
process p { steps st every exponential(mean 50 s) }
allocation a { c on fragile x 1 permanent ${spare} }
`;

    test('an on-demand instance of the component on a working machine stands in while the machine is repaired', async () => {
        const { result } = await simulateText(model('c on spare x 1'), { horizonSeconds: 240_000, warmupSeconds: 500 });
        // fragile billed while up (1 x A), spare while it stands in (10 x (1 - A)); parts are 1 ms: the rest is negligible.
        expectInCI(result.objectivesCI.cost, A + 10 * (1 - A), 0.03);
        expect(result.processes[0].availability!.time).toBe(1);
    });

    test('without such an instance the component is down until the repair', async () => {
        const { result } = await simulateText(model(''), { horizonSeconds: 60_000, warmupSeconds: 500 });
        expectInCI(result.objectivesCI.cost, A, 0.02);
        expectInCI(result.processes[0].availability!.timeCI, A, 0.02);
    });
});

describe('a model without failures', () => {
    test('reports no availability and no failure count (its output keeps its shape)', async () => {
        const { result } = await simulateText(singleStation({ every: 'exponential(mean 2 s)', work: 'exponential(mean 1 GHz*s)' }),
            { horizonSeconds: 2_000, warmupSeconds: 100, replications: 2 });
        expect('availability' in result.processes[0]).toBe(false);
        expect('machineFailures' in result).toBe(false);
    });
});

describe('the analytic estimate with failures', () => {
    test('first order: service capacity and price times availability, below the exact breakdown mean', async () => {
        const model = await parseModel(singleStation({
            every: 'exponential(mean 2 s)', work: 'exponential(mean 1 GHz*s)', serverExtra: failing
        }));
        const r = estimate(model, model.allocations[0], settings());
        const lambda = 0.5, mu = 1, alpha = 1 / MTBF, beta = 1 / MTTR;
        // An M/M/1 with service rate mu A.
        expect(r.processes[0].mean).toBeCloseTo(1 / (mu * A - lambda), 6);
        expect(r.objectives.cost).toBeCloseTo(2 * A, 9);
        expect(r.processes[0].mean).toBeLessThan((1 + mu * alpha / (alpha + beta) ** 2) / (mu * A - lambda));
    });
});

describe('failures during transfers (docs/semantics.md, "Communication")', () => {
    test('a part whose machine fails while receiving its data is retried; every run finishes and the counts balance', async () => {
        const text = `system s
server a { cpu 2 GHz ram 8 GB net in 100 Mbps out 100 Mbps price 1 EUR/h count 2 mtbf 60 s mttr 5 s }
component first { }
component second { }
step produce { runs on first cpu exponential(mean 0.5 GHz*s) data out 50 MB }
step consume { runs on second cpu exponential(mean 0.5 GHz*s) data in 50 MB }
process p { steps produce -> consume every exponential(mean 10 s) }
allocation split { first on a x 1 permanent second on a x 2 }
optimize { latency 20 ms }
`;
        const { result } = await simulateText(text, { horizonSeconds: 20_000, warmupSeconds: 500, replications: 3 });
        expect(result.unfinishedRuns).toBe(0);
        expect(result.warnings.filter(w => /stopped|never be served/.test(w))).toEqual([]);
        // About one run per 10 s over the window of 3 replications, all of them finished.
        expect(result.processes[0].runs).toBeGreaterThan(0.9 * 3 * 19_500 / 10);
        expect(result.machineFailures).toBeGreaterThan(0);
        expect(result.processes[0].steps?.some(s => (s.transfer ?? 0) > 0)).toBe(true);
    });
});
