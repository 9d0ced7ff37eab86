/**
 * Priorities (docs/semantics.md, "Priorities"), the must-show oracles of
 * issue 17: M/M/1 with two classes, non-preemptive (Cobham's formula) and
 * preemptive-resume, within the simulator's confidence intervals; the same
 * preemptive classes on two components sharing one machine's CPU; and the
 * default, FIFO.
 *
 * Classes: high priority lambda1 = 0.25/s, low lambda2 = 0.5/s, exponential
 * work of mean 1 s (mu = 1), so sigma1 = 0.25, sigma2 = 0.75 and
 * W0 = sum lambda_i E[S^2] / 2 = 0.75 s.
 *   Non-preemptive: W_k = W0 / ((1 - sigma_{k-1}) (1 - sigma_k)):
 *     T_high = 1 + 0.75 / 0.75 = 2 s, T_low = 1 + 0.75 / (0.75 x 0.25) = 5 s.
 *   Preemptive resume: T_k = (1/mu) / (1 - sigma_{k-1}) + (sum_{i<=k} lambda_i E[S^2] / 2) / ((1 - sigma_{k-1}) (1 - sigma_k)):
 *     T_high = 1 + 0.25 / 0.75 = 4/3 s, T_low = 1 / 0.75 + 0.75 / (0.75 x 0.25) = 16/3 s.
 *   FIFO (no priority): both 1 / (mu - lambda) = 4 s.
 */
import { describe, expect, test } from 'vitest';
import { expectInCI, simulateText } from './helpers.js';

const station = (high: string, low: string) => `system s
server node { cpu 1 GHz ram 8 GB price 1 EUR/h }
component c { permanent }
step work { runs on c cpu exponential(mean 1 GHz*s) }
process high { steps work every exponential(mean 4 s) ${high} }
process low { steps work every exponential(mean 2 s) ${low} }
allocation a { c on node x 1 }
`;

const long = { horizonSeconds: 100_000, warmupSeconds: 2_000 };

describe('M/M/1 with two priority classes', () => {
    test('non-preemptive: Cobham\'s mean times', async () => {
        const { result } = await simulateText(station('priority 1', ''), long);
        expectInCI(result.processes[0].meanCI, 2, 0.06);
        expectInCI(result.processes[1].meanCI, 5, 0.06);
    });

    test('preemptive resume: the high class sees M/M/1 alone, the low class the preemptive-resume time', async () => {
        const { result } = await simulateText(station('priority 1 preemptive', ''), long);
        expectInCI(result.processes[0].meanCI, 4 / 3, 0.06);
        expectInCI(result.processes[1].meanCI, 16 / 3, 0.06);
    });

    test('without priorities both classes get the FIFO time, and equal priorities are FIFO too', async () => {
        for (const [high, low] of [['', ''], ['priority 3', 'priority 3']]) {
            const { result } = await simulateText(station(high, low), long);
            expectInCI(result.processes[0].meanCI, 4, 0.06);
            expectInCI(result.processes[1].meanCI, 4, 0.06);
        }
    });

    test('preemptive on a shared machine: two components, one instance each, the high class takes the whole CPU', async () => {
        const text = `system s
server node { cpu 1 GHz ram 8 GB price 1 EUR/h }
component hi { permanent }
component lo { permanent }
step fast { runs on hi cpu exponential(mean 1 GHz*s) }
step slow { runs on lo cpu exponential(mean 1 GHz*s) }
process high { steps fast every exponential(mean 4 s) priority 1 preemptive }
process low { steps slow every exponential(mean 2 s) }
allocation a { hi on node x 1 lo on node x 1 }
`;
        const { result } = await simulateText(text, long);
        expectInCI(result.processes[0].meanCI, 4 / 3, 0.06);
        expectInCI(result.processes[1].meanCI, 16 / 3, 0.06);
        // The machine is work-conserving: the same utilization as FIFO, lambda x E[S].
        expect(result.servers[0].cpuUtilization).toBeGreaterThan(0.72);
        expect(result.servers[0].cpuUtilization).toBeLessThan(0.78);
    });

    test('preemptive M/M/2: the high class sees M/M/2 of its own arrivals (Erlang C), whatever the low class does', async () => {
        // lambda1 = 1, mu = 1, c = 2: a = 1, C(2, 1) = 1/3, W = C / (c mu - lambda) = 1/3, T = 4/3.
        const text = `system s
server node { cpu 1 GHz ram 8 GB price 1 EUR/h count 2 }
component c { permanent }
step work { runs on c cpu exponential(mean 1 GHz*s) }
process high { steps work every exponential(mean 1 s) priority 1 preemptive }
process low { steps work every exponential(mean 2 s) }
allocation a { c on node x 2 }
`;
        const { result } = await simulateText(text, long);
        expectInCI(result.processes[0].meanCI, 4 / 3, 0.06);
        expect(result.unfinishedRuns).toBe(0);
        expect(result.processes[1].mean).toBeGreaterThan(4 / 3);
    });

    test('preempted parts of a split step resume with the work they had left: every run finishes and the work is conserved', async () => {
        // Constant work: a low run alone takes 2 s (two parts of 2 GHz*s on 1 GHz machines); preemptions only delay it.
        const text = `system s
server node { cpu 1 GHz ram 8 GB price 1 EUR/h count 3 }
component c { permanent }
step split { runs on c cpu 4 GHz*s threads 2 }
step one { runs on c cpu exponential(mean 1 GHz*s) }
process high { steps one every exponential(mean 2 s) priority 2 preemptive }
process low { steps split every exponential(mean 8 s) }
allocation a { c on node x 3 }
`;
        const { result } = await simulateText(text, { horizonSeconds: 20_000, warmupSeconds: 1_000, replications: 3 });
        expect(result.unfinishedRuns).toBe(0);
        expect(result.processes[1].runs).toBeGreaterThan(5_000);
        expect(result.processes[1].p50).toBeGreaterThanOrEqual(2 * 0.996);
        // CPU busy = (high 0.5/s x 1 + low 1/8 x 4) / 3 GHz = 1/3 of capacity: no work is lost or repeated.
        expect(Math.abs(result.servers[0].cpuUtilization - 1 / 3)).toBeLessThan(0.02);
    });
});
