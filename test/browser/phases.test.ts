/**
 * The results view's per-phase tables (src/webview/phases.ts) in headless
 * Chromium through the HTML report: the criteria per phase of the arrival
 * profile and each process's runs, mean and p95 per phase, labels as text;
 * nothing per phase for a result without a profile.
 */
import { describe, expect, test } from 'vitest';
import type { PhasesResult } from '../../src/sim/api.js';
import { fixtureResult, HOSTILE_LABEL } from '../report/fixture.js';
import { reportPages } from './report-page.js';

const open = reportPages('mlops-phases-', '#details table');

function phases(names: string[]): PhasesResult {
    const phase = (label: string, start: number, end: number, factor: number, scale: number) => ({
        phase: label, start: start * 3600, end: end * 3600, factor, seconds: 3 * (end - start) * 3600,
        objectives: { time: 2 * scale, variance: 1, violations: 10 * scale, cost: 1.5 },
        objectivesCI: { time: [1, 3] as [number, number], variance: [0, 2] as [number, number], violations: [0, 20] as [number, number], cost: [1.5, 1.5] as [number, number] },
        processes: names.map((name, i) => ({ name, runs: 100 * factor * (i + 1), mean: scale * (i + 1), p50: scale, p95: 3 * scale * (i + 1), p99: 4 * scale, violations: i === 1 ? 50 * factor : 0, meanCI: [0, 1] as [number, number] }))
    });
    return { process: 'scoring', cycle: 86_400, phases: [phase('night', 0, 8, 0.2, 0.1), phase('peak', 8, 24, 2.5, 0.5)] };
}

describe('per-phase results in the view', () => {
    test('the criteria per phase, then each process per phase, p95 over the deadline marked; labels are text', async () => {
        const result = fixtureResult(3);
        result.labels.scoring = HOSTILE_LABEL;
        for (const s of [...result.front, ...result.baselines]) {
            s.details!.phases = phases(s.details!.processes.map(p => p.name));
        }
        const { page, problems } = await open(result, 'phases');
        expect(await page.textContent('#details .process-table h3')).toBe(`Per phase of the 24 h cycle (profile of ${HOSTILE_LABEL} (scoring))`);
        const rows = await page.$$eval('#details table.phases', tables => tables.map(t => Array.from(t.querySelectorAll('tbody tr'),
            r => Array.from(r.children, c => c.textContent ?? ''))));
        expect(rows[0]).toEqual([['night', '0 h – 8 h', '0.2', '200 ms', '1', '1.5'], ['peak', '8 h – 24 h', '2.5', '1 s', '5', '1.5']]);
        expect(rows[1].slice(0, 4)).toEqual([
            ['training', 'night', '20', '100 ms', '300 ms', '0.0 %'], ['peak', '250', '500 ms', '1.5 s', '0.0 %'],
            [`${HOSTILE_LABEL} (scoring)`, 'night', '40', '200 ms', '600 ms', '25.0 %'], ['peak', '500', '1 s', '3 s', '25.0 %']]);
        // scoring's deadline is 0.8 s: its peak p95 of 3 s is marked late
        expect(await page.$$eval('#details table.phases td.late', cells => cells.map(c => c.textContent))).toEqual(['3 s']);
        expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
        expect(problems).toEqual([]);
        await page.close();
    });

    test('a result without a profile has no per-phase table', async () => {
        const { page, problems } = await open(fixtureResult(3), 'none');
        expect(await page.$$eval('#details table.phases', t => t.length)).toBe(0);
        expect(problems).toEqual([]);
        await page.close();
    });
});
