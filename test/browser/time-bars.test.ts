/**
 * "Where the time goes" in the results view (the HTML report, same bundle as
 * the VS Code view) in headless Chromium: one stacked bar per process with
 * segments as wide as their share of the mean, the bottleneck named, hostile
 * labels rendered as text, a result without a decomposition, 500 solutions.
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import type { OptimizationResult, Solution } from '../../src/opt/api.js';
import type { StepTime } from '../../src/sim/api.js';
import { fixtureResult, HOSTILE_LABEL } from '../report/fixture.js';
import { reportPages } from './report-page.js';

const open = reportPages('mlops-time-bars-', '#time-bars');

function step(name: string, component: string, parts: Partial<StepTime>, server: string): StepTime {
    const s: StepTime = { step: name, component, resource: 'cpu', queueWait: 0, ramWait: 0, coldStart: 0, service: 0,
        cpuSharing: 0, gpuSharing: 0, networkSharing: 0, sharing: 0, coldStartShare: 0, servers: [{ name: server, share: 1 }], ...parts };
    s.sharing = s.cpuSharing + s.gpuSharing + s.networkSharing;
    return s;
}

/** The fixture's processes with a decomposition: scoring is dominated by the scorer's cold start (scale `k`). */
function withTimeParts(solution: Solution, k: number): void {
    for (const p of solution.details!.processes) {
        const steps = p.name === 'scoring'
            ? [step('load_features', 'feature_store', { queueWait: 0.01 * p.mean, service: 0.19 * p.mean }, 'cpu_node'),
                step('score', 'scorer', { coldStart: 0.6 * k * p.mean, service: (0.2 - 0.6 * (k - 1)) * p.mean, coldStartShare: 0.3 * k }, 'cpu_node')]
            : [step(p.name === 'training' ? 'train' : 'check_drift', p.name === 'training' ? 'trainer' : 'monitor',
                { queueWait: 0.25 * p.mean, cpuSharing: 0.03 * p.mean, networkSharing: 0.02 * p.mean, service: 0.7 * p.mean }, p.name === 'training' ? 'gpu_node' : 'cpu_node')];
        p.steps = steps;
        const parts = { queueWait: 0, ramWait: 0, coldStart: 0, service: 0, cpuSharing: 0, gpuSharing: 0, networkSharing: 0, sharing: 0 };
        for (const s of steps) {
            for (const k of Object.keys(parts) as (keyof typeof parts)[]) { parts[k] += s[k]; }
        }
        p.timeParts = parts;
    }
}

function resultWithParts(size: number): OptimizationResult {
    const result = fixtureResult(size);
    result.front.forEach(s => withTimeParts(s, 1));
    result.baselines.forEach(b => withTimeParts(b, 1.2));
    return result;
}

/** Per process row: name, and each segment's part and width as a share of its bar. */
const bars = (page: Page) => page.$$eval('#time-bars tbody tr', rows => rows.map(r => ({
    process: r.querySelector('th')?.textContent ?? '',
    segments: Array.from(r.querySelectorAll('.segment'), s => [
        (s as HTMLElement).dataset.key, Math.round(100 * s.getBoundingClientRect().width / s.parentElement!.clientWidth) / 100]),
    bottleneck: r.querySelector('td.bottleneck')?.textContent ?? ''
})));

describe('where the time goes', () => {
    test('a stacked bar per process, segments as wide as their share, the bottleneck named; hostile labels are text', async () => {
        const result = resultWithParts(5);
        result.labels.scoring = HOSTILE_LABEL;
        const { page, problems } = await open(result, 'bars');
        expect(await page.textContent('#time-bars h2')).toBe('Where the time goes in solution 3 (chosen)');
        // right after the service levels
        expect(await page.$$eval('#app > section.panel', s => s.slice(0, 3).map(x => x.id))).toEqual(['service-levels', 'time-bars', 'changes']);
        const rows = await bars(page);
        expect(rows.map(r => r.process)).toEqual(['training', `${HOSTILE_LABEL} (scoring)`, 'monitoring']);
        expect(rows[0].segments).toEqual([['queueWait', 0.25], ['service', 0.7], ['cpuSharing', 0.03], ['networkSharing', 0.02]]);
        expect(rows[1].segments).toEqual([['queueWait', 0.01], ['coldStart', 0.6], ['service', 0.39]]);
        // the scorer's cold start: step, component (hostile label as text), server kind with its label, CPU utilization
        expect(rows[1].bottleneck).toBe(`cold start of step score (${HOSTILE_LABEL} (scorer)) on CPU node "standard" (cpu_node): 240 ms, 60.0 % of the mean; CPU 35.0 % used`);
        expect(rows[0].bottleneck).toMatch(/^service of step train \(trainer\) on gpu_node: .*70\.0 % of the mean; CPU 40\.0 % used$/);
        // segment tooltips and the bar's accessible text carry the seconds
        expect(await page.getAttribute('#time-bars tbody tr:nth-child(2) .segment[data-key="coldStart"]', 'title')).toBe('cold start: 240 ms (60.0 %)');
        expect(await page.getAttribute('#time-bars tbody tr:nth-child(2) .time-bar', 'aria-label')).toContain('cold start 240 ms');
        expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
        expect(await page.$$eval('#app img, #app script', n => n.length)).toBe(0);
        expect(problems).toEqual([]);
        await page.close();
    });

    test('follows the selection and opened baselines; says so when a solution has no decomposition', async () => {
        const result = resultWithParts(4);
        delete result.front[0].details!.processes[0].timeParts;
        result.front[0].details!.processes.forEach(p => { delete p.timeParts; delete p.steps; });
        const { page, problems } = await open(result, 'select');
        await page.click('#front-table tr[data-baseline="1"]');
        expect(await page.textContent('#time-bars h2')).toBe('Where the time goes in baseline current');
        expect((await bars(page))[1].segments).toEqual([['queueWait', 0.01], ['coldStart', 0.72], ['service', 0.27]]);
        await page.click('#front-table tr[data-index="0"]');
        expect(await page.textContent('#time-bars .time-bars-body')).toBe('No time decomposition was reported for this solution.');
        expect(problems).toEqual([]);
        await page.close();
    });

    test('500 solutions: the bars follow the selection', async () => {
        const { page, problems } = await open(resultWithParts(500), 'big');
        await page.click('#front-table tr[data-index="499"]');
        expect(await page.textContent('#time-bars h2')).toBe('Where the time goes in solution 500');
        expect(await page.$$eval('#time-bars .time-bar', b => b.length)).toBe(3);
        expect(problems).toEqual([]);
        await page.close();
    });
});
