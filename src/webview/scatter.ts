/**
 * The Pareto front as a scatter of two criteria chosen by the user; the
 * chosen solution, the selected one and the baselines are separate series.
 * Clicking a front point selects it.
 */
import { OBJECTIVE_KEYS, type ObjectiveKey } from '../model/types.js';
import { axis, baseOptions, Chart, chartBox } from './charts.js';
import { el } from './dom.js';
import { criterionTitle, formatNumber } from './format.js';
import { effectiveSelection, type Store, type ViewState } from './state.js';
import { withAlpha, type Palette } from './theme.js';

interface Point { x: number; y: number; index: number; name?: string }

export class ScatterView {
    readonly element: HTMLElement;
    private chart: Chart<'scatter', Point[]>;
    private xSelect: HTMLSelectElement;
    private ySelect: HTMLSelectElement;

    constructor(private store: Store, private palette: Palette) {
        this.xSelect = this.axisSelect('scatter-x', 'x');
        this.ySelect = this.axisSelect('scatter-y', 'y');
        const { box, canvas } = chartBox('scatter', 'Pareto front scatter plot');
        this.element = el('section', { class: 'panel', id: 'front-scatter' },
            el('h2', {}, 'Pareto front'),
            el('div', { class: 'controls' },
                el('label', { for: 'scatter-x' }, 'x '), this.xSelect,
                el('label', { for: 'scatter-y' }, ' y '), this.ySelect),
            box);
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
        for (const key of OBJECTIVE_KEYS) {
            select.appendChild(el('option', { value: key }, key));
        }
        select.addEventListener('change', () => this.store.update({ [which]: select.value as ObjectiveKey }));
        return select;
    }

    render(state: ViewState): void {
        const result = state.result;
        if (!result) {
            return;
        }
        const currency = result.currency;
        this.xSelect.value = state.x;
        this.ySelect.value = state.y;
        for (const [select, key] of [[this.xSelect, state.x], [this.ySelect, state.y]] as const) {
            Array.from(select.options).forEach(o => { o.textContent = criterionTitle(o.value as ObjectiveKey, currency); });
            select.value = key;
        }
        const selected = effectiveSelection(state);
        const point = (i: number): Point => ({ x: result.front[i].objectives[state.x], y: result.front[i].objectives[state.y], index: i });
        const others = result.front.map((_, i) => i).filter(i => i !== selected && i !== result.chosen).map(point);
        const p = this.palette;
        this.chart.data.datasets = [
            { label: 'selected', data: selected === null ? [] : [point(selected)], backgroundColor: p.selected, borderColor: p.foreground,
                pointRadius: 8, pointHoverRadius: 9, pointStyle: 'rectRot', borderWidth: 2 },
            { label: 'chosen', data: result.front.length && result.chosen !== selected ? [point(result.chosen)] : [], backgroundColor: p.chosen,
                borderColor: p.chosen, pointRadius: 7, pointStyle: 'star', borderWidth: 2 },
            { label: 'front', data: others, backgroundColor: withAlpha(p.series[0], 0.7), borderColor: p.series[0],
                pointRadius: others.length > 100 ? 2.5 : 4, pointHoverRadius: 6 },
            { label: 'baselines', data: result.baselines.map(b => ({ x: b.objectives[state.x], y: b.objectives[state.y], index: -1, name: b.name })),
                backgroundColor: withAlpha(p.baseline, 0.8), borderColor: p.baseline, pointRadius: 7, pointStyle: 'triangle' }
        ];
        this.chart.options.scales = {
            x: { type: 'linear', ...axis(p, criterionTitle(state.x, currency)) },
            y: { type: 'linear', ...axis(p, criterionTitle(state.y, currency)) }
        };
        this.chart.update();
    }

    /** Frees the charts (the view is rebuilt when the theme changes). */
    destroy(): void {
        this.chart.destroy();
    }
}
