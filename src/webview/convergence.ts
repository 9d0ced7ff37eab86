/** Hypervolume of the normalized front after each generation. */
import { axis, baseOptions, Chart, chartBox } from './charts.js';
import { el } from './dom.js';
import { formatNumber } from './format.js';
import type { ViewState } from './state.js';
import type { Palette } from './theme.js';

export class ConvergenceView {
    readonly element: HTMLElement;
    private readonly chart: Chart<'line', number[], number>;
    private readonly caption = el('p', { class: 'muted' });

    constructor(private palette: Palette) {
        const { box, canvas } = chartBox('convergence', 'Hypervolume per generation');
        this.element = el('section', { class: 'panel', id: 'convergence' }, el('h2', {}, 'Convergence'), this.caption, box);
        this.chart = new Chart(canvas, { type: 'line', data: { labels: [], datasets: [] }, options: baseOptions(palette) });
    }

    render(state: ViewState): void {
        const result = state.result;
        const hv = result?.hypervolumeByGeneration ?? [];
        const p = this.palette;
        this.caption.textContent = result
            ? `Hypervolume ${formatNumber(result.hypervolume)} after ${hv.length} generations, ${formatNumber(result.evaluations)} evaluations, ${formatNumber(result.wallSeconds)} s.`
            : '';
        this.chart.data = {
            labels: hv.map((_, i) => i + 1),
            datasets: [{ label: 'hypervolume', data: hv, borderColor: p.series[0], backgroundColor: p.series[0], pointRadius: hv.length > 60 ? 0 : 2, borderWidth: 2 }]
        };
        this.chart.options = { ...baseOptions(p), scales: { x: { type: 'category', ...axis(p, 'generation') }, y: { type: 'linear', min: 0, ...axis(p, 'hypervolume') } } };
        this.chart.update();
    }

    /** Frees the charts (the view is rebuilt when the theme changes). */
    destroy(): void {
        this.chart.destroy();
    }
}
