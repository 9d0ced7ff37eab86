import { describe, expect, test } from 'vitest';
import { availabilityText, hasAvailability, referenceBaselines, serviceLevelRows } from '../../src/webview/service-levels-data.js';
import { fixtureResult } from '../report/fixture.js';

describe('per-process service levels beside current and first-fit', () => {
    test('rows per process with current first, then first-fit, and the change against current', () => {
        const result = fixtureResult(5);
        const shown = result.front[4]; // t = 1
        const rows = serviceLevelRows(result, shown, null);
        expect(rows.map(r => r.process)).toEqual(['training', 'scoring', 'monitoring']);
        const scoring = rows[1];
        expect(scoring.references.map(c => c.allocation)).toEqual(['current', 'first-fit']);
        expect(scoring.shown.overShare).toBe(0); // 0 violations of 80000 runs
        expect(scoring.references[0].overShare).toBeCloseTo(75 / 80000, 12); // current: round(100 * 0.75)
        expect(scoring.change!.p95).toBeCloseTo(0.6 - (0.6 + 0.2 * 0.75), 12);
        expect(scoring.change!.overShare).toBeCloseTo(-75 / 80000, 12);
        expect(scoring.deadline).toBe(0.8);
    });

    test('an opened baseline is not its own reference; without current there is no change', () => {
        const result = fixtureResult(3);
        const current = result.baselines.findIndex(b => b.name === 'current');
        expect(referenceBaselines(result, current).map(b => b.name)).toEqual(['first-fit']);
        const rows = serviceLevelRows(result, result.baselines[current], current);
        expect(rows[0].references.map(c => c.allocation)).toEqual(['first-fit']);
        expect(rows[0].change).toBeNull();
    });

    test('the file allocation stands in for current when none is named so; a process missing from a reference is reported as missing', () => {
        const result = fixtureResult(3);
        result.baselines[1] = { ...result.baselines[1], name: 'today',
            details: { ...result.baselines[1].details!, processes: result.baselines[1].details!.processes.slice(1) } };
        const rows = serviceLevelRows(result, result.front[0], null);
        expect(rows[0].references.map(c => c.allocation)).toEqual(['today', 'first-fit']);
        expect(rows[0].references[0].stats).toBeUndefined();
        expect(rows[0].change).toBeNull();
        expect(rows[1].change).not.toBeNull();
    });

    test('no deadline gives NaN shares, no details anywhere gives no rows', () => {
        const result = fixtureResult(2);
        const noDeadline = result.front[0].details!.processes.map(p => ({ ...p, deadline: null }));
        const shown = { ...result.front[0], details: { ...result.front[0].details!, processes: noDeadline } };
        expect(Number.isNaN(serviceLevelRows(result, shown, null)[0].shown.overShare)).toBe(true);
        const bare = { ...result, baselines: result.baselines.map(b => ({ ...b, details: undefined })) };
        expect(serviceLevelRows(bare, { ...result.front[0], details: undefined }, null)).toEqual([]);
    });
});

describe('availability in the service levels (models with failing machines)', () => {
    test('the column appears only when a cell reports availability, with the time share, its interval and the runs in time', () => {
        const result = fixtureResult(5);
        const rows = serviceLevelRows(result, result.front[4], null);
        expect(hasAvailability(rows)).toBe(false);
        const stats = rows[1].shown.stats!;
        const withFailures = { ...stats, availability: { runs: 0.99, time: 0.909091, timeCI: [0.9, 0.92] as [number, number] } };
        const changed = [{ ...rows[1], shown: { ...rows[1].shown, stats: withFailures } }];
        expect(hasAvailability(changed)).toBe(true);
        expect(availabilityText(withFailures)).toBe('time 90.909 % (95% CI 90.000 % – 92.000 %); runs in time 99.000 %');
        expect(availabilityText(stats)).toBe('—');
    });
});
