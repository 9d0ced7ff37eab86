/**
 * k1 and k2 when a process has no counted run in some replications
 * (src/sim/time-criteria.ts): the replication takes the process's pooled
 * mean (variance) instead of 0, so the time criterion does not follow how
 * many replications happened to see a rare run.
 */
import { describe, expect, test } from 'vitest';
import { ReplicationMoments } from '../../src/sim/time-criteria.js';
import { simulateText } from './helpers.js';

/**
 * A rare job (every 2 h on average, in a 1 h window) whose every run takes
 * exactly 600 s: each replication's mean is 600 s when it has a run, and
 * about a third of the 12 replications have none.
 */
const RARE = `system rare
server node { cpu 1 GHz ram 8 GB price 0.10 EUR/h count 1 }
component trainer { idle cpu 0 GHz ram 1 GB permanent }
step train { runs on trainer cpu constant(600 GHz*s) ram 100 MB }
process training { steps train every exponential(mean 2 h) weight time 2 }
allocation single { trainer on node x 1 }
`;

describe('the time criteria with replications that have no run of a process', () => {
    test('k1 is the weighted mean time even though some replications saw no run (0 before)', async () => {
        const { result } = await simulateText(RARE, { replications: 12, horizonSeconds: 4 * 3600, warmupSeconds: 3 * 3600, seed: 3 });
        const training = result.processes[0];
        // The case is real: fewer counted runs than replications, so some replications had none.
        expect(training.runs).toBeGreaterThan(0);
        expect(training.runs).toBeLessThan(12);
        expect(training.mean).toBeCloseTo(600, 9);
        // Counting 0 for those gave 1200 x (share of replications with a run).
        expect(result.objectives.time).toBeCloseTo(2 * 600, 9);
        expect(result.objectivesCI.time[0]).toBeCloseTo(1200, 9);
        expect(result.objectivesCI.time[1]).toBeCloseTo(1200, 9);
    });

    test('the same rule per phase of a profile: each phase k1 is the weighted mean time', async () => {
        // Two 1 h phases per 2 h cycle; the rare job arrives at the same rate in both, so some replications see none in a phase.
        const text = RARE.replace('weight time 2', 'weight time 2 profile [1 x 1h "first", 1 x 1h "second"]');
        const { result } = await simulateText(text, { replications: 12, horizonSeconds: 5 * 3600, warmupSeconds: 3 * 3600, seed: 3 });
        const phases = result.phases!.phases;
        expect(phases).toHaveLength(2);
        for (const phase of phases) {
            expect(phase.processes[0].runs, phase.phase).toBeGreaterThan(0);
            expect(phase.processes[0].runs, phase.phase).toBeLessThan(12);
            expect(phase.objectives.time, phase.phase).toBeCloseTo(1200, 9);
        }
    });

    test('replications without a run take the pooled mean; without two runs, the pooled variance', () => {
        const moments = new ReplicationMoments(2);
        // Process 0 seen in every replication; process 1: runs 2 (mean 10, m2 8), 0, 1 (mean 16).
        moments.add([3, 2], [1, 10], [0, 8]);
        moments.add([3, 0], [2, 0], [0, 0]);
        moments.add([3, 1], [3, 16], [0, 0]);
        expect(moments.replications).toBe(3);
        const k1: number[] = [], k2: number[] = [];
        moments.criteria([1, 0.5], [0, 1], k1, k2);
        // Process 1 pooled over its 3 runs (8, 12, 16): mean 12, variance 16. Replication 1 keeps its own variance 8.
        expect(k1).toEqual([1 + 0.5 * 10, 2 + 0.5 * 12, 3 + 0.5 * 16]);
        expect(k2).toEqual([8, 16, 16]);
    });

    test('a process with no run in any replication still counts 0', () => {
        const moments = new ReplicationMoments(1);
        moments.add([0], [0], [0]);
        moments.add([0], [0], [0]);
        const k1: number[] = [], k2: number[] = [];
        moments.criteria([1], [1], k1, k2);
        expect(k1).toEqual([0, 0]);
        expect(k2).toEqual([0, 0]);
    });
});
