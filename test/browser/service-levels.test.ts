/**
 * The service-level table the results view opens on, in the HTML report
 * (same bundle as the VS Code view) in headless Chromium: per process the
 * shown solution beside current and first-fit, baseline rows that open like
 * front members, hostile process labels, a front of 500 solutions.
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { fixtureResult, HOSTILE_LABEL } from '../report/fixture.js';
import { reportPages } from './report-page.js';

const open = reportPages('mlops-service-levels-', '#service-levels table');


/** The table as text: one array of cell texts per row. */
const table = (page: Page) => page.$$eval('#service-levels tbody tr', rows => rows.map(r => Array.from(r.children, c => c.textContent ?? '')));

describe('service levels first', () => {
    test('the view opens on the chosen solution beside current and first-fit, with the change; a hostile process label is text', async () => {
        const result = fixtureResult(5); // chosen = 2, t = 0.5
        result.labels.scoring = HOSTILE_LABEL;
        const { page, problems } = await open(result, 'chosen');
        // it is the first panel after the header
        expect(await page.$eval('#app > section.panel', s => s.id)).toBe('service-levels');
        expect(await page.textContent('#service-levels h2')).toBe('Service levels of solution 3 (chosen)');
        const rows = await table(page);
        expect(rows).toHaveLength(9); // 3 processes x (shown, current, first-fit)
        const scoring = rows.slice(3, 6);
        expect(scoring[0][0]).toBe(`${HOSTILE_LABEL} (scoring)`);
        expect(scoring[0].slice(1)).toEqual(['solution 3 (chosen)', '80,000', '380 ms', '700 ms', '850 ms', '800 ms', '0.1 %',
            'p95 −50 ms; over deadline −0.03125 pts']);
        expect(scoring[1].slice(0, 2)).toEqual(['current', '80,000']);
        expect(scoring[1][6]).toBe('0.1 %'); // 75 of 80000
        expect(scoring[2].slice(0, 1)).toEqual(['first-fit']);
        expect(scoring[2][6]).toBe('0.2 %'); // 150 of 80000
        // p99 850 ms is over the 800 ms deadline: marked late; the change is an improvement
        expect(await page.$$eval('#service-levels tbody:nth-of-type(2) tr.shown td', tds => tds.map(td => td.className))).toEqual(
            ['', '', '', '', 'late', '', 'late', 'better']);
        expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
        expect(await page.$$eval('#app img, #app script', n => n.length)).toBe(0);
        expect(problems).toEqual([]);
        await page.close();
    });

    test('the changes of the shown solution against current: instances, permanent flags, limits; hostile labels as text', async () => {
        const result = fixtureResult(5); // chosen = 2: scorer 3 on cpu_node (permanent), trainer 1 on gpu_node, train limit 3
        result.labels.trainer = HOSTILE_LABEL;
        const { page, problems } = await open(result, 'changes');
        expect(await page.textContent('#changes h2')).toBe('Changes of solution 3 (chosen) against current');
        const cpu = 'CPU node "standard" (cpu_node)';
        expect(await page.$$eval('#changes li', items => items.map(i => i.textContent))).toEqual([
            `${HOSTILE_LABEL} (scorer): 1 removed (${cpu} 4 → 3)`,
            `${HOSTILE_LABEL} (trainer): 1 removed (gpu_node 2 → 1)`,
            `${HOSTILE_LABEL} (scorer) on ${cpu}: made permanent`,
            'limit of step train: 2 → 3'
        ]);
        // opening current itself: nothing to compare
        await page.click('#front-table tr[data-baseline="1"]');
        expect(await page.textContent('#changes p')).toBe('This is the reference allocation current.');
        // first-fit against current
        await page.click('#front-table tr[data-baseline="0"]');
        expect(await page.textContent('#changes h2')).toBe('Changes of baseline first-fit against current');
        expect(await page.$$eval('#changes li', items => items.map(i => i.textContent))).toEqual([
            `${HOSTILE_LABEL} (scorer): 3 removed (${cpu} 4 → 1)`,
            `${HOSTILE_LABEL} (trainer): 1 removed (gpu_node 2 → 1)`,
            `feature_store on ${cpu}: no longer permanent`,
            'limit of step train: 2 → none'
        ]);
        expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
        expect(problems).toEqual([]);
        await page.close();
    });

    test('baseline rows open like front members (click and keyboard); choosing a front member closes them', async () => {
        const result = fixtureResult(6);
        const { page, problems } = await open(result, 'baselines');
        await page.click('#front-table tr[data-baseline="1"]'); // current
        expect(await page.textContent('#service-levels h2')).toBe('Service levels of baseline current');
        expect(await page.textContent('#allocation-matrix h2')).toBe('Allocation of baseline current');
        expect(await page.textContent('#details h2')).toBe('Selected: baseline current');
        expect(await page.getAttribute('#front-table tr[data-baseline="1"]', 'aria-selected')).toBe('true');
        expect(await page.$$eval('#front-table tr[data-index].selected', r => r.length)).toBe(0);
        // current is not compared with itself: only first-fit beside it, no change
        const rows = await table(page);
        expect(rows).toHaveLength(6);
        expect(rows[1][0]).toBe('first-fit');
        expect(rows[0].at(-1)).toBe('—');
        // the summary shows the baseline's criteria
        expect(await page.textContent('#details .summary')).toContain('45 PLN');

        await page.focus('#front-table tr[data-baseline="0"]');
        await page.keyboard.press('Enter');
        expect(await page.textContent('#service-levels h2')).toBe('Service levels of baseline first-fit');

        await page.click('#front-table tr[data-index="4"]');
        expect(await page.textContent('#service-levels h2')).toBe('Service levels of solution 5');
        expect(await page.getAttribute('#front-table tr[data-baseline="0"]', 'aria-selected')).toBe('false');
        expect((await table(page))).toHaveLength(9);
        expect(problems).toEqual([]);
        await page.close();
    });

    test('500 solutions: the table follows the selection, and a baseline opens at once', async () => {
        const big = fixtureResult(500);
        const { page, problems } = await open(big, 'big');
        const ms = await page.evaluate(() => {
            const started = performance.now();
            (document.querySelector('#front-table tr[data-index="499"]') as HTMLElement).click();
            (document.querySelector('#front-table tr[data-baseline="0"]') as HTMLElement).click();
            return performance.now() - started;
        });
        expect(await page.textContent('#service-levels h2')).toBe('Service levels of baseline first-fit');
        await page.click('#front-table tr[data-index="499"]');
        const rows = await table(page);
        expect(rows[3].slice(1, 4)).toEqual(['solution 500', '80,000', '280 ms']);
        console.log(`500-solution front: a selection and a baseline opening took ${ms.toFixed(1)} ms (headless Chromium, loaded machine)`);
        expect(problems).toEqual([]);
        await page.close();
    });
});
