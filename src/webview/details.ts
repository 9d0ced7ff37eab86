/**
 * The selected solution's simulation details: execution time per process
 * (mean, p50, p95, p99 against the deadline, log scale because processes
 * differ by orders of magnitude), utilization per server kind, cost per hour.
 */
import type { Solution } from '../opt/api.js';
import { axis, baseOptions, Chart, chartBox } from './charts.js';
import { clear, el } from './dom.js';
import { clippedAtZero } from '../model/intervals.js';
import { displayName, formatNumber, formatPercent, formatSeconds } from './format.js';
import { shownSolution, type ViewState } from './state.js';
import { withAlpha, type Palette } from './theme.js';
import { phaseTables } from './phases.js';

export class DetailsView {
    readonly element: HTMLElement;
    private readonly processChart: Chart<'bar' | 'line', (number | null)[], string>;
    private readonly serverChart: Chart<'bar', number[], string>;
    private readonly processTable = el('div', { class: 'process-table' });
    /** Per phase of the arrival profile (phases.ts), when a process has one. */
    private readonly phaseBox = el('div', {});
    private readonly summary = el('div', { class: 'summary' });
    private readonly heading = el('h2', {}, 'Selected solution');

    constructor(private palette: Palette) {
        const processes = chartBox('processes', 'Execution time per process');
        const servers = chartBox('servers', 'Utilization per server kind');
        this.element = el('section', { class: 'panel', id: 'details' },
            this.heading, this.summary,
            el('h3', {}, 'Execution time per process'), processes.box, this.processTable, this.phaseBox,
            el('h3', {}, 'Utilization per server kind'), servers.box);
        this.processChart = new Chart(processes.canvas, { type: 'bar', data: { labels: [], datasets: [] }, options: baseOptions(palette) });
        this.serverChart = new Chart(servers.canvas, { type: 'bar', data: { labels: [], datasets: [] }, options: baseOptions(palette) });
    }

