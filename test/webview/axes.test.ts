import { describe, expect, test } from 'vitest';
import { axisOptions, axisOrDefault, axisTitle, axisValue, parseAxisKey } from '../../src/webview/axes.js';
import { fixtureResult, HOSTILE_LABEL } from '../report/fixture.js';

describe('Pareto chart axes', () => {
    test('the four criteria, then each process\'s p95 and (with a deadline) its share over the deadline', () => {
        const result = fixtureResult(4);
        result.front[0].details!.processes.push({ ...result.front[0].details!.processes[2], name: 'no_deadline', deadline: null });
        const keys = axisOptions(result).map(o => o.key);
        expect(keys).toEqual(['time', 'variance', 'violations', 'cost', 'p95:training', 'over:training', 'p95:scoring', 'over:scoring',
            'p95:monitoring', 'over:monitoring', 'p95:no_deadline']);
        expect(axisTitle(result, 'cost')).toBe('Cost (PLN/h)');
        expect(axisTitle(result, 'over:scoring')).toBe('scoring: runs over deadline (%)');
    });

    test('a process label is named in the title as text (the options are text nodes)', () => {
        const result = fixtureResult(2);
        result.labels.scoring = HOSTILE_LABEL;
        expect(axisTitle(result, 'p95:scoring')).toBe(`${HOSTILE_LABEL} (scoring): p95 (s)`);
    });

    test('values: criteria from the objectives, p95 and share over the deadline (percent) from the details', () => {
        const result = fixtureResult(3);
        const s = result.front[1];
        expect(axisValue(s, 'violations')).toBe(s.objectives.violations);
        const scoring = s.details!.processes[1];
        expect(axisValue(s, 'p95:scoring')).toBe(scoring.p95);
        expect(axisValue(s, 'over:scoring')).toBeCloseTo(100 * scoring.violations / scoring.runs, 12);
    });

    test('no figure without details, for an unknown process, or without runs', () => {
        const result = fixtureResult(3);
        const { details: _, ...bare } = result.front[0];
        expect(axisValue(bare, 'p95:scoring')).toBeUndefined();
        expect(axisValue(result.front[0], 'p95:nobody')).toBeUndefined();
        const idle = { ...result.front[0], details: { ...result.front[0].details!, processes: [{ ...result.front[0].details!.processes[1], runs: 0 }] } };
        expect(axisValue(idle, 'over:scoring')).toBeUndefined();
    });

    test('a saved key is kept when it parses; the result falls back to a criterion when it lacks the process', () => {
        expect(parseAxisKey('p95:a:b')).toBe('p95:a:b');
        expect(parseAxisKey('evil')).toBeUndefined();
        expect(parseAxisKey(3)).toBeUndefined();
        const result = fixtureResult(2);
        expect(axisOrDefault(result, 'p95:scoring', 'time')).toBe('p95:scoring');
        expect(axisOrDefault(result, 'p95:gone', 'time')).toBe('time');
        expect(axisOrDefault({ ...result, front: [], baselines: [] }, 'over:scoring', 'cost')).toBe('cost');
    });
});
