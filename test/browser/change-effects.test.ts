/**
 * "What the changes did" beside the diff, and the headroom, in the results
 * view (the HTML report in headless Chromium): the chosen solution's changes
 * with and without each, refused undos, hostile labels as text, other
 * selections pointing to the chosen one, 500 solutions.
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import type { OptimizationResult } from '../../src/opt/api.js';
import { fixtureResult, HOSTILE_LABEL } from '../report/fixture.js';
import { reportPages } from './report-page.js';

const open = reportPages('mlops-change-effects-', '#change-effects');

const objectives = (cost: number) => ({ time: 10, variance: 1, violations: 0.5, cost });

function explained(size: number): OptimizationResult {
    const result = fixtureResult(size);
    result.explanation = {
        solution: result.chosen,
        against: 'current',
        changes: [
            { change: { kind: 'component', component: 'scorer', before: { cpu_node: 4 }, after: { cpu_node: 3 }, moved: 0, added: 0, removed: 1 },
                processes: [{ process: 'scoring', deadline: 0.8, with: { mean: 0.4, p95: 0.7, overShare: 0.01 }, without: { mean: 0.38, p95: 0.68, overShare: 0.008 } }],
                objectives: { with: objectives(40), without: objectives(44) } },
            { change: { kind: 'permanent', component: 'scorer', server: 'cpu_node', permanent: true },
                processes: [{ process: 'scoring', deadline: 0.8, with: { mean: 0.4, p95: 0.7, overShare: 0.01 }, without: { mean: 2.2, p95: 2.4, overShare: 0.96 } }],
                objectives: { with: objectives(40), without: objectives(39) } },
            { change: { kind: 'limit', step: 'train', before: 2, after: 3 }, processes: [], objectives: null, refused: 'step train needs 9000 MB of RAM' }
        ],
        headroom: { target: 0.99, factor: 1.8, upper: 1.83, limitedBy: { process: 'scoring', withinDeadline: 0.985 }, steps: [] }
    };
    return result;
}

const rows = (page: Page) => page.$$eval('#change-effects tbody tr', trs => trs.map(r => Array.from(r.children, c => c.textContent ?? '')));

describe('what the changes did', () => {
    test('each change with and without it, beside the diff; refused undo; the headroom; hostile labels as text', async () => {
        const result = explained(5);
        result.labels.scoring = HOSTILE_LABEL;
        const { page, problems } = await open(result, 'effects');
        expect(await page.$$eval('#app > section.panel', s => s.slice(0, 4).map(x => x.id))).toEqual(['service-levels', 'time-bars', 'changes', 'change-effects']);
        expect(await page.textContent('#change-effects h2')).toBe('What the changes of solution 3 (chosen) did against current');
        const scoring = `${HOSTILE_LABEL} (scoring)`;
        const cpu = 'CPU node "standard" (cpu_node)';
        expect(await rows(page)).toEqual([
            [`${HOSTILE_LABEL} (scorer): 1 removed (${cpu} 4 → 3)`, scoring, '700 ms → 680 ms', '1.0 % → 0.8 %', '40 → 44'],
            [`${HOSTILE_LABEL} (scorer) on ${cpu}: made permanent`, scoring, '700 ms → 2.4 s', '1.0 % → 96.0 %', '40 → 39'],
            ['limit of step train: 2 → 3', 'cannot be undone alone: step train needs 9000 MB of RAM']
        ]);
        // the permanent flag is what kept scoring within its deadline: marked better
        expect(await page.$$eval('#change-effects tbody:nth-of-type(2) td', tds => tds.map(td => td.className))).toEqual(['', 'better', 'better', '']);
        expect(await page.textContent('#headroom')).toBe(`Headroom: ×1.8 — all arrival rates can grow by this factor with every process keeping 99.0 % of its runs within the deadline; first to break: ${scoring} (98.5 % within its deadline at ×1.83).`);
        expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
        expect(problems).toEqual([]);
        await page.close();
    });

    test('another solution or a baseline points to the chosen one; no upper bound reads "at least"', async () => {
        const result = explained(4);
        result.explanation!.headroom = { target: 0.99, factor: 64, upper: Infinity, limitedBy: null, steps: [] };
        const { page, problems } = await open(result, 'others');
        await page.click('#front-table tr[data-index="0"]');
        expect(await page.textContent('#change-effects p')).toBe('Measured for the chosen solution (solution 3) after the run; select it to see what its changes did and its headroom.');
        await page.click('#front-table tr[data-baseline="1"]');
        expect(await page.textContent('#change-effects p')).toContain('Measured for the chosen solution (solution 3)');
        await page.click(`#front-table tr[data-index="${result.chosen}"]`);
        expect(await page.textContent('#headroom')).toBe('Headroom: at least ×64 (the search stops there); every process keeps 99.0 % of its runs within the deadline.');
        expect(problems).toEqual([]);
        await page.close();
    });

    test('a result without an explanation, and a front of 500', async () => {
        const { page, problems } = await open(fixtureResult(3), 'none');
        expect(await page.textContent('#change-effects p')).toBe('Not measured for this run.');
        await page.close();
        const big = await open(explained(500), 'big');
        await big.page.click('#front-table tr[data-index="250"]');
        expect(await big.page.textContent('#change-effects h2')).toBe('What the changes of solution 251 (chosen) did against current');
        expect(await rows(big.page)).toHaveLength(3);
        expect([...problems, ...big.problems]).toEqual([]);
        await big.page.close();
    });
});