    render(state: ViewState): void {
        const result = state.result;
        clear(this.summary);
        clear(this.processTable);
        clear(this.phaseBox);
        const shown = shownSolution(state);
        const solution: Solution | undefined = shown?.solution;
        this.heading.textContent = shown ? `Selected: ${shown.title}` : 'Selected solution';
        if (!result || !solution) {
            this.summary.appendChild(el('p', { class: 'muted' }, 'No solution yet.'));
            this.setEmpty();
            return;
        }
        const o = solution.objectives;
        const ci = solution.objectivesCI;
        const figure = (label: string, value: string, estimate: number, interval?: [number, number]) => el('div', { class: 'figure' },
            el('span', { class: 'figure-label' }, label), el('span', { class: 'figure-value' }, value),
            interval && formatInterval(interval, estimate));
        this.summary.append(
            figure('Cost per hour', `${formatNumber(o.cost)} ${result.currency ?? ''}`.trim(), o.cost, ci?.cost),
            figure('Mean time (weighted)', formatSeconds(o.time), o.time, ci?.time),
            figure('Variance (weighted)', `${formatNumber(o.variance)} s²`, o.variance, ci?.variance),
            figure('Deadline violations', `${formatNumber(o.violations)} /h`, o.violations, ci?.violations));
        const details = solution.details;
        if (!details) {
            this.processTable.appendChild(el('p', { class: 'muted' }, 'The optimizer did not report per-process details for this solution.'));
            this.setEmpty();
            return;
        }
        const p = this.palette;
        const processes = details.processes;
        const names = processes.map(x => displayName(result, x.name));
        const positive = (v: number) => (Number.isFinite(v) && v > 0 ? v : null);
        const series = [
            { label: 'mean', key: 'mean' as const, color: p.series[0] },
            { label: 'p50', key: 'p50' as const, color: p.series[1] },
            { label: 'p95', key: 'p95' as const, color: p.series[2] },
            { label: 'p99', key: 'p99' as const, color: p.series[3] }
        ];
        this.processChart.data = {
            labels: names,
            datasets: [
                ...series.map(s => ({ type: 'bar' as const, label: s.label, data: processes.map(x => positive(x[s.key])),
                    backgroundColor: withAlpha(s.color, 0.75), borderColor: s.color, borderWidth: 1 })),
                { type: 'line' as const, label: 'deadline', data: processes.map(x => (x.deadline === null ? null : positive(x.deadline))),
                    showLine: false, pointStyle: 'line', pointRadius: 22, pointBorderWidth: 3, borderColor: p.deadline, backgroundColor: p.deadline }
            ]
        };
        this.processChart.options = {
            ...baseOptions(p),
            scales: { x: { type: 'category', ...axis(p, 'process') }, y: { type: 'logarithmic', ...axis(p, 'time (log scale)'),
                ticks: { color: p.muted, callback: (v: number | string) => formatSeconds(Number(v)) } } },
            plugins: { ...baseOptions(p).plugins, tooltip: { ...baseOptions(p).plugins.tooltip,
                callbacks: { label: ctx => `${ctx.dataset.label}: ${formatSeconds(ctx.parsed.y ?? NaN)}` } } }
        };
        this.processChart.update();

        const head = el('tr', {}, ...['process', 'runs', 'mean', 'p50', 'p95', 'p99', 'deadline', 'over deadline'].map(h => el('th', { scope: 'col' }, h)));
        const rows = processes.map((x, i) => el('tr', {},
            el('th', { scope: 'row' }, names[i]), el('td', {}, formatNumber(x.runs)), el('td', {}, formatSeconds(x.mean)),
            el('td', {}, formatSeconds(x.p50)), el('td', {}, formatSeconds(x.p95)), el('td', { class: x.deadline !== null && x.p99 > x.deadline ? 'late' : undefined }, formatSeconds(x.p99)),
            el('td', {}, x.deadline === null ? '—' : formatSeconds(x.deadline)),
            el('td', {}, x.runs > 0 ? `${x.violations} (${formatPercent(x.violations / x.runs)})` : String(x.violations))));
        this.processTable.appendChild(el('table', { class: 'data' }, el('thead', {}, head), el('tbody', {}, ...rows)));
        const phases = phaseTables(result, details);
        if (phases) { this.phaseBox.appendChild(phases); }

        const servers = details.servers;
        this.serverChart.data = {
            labels: servers.map(s => displayName(result, s.name)),
            datasets: [
                { label: 'CPU', data: servers.map(s => s.cpuUtilization * 100), backgroundColor: withAlpha(p.series[0], 0.75), borderColor: p.series[0], borderWidth: 1 },
                { label: 'GPU', data: servers.map(s => s.gpuUtilization * 100), backgroundColor: withAlpha(p.series[1], 0.75), borderColor: p.series[1], borderWidth: 1 },
                { label: 'RAM', data: servers.map(s => s.ramUtilization * 100), backgroundColor: withAlpha(p.series[2], 0.75), borderColor: p.series[2], borderWidth: 1 }
            ]
        };
        this.serverChart.options = {
            ...baseOptions(p),
            scales: { x: { type: 'category', ...axis(p, 'server kind') }, y: { type: 'linear', min: 0, max: 100, ...axis(p, 'utilization %') } }
        };
        this.serverChart.update();
    }

    private setEmpty(): void {
        this.processChart.data = { labels: [], datasets: [] };
        this.processChart.update();
        this.serverChart.data = { labels: [], datasets: [] };
        this.serverChart.update();
    }

    /** Frees the charts (the view is rebuilt when the theme changes). */
    destroy(): void {
        this.processChart.destroy();
        this.serverChart.destroy();
    }
}

/** `95% CI lo – hi`; a lower end clipped at 0 (the t-interval went below it) is marked and explained on hover. */
function formatInterval(interval: [number, number], estimate: number): HTMLElement {
    const clipped = clippedAtZero(interval, estimate);
    return el('span', { class: 'figure-ci', title: clipped ? CLIPPED_NOTE : undefined },
        `95% CI ${formatNumber(interval[0])}${clipped ? ' (clipped)' : ''} – ${formatNumber(interval[1])}`);
}

const CLIPPED_NOTE = 'The 95% interval reached below 0 and is clipped at 0: too few replications for a narrow interval (raise replications).';
