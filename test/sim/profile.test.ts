/**
 * Arrival profiles (docs/semantics.md, "Profiles"): the operational-time
 * mapping, and the must-show oracle of issue 17: a cyclic profile's per-phase
 * arrival counts match the profile (Poisson counts within their CI).
 */
import { describe, expect, it } from 'vitest';
import { calendarTime, compileProfile, overlapWithPhase, phaseOf } from '../../src/sim/profile.js';
import { simulateText, REPLICATIONS } from './helpers.js';

const day = compileProfile([
    { factor: 0.2, seconds: 6 }, { factor: 1, seconds: 10 }, { factor: 0, seconds: 2 }, { factor: 2.5, seconds: 4 }, { factor: 0.6, seconds: 2 }
]);

describe('profile mapping', () => {
    it('maps operational time to calendar time through each phase, skipping phases of factor 0', () => {
        expect(day.cycle).toBe(24);
        expect(day.opCycle).toBeCloseTo(0.2 * 6 + 10 + 2.5 * 4 + 0.6 * 2, 12);
        expect(calendarTime(day, 0.6)).toBeCloseTo(3, 12);            // 0.6 / 0.2 in the first phase
        expect(calendarTime(day, 1.2 + 5)).toBeCloseTo(11, 12);       // 5 into the second
        expect(calendarTime(day, 11.2)).toBeCloseTo(18, 12);          // the end of phase 2 = the start of phase 4 (phase 3 has no arrivals)
        expect(calendarTime(day, 11.2 + 2.5)).toBeCloseTo(19, 12);
        expect(calendarTime(day, day.opCycle * 3 + 0.6)).toBeCloseTo(72 + 3, 9);
    });

    it('finds the phase of a time and the time spent in a phase over any span', () => {
        expect([0, 5.9, 6, 15.9, 16, 18, 21.99, 22, 23.9, 24, 30].map(t => phaseOf(day, t))).toEqual([0, 0, 1, 1, 2, 3, 3, 4, 4, 0, 1]);
        expect(overlapWithPhase(day, 1, 0, 24 * 10)).toBeCloseTo(100, 9);
        expect(overlapWithPhase(day, 3, 17, 24 + 19)).toBeCloseTo(4 + 1, 9);
        expect(overlapWithPhase(day, 0, 5, 5)).toBe(0);
    });
});

describe('a cyclic profile over a day', () => {
    // Poisson arrivals of 1 per 10 s at factor 1; the service is fast, so runs do not interfere.
    const text = (profile: string) => `system s
server node { cpu 100 GHz ram 8 GB price 1 EUR/h }
component c { permanent }
step work { runs on c cpu 0.01 GHz*s }
process requests { steps work every exponential(mean 10 s) ${profile} }
allocation a { c on node x 1 }
`;
    const profile = [[0.2, 6], [1, 10], [2.5, 4], [0.6, 4]] as const;

    it('gives per-phase arrival counts of the profile (each within its CI), the criteria per phase, and the same total rate as its mean', async () => {
        const phases = profile.map(([f, h]) => `${f} x ${h}h`).join(', ');
        const { result } = await simulateText(text(`profile [${phases}]`), { horizonSeconds: 4 * 86_400, warmupSeconds: 86_400 });
        const report = result.phases!;
        expect(report.process).toBe('requests');
        expect(report.cycle).toBe(86_400);
        expect(report.phases.map(p => [p.phase, p.start / 3600, p.end / 3600, p.factor])).toEqual(
            [['phase 1', 0, 6, 0.2], ['phase 2', 6, 16, 1], ['phase 3', 16, 20, 2.5], ['phase 4', 20, 24, 0.6]]);
        for (const [f, [factor, hours]] of profile.entries()) {
            const phase = report.phases[f];
            expect(phase.seconds).toBeCloseTo(3 * hours * 3600, 6);
            // Runs per replication: Poisson with mean rate x time; 99.9% interval of the total over the replications.
            const expected = factor / 10 * phase.seconds * REPLICATIONS;
            expect(Math.abs(phase.processes[0].runs - expected), `phase ${f + 1}: ${phase.processes[0].runs} runs vs ${expected}`)
                .toBeLessThan(3.3 * Math.sqrt(expected));
            // One machine always up: the cost per hour is its price in every phase.
            expect(phase.objectives.cost).toBeCloseTo(1, 9);
            expect(Math.abs(phase.processes[0].mean - 1e-4)).toBeLessThan(1e-8);
        }
        const total = report.phases.reduce((s, p) => s + p.processes[0].runs, 0);
        expect(total).toBe(result.processes[0].runs);
        // The overall rate is the `every` rate times the profile's mean factor.
        const expectedTotal = (0.2 * 6 + 10 + 2.5 * 4 + 0.6 * 4) / 24 / 10 * 3 * 86_400 * REPLICATIONS;
        expect(Math.abs(total - expectedTotal)).toBeLessThan(3.3 * Math.sqrt(expectedTotal));
    });

    it('a model without a profile has no per-phase results', async () => {
        const { result } = await simulateText(text(''), { horizonSeconds: 2000, warmupSeconds: 100, replications: 2 });
        expect(result.phases).toBeUndefined();
    });
});
