import { describe, expect, test } from 'vitest';
import type { ProcessStats } from '../../../src/sim/api.js';
import { formatShare, hoverSection, lensTitles, processFigure, type WhatIfOutcome } from '../../../src/language/lsp/what-if-text.js';

const stats = (name: string, p95: number, violations: number, deadline: number | null = 0.2): ProcessStats => ({
    name, runs: 1000, mean: p95 / 2, variance: 0, p50: p95 / 2, p95, p99: p95, deadline, violations, meanCI: [0, 0], unfinishedRuns: 0
});
const outcome = (kind: WhatIfOutcome['kind'], processes: ProcessStats[]): WhatIfOutcome => ({ kind, processes, replications: 4, horizon: 8 * 3600, warnings: [] });

describe('what-if words', () => {
    test('shares: one decimal from 10%, two significant digits below, 0% and no share', () => {
        expect([0.952, 0.043, 0.0041, 0.00004, 0, 1, 0.99998, NaN].map(formatShare)).toEqual(['95.2%', '4.3%', '0.41%', '0.004%', '0%', '100%', '>99.9%', '–']);
    });

    test('a process: p95 and share over the deadline; the change from before the edit with arrows; no deadline, no share', () => {
        expect(processFigure(stats('scoring', 4.77, 952))).toBe('scoring p95 4.77 s, 95.2% over 200 ms');
        expect(processFigure(stats('scoring', 0.12, 4), stats('scoring', 4.77, 952))).toBe('scoring p95 4.77 s → 120 ms, 95.2% → 0.4% over 200 ms');
        expect(processFigure(stats('training', 600, 0, null))).toBe('training p95 10 min');
    });

    test('lens titles: label (with "simulating…" while the estimate waits), then at most six processes and a count', () => {
        const many = Array.from({ length: 8 }, (_, i) => stats(`p${i}`, 1, 0));
        const titles = lensTitles(outcome('estimate', many), undefined, true);
        expect(titles[0]).toBe('analytic estimate, simulating…:');
        expect(titles).toHaveLength(1 + 6 + 1);
        expect(titles.at(-1)).toBe('+2 more');
        expect(lensTitles(outcome('simulated', many.slice(0, 1)), undefined, false)).toEqual(['simulated, 4 × 8 h:', 'p0 p95 1 s, 0% over 200 ms']);
    });

    test('hover: only the component\'s processes, with the share before the edit', () => {
        const now = outcome('simulated', [stats('scoring', 0.12, 4), stats('training', 600, 0, null)]);
        const before = outcome('simulated', [stats('scoring', 4.77, 952), stats('training', 600, 0, null)]);
        const text = hoverSection('scorer', ['scoring'], now, before);
        expect(text).toContain('*What-if (simulated, 4 × 8 h): processes served by `scorer`*');
        expect(text).toContain('| scoring | 60 ms | 120 ms | 200 ms | 0.4% (was 95.2%) |');
        expect(text).not.toContain('training');
        expect(hoverSection('idle', [], now)).toBe('*What-if (simulated, 4 × 8 h):* no process runs a step on `idle`.');
    });
});
