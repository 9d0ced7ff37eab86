/**
 * The Pareto front as a scatter of two axes chosen by the user: a criterion,
 * or a process's p95 or share of runs over its deadline (axes.ts); the
 * chosen solution, the selected one and the baselines are separate series.
 * A solution without a figure on a process axis (no details yet) is left out
 * and counted under the chart. Clicking a front point selects it.
 */
import type { Solution } from '../opt/api.js';
import { axisOptions, axisOrDefault, axisTitle, axisValue, type AxisKey } from './axes.js';
import { axis, baseOptions, Chart, chartBox } from './charts.js';
import { clear, el } from './dom.js';
import { formatNumber } from './format.js';
import { effectiveSelection, type Store, type ViewState } from './state.js';
import { withAlpha, type Palette } from './theme.js';

interface Point { x: number; y: number; index: number; name?: string }

export class ScatterView {
    readonly element: HTMLElement;
    private chart: Chart<'scatter', Point[]>;
    private xSelect: HTMLSelectElement;
    private ySelect: HTMLSelectElement;
    private note: HTMLElement;
    private canvas: HTMLCanvasElement;
    /** The option keys last written into the selects (rebuilt only when they change). */
    private optionKeys = '';

    constructor(private store: Store, private palette: Palette) {
        this.xSelect = this.axisSelect('scatter-x', 'x');
        this.ySelect = this.axisSelect('scatter-y', 'y');
        const { box, canvas } = chartBox('scatter', 'Pareto front scatter plot');
        this.canvas = canvas;
        this.note = el('p', { class: 'muted', id: 'scatter-note' });
        this.element = el('section', { class: 'panel', id: 'front-scatter' },
            el('h2', {}, 'Pareto front'),
            el('div', { class: 'controls' },
                el('label', { for: 'scatter-x' }, 'x '), this.xSelect,
                el('label', { for: 'scatter-y' }, ' y '), this.ySelect),
            box, this.note);
        this.chart = new Chart<'scatter', Point[]>(canvas, {
            type: 'scatter',
            data: { datasets: [] },
            options: {
                ...baseOptions(palette),
                parsing: false,
                onClick: (_event, elements) => {
                    const hit = elements.find(e => e.datasetIndex <= 2);
                    if (hit) {
                        const point = this.chart.data.datasets[hit.datasetIndex].data[hit.index];
                        if (point.index >= 0) {
                            this.store.update({ selected: point.index });
                        }
                    }
                },
                plugins: {
                    ...baseOptions(palette).plugins,
                    tooltip: {
                        ...baseOptions(palette).plugins.tooltip,
                        callbacks: {
                            label: ctx => {
                                const p = ctx.raw as Point;
                                const who = p.name ?? `solution ${p.index + 1}`;
                                return `${who}: ${formatNumber(p.x)}, ${formatNumber(p.y)}`;
                            }
                        }
                    }
                }
            }
        });
    }

    private axisSelect(id: string, which: 'x' | 'y'): HTMLSelectElement {
        const select = el('select', { id });
        select.addEventListener('change', () => this.store.update({ [which]: select.value as AxisKey }));
        return select;
    }

    /** The options of both selects: the criteria, then each process's figures (names as text, never markup). */
    private fillSelects(options: { key: AxisKey; title: string }[]): void {
        const keys = JSON.stringify(options);
        if (keys === this.optionKeys) {
            return;
        }
        this.optionKeys = keys;
        for (const select of [this.xSelect, this.ySelect]) {
            clear(select);
            for (const o of options) {
                select.appendChild(el('option', { value: o.key }, o.title));
            }
        }
    }

    render(state: ViewState): void {
        const result = state.result;
        if (!result) {
            return;
        }
        this.fillSelects(axisOptions(result));
        const x = axisOrDefault(result, state.x, 'cost');
        const y = axisOrDefault(result, state.y, 'time');
        this.xSelect.value = x;
        this.ySelect.value = y;
        const selected = effectiveSelection(state);
        let missing = 0;
        const at = (s: Solution, index: number, name?: string): Point[] => {
            const px = axisValue(s, x);
            const py = axisValue(s, y);
            if (px === undefined || py === undefined) {
                missing++;
                return [];
            }
            return [{ x: px, y: py, index, name }];
        };
        const point = (i: number): Point[] => at(result.front[i], i);
        const others = result.front.map((_, i) => i).filter(i => i !== selected && i !== result.chosen).flatMap(point);
        const p = this.palette;
        this.chart.data.datasets = [
            { label: 'selected', data: selected === null ? [] : point(selected), backgroundColor: p.selected, borderColor: p.foreground,
                pointRadius: 8, pointHoverRadius: 9, pointStyle: 'rectRot', borderWidth: 2 },
            { label: 'chosen', data: result.front.length && result.chosen !== selected ? point(result.chosen) : [], backgroundColor: p.chosen,
                borderColor: p.chosen, pointRadius: 7, pointStyle: 'star', borderWidth: 2 },
            { label: 'front', data: others, backgroundColor: withAlpha(p.series[0], 0.7), borderColor: p.series[0],
                pointRadius: others.length > 100 ? 2.5 : 4, pointHoverRadius: 6 },
            { label: 'baselines', data: result.baselines.flatMap(b => at(b, -1, b.name)),
                backgroundColor: withAlpha(p.baseline, 0.8), borderColor: p.baseline, pointRadius: 7, pointStyle: 'triangle' }
        ];
        this.chart.options.scales = {
            x: { type: 'linear', ...axis(p, axisTitle(result, x)) },
            y: { type: 'linear', ...axis(p, axisTitle(result, y)) }
        };
        this.chart.update();
        const plotted = this.chart.data.datasets.reduce((n, d) => n + d.data.length, 0);
        // what the canvas shows, for screen readers (and the browser tests)
        this.canvas.setAttribute('aria-label', `Pareto front: ${axisTitle(result, y)} against ${axisTitle(result, x)}, ${plotted} points`);
        this.note.textContent = missing === 0 ? ''
            : `${missing} solution${missing === 1 ? '' : 's'} not plotted: no per-process figures${state.running ? ' yet (they are simulated at the end of the run)' : ''}.`;
        this.note.hidden = missing === 0;
    }

    /** Frees the charts (the view is rebuilt when the theme changes). */
    destroy(): void {
        this.chart.destroy();
    }
}
