/**
 * The Pareto chart's axis pickers in the HTML report (same bundle as the
 * VS Code view) in headless Chromium: any process's p95 or share of runs over
 * its deadline can be plotted, with hostile process labels as text, on a
 * front of 500 solutions; solutions without per-process figures are left out
 * and counted.
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { fixtureResult, HOSTILE_LABEL } from '../report/fixture.js';
import { reportPages } from './report-page.js';

const open = reportPages('mlops-pareto-axes-', '#front-scatter canvas');


const label = (page: Page) => page.getAttribute('#front-scatter canvas', 'aria-label');
const options = (page: Page, id: string) => page.$$eval(`#${id} option`, o => o.map(x => [x.getAttribute('value'), x.textContent]));

describe('Pareto chart: any process on either axis', () => {
    test('500 solutions: scoring\'s share over its deadline against its p95, every solution and baseline plotted; a hostile label is text', async () => {
        const big = fixtureResult(500);
        big.labels.scoring = HOSTILE_LABEL;
        const { page, problems } = await open(big, 'big');
        expect(await label(page)).toBe('Pareto front: Mean time (s) against Cost (PLN/h), 502 points');
        const x = await options(page, 'scatter-x');
        expect(x.map(o => o[0])).toEqual(['time', 'variance', 'violations', 'cost', 'p95:training', 'over:training', 'p95:scoring', 'over:scoring',
            'p95:monitoring', 'over:monitoring']);
        expect(x[6][1]).toBe(`${HOSTILE_LABEL} (scoring): p95 (s)`);
        expect(await options(page, 'scatter-y')).toEqual(x);

        const ms = await page.evaluate(() => {
            const started = performance.now();
            for (const [id, value] of [['scatter-x', 'p95:scoring'], ['scatter-y', 'over:scoring']]) {
                const select = document.getElementById(id) as HTMLSelectElement;
                select.value = value;
                select.dispatchEvent(new Event('change'));
            }
            return performance.now() - started;
        });
        expect(await label(page)).toBe(`Pareto front: ${HOSTILE_LABEL} (scoring): runs over deadline (%) against ${HOSTILE_LABEL} (scoring): p95 (s), 502 points`);
        expect(await page.isHidden('#scatter-note')).toBe(true);
        console.log(`500-solution front: two axis changes re-rendered the view in ${ms.toFixed(1)} ms (headless Chromium, loaded machine)`);
        // the selection still works with a process axis
        await page.click('#front-table tr[data-index="42"]');
        expect(await page.textContent('#allocation-matrix h2')).toBe('Allocation of solution 43');
        expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
        expect(await page.$$eval('#app img, #app script', n => n.length)).toBe(0);
        expect(problems).toEqual([]);
        await page.close();
    });

    test('front members without details are left out of a process axis, and the chart says how many', async () => {
        const result = fixtureResult(8);
        result.front = result.front.map((s, i) => (i < 3 ? { allocation: s.allocation, objectives: s.objectives } : s));
        const { page, problems } = await open(result, 'no-details');
        await page.selectOption('#scatter-y', 'p95:training');
        expect(await label(page)).toBe('Pareto front: training: p95 (s) against Cost (PLN/h), 7 points');
        expect(await page.textContent('#scatter-note')).toBe('3 solutions not plotted: no per-process figures.');
        // back to two criteria: all of them
        await page.selectOption('#scatter-y', 'violations');
        expect(await label(page)).toBe('Pareto front: Violations (/h) against Cost (PLN/h), 10 points');
        expect(await page.isHidden('#scatter-note')).toBe(true);
        expect(problems).toEqual([]);
        await page.close();
    });
});
