/**
 * Intervals of nonnegative quantities never go below 0, and too few
 * replications or runs say so, naming the process and the setting to raise
 * (issue 12.7).
 */
import { describe, expect, test } from 'vitest';
import { clippedAtZero } from '../../src/model/intervals.js';
import { OBJECTIVE_KEYS } from '../../src/model/types.js';
import { meanWithCI } from '../../src/sim/stats.js';
import { simulateText } from './helpers.js';

/** A queue at about 95% load over a short horizon: two replications disagree, so t(1) = 12.7 makes a wide interval. */
const BUSY = `system ci
server node { cpu 2 GHz ram 8 GB price 0.10 EUR/h count 1 }
component service { idle cpu 0.1 GHz ram 1 GB permanent }
step work { runs on service cpu exponential(mean 1.9 GHz*s) ram 100 MB }
step rare_work { runs on service cpu lognormal(mean 1 GHz*s, cv 3) ram 10 MB }
process requests { steps work every exponential(mean 1 s) }
process nightly { steps rare_work every exponential(mean 20 min) }
allocation single { service on node x 1 }
`;

describe('intervals of nonnegative quantities', () => {
    test('meanWithCI clips the lower end at 0 only when asked, and says so', () => {
        const raw = meanWithCI([1, 40]);
        expect(raw.ci[0]).toBeLessThan(0);
        const clipped = meanWithCI([1, 40], true);
        expect(clipped.ci).toEqual([0, raw.ci[1]]);
        expect(clipped.clipped).toBe(true);
        expect(clippedAtZero(clipped.ci, clipped.mean)).toBe(true);
        const narrow = meanWithCI([10, 11], true);
        expect(narrow.clipped).toBe(false);
        expect(clippedAtZero(narrow.ci, narrow.mean)).toBe(false);
        expect(clippedAtZero([0, 0], 0)).toBe(false);
    });

    test('with 2 replications no interval of the simulator goes below 0; one warning names the criteria, the processes and the setting', async () => {
        const { result } = await simulateText(BUSY, { replications: 2, horizonSeconds: 7200, warmupSeconds: 600, seed: 1 });
        for (const p of result.processes) {
            expect(p.meanCI[0], p.name).toBeGreaterThanOrEqual(0);
            expect(p.meanCI[1]).toBeGreaterThan(p.mean);
        }
        for (const k of OBJECTIVE_KEYS) {
            expect(result.objectivesCI[k][0], k).toBeGreaterThanOrEqual(0);
        }
        // The case is a real one: the t-intervals did reach below 0.
        expect(result.processes.filter(p => clippedAtZero(p.meanCI, p.mean)).map(p => p.name)).toEqual(['requests', 'nightly']);
        const clipped = result.warnings.filter(w => /clipped at 0/.test(w));
        expect(clipped).toHaveLength(1);
        expect(clipped[0]).toMatch(/mean time of process requests, mean time of process nightly over 2 replications/);
        expect(clipped[0]).toMatch(/raise replications/);
    });

    test('a process with few counted runs is named: its p95 and p99 are the longest time seen', async () => {
        const { result } = await simulateText(BUSY, { replications: 2, horizonSeconds: 7200, warmupSeconds: 600, seed: 1 });
        const nightly = result.processes.find(p => p.name === 'nightly')!;
        expect(nightly.runs).toBeLessThan(20);
        expect(nightly.p95).toBe(nightly.p99);
        expect(result.warnings).toContainEqual(expect.stringMatching(
            new RegExp(`^process nightly: only ${nightly.runs} counted runs over 2 replications: p95 and p99 are both just the longest time seen; raise the horizon`)));
        expect(result.warnings.some(w => w.startsWith('process requests: only'))).toBe(false);
    });

    test('enough replications and runs: no precision warning', async () => {
        const { result } = await simulateText(BUSY.replace('every exponential(mean 20 min)', 'every exponential(mean 30 s)').replace('mean 1.9 GHz*s', 'mean 0.5 GHz*s'),
            { replications: 10, horizonSeconds: 7200, warmupSeconds: 600, seed: 1 });
        expect(result.warnings.filter(w => /clipped|counted runs|replication:/.test(w))).toEqual([]);
    });
});
