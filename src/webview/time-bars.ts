/**
 * "Where the time goes" panel: for each process of the shown solution a bar
 * of its mean run time cut into queue wait, RAM wait, cold start, service and
 * the slowdown from sharing the CPU, the GPU and the network, and the bottleneck named (step, component, server kind,
 * utilization). Each bar is its own process's mean (processes differ by
 * orders of magnitude); the seconds are in each segment's tooltip and label.
 */
import { TIME_PART_KEYS } from '../sim/api.js';
import { TIME_PART_LABELS, type Bottleneck } from '../sim/index.js';
import type { OptimizationResult } from '../opt/api.js';
import { clear, el } from './dom.js';
import { displayName, formatPercent, formatSeconds } from './format.js';
import { shownSolution, type ViewState } from './state.js';
import { timeBarRows, type TimeBarRow } from './time-bars-data.js';

export class TimeBarsView {
    readonly element: HTMLElement;
    private readonly heading = el('h2', {}, 'Where the time goes');
    private readonly body = el('div', { class: 'scroll time-bars-body' });

    constructor() {
        const legend = el('ul', { class: 'time-legend', 'aria-label': 'parts of a run\'s time' },
            ...TIME_PART_KEYS.map(k => el('li', {}, el('span', { class: `swatch part-${k}` }), TIME_PART_LABELS[k])));
        this.element = el('section', { class: 'panel', id: 'time-bars' }, this.heading, legend, this.body);
    }

    render(state: ViewState): void {
        clear(this.body);
        const result = state.result;
        const shown = shownSolution(state);
        this.heading.textContent = shown ? `Where the time goes in ${shown.title}` : 'Where the time goes';
        if (!result || !shown) {
            this.body.appendChild(el('p', { class: 'muted' }, 'No solution yet.'));
            return;
        }
        const rows = timeBarRows(shown.solution);
        if (rows.length === 0) {
            this.body.appendChild(el('p', { class: 'muted' }, 'No time decomposition was reported for this solution.'));
            return;
        }
        const head = el('tr', {}, ...['process', 'mean', 'parts of a run (100% = its mean)', 'bottleneck'].map(h => el('th', { scope: 'col' }, h)));
        this.body.appendChild(el('table', { class: 'data time-bars' }, el('thead', {}, head),
            el('tbody', {}, ...rows.map(row => this.row(result, row)))));
    }

    private row(result: OptimizationResult, row: TimeBarRow): HTMLElement {
        const name = displayName(result, row.process);
        const bar = el('div', { class: 'time-bar', role: 'img', 'aria-label': `${name}: ${describeParts(row)}` });
        for (const s of row.segments) {
            if (s.share <= 0) { continue; }
            const text = `${TIME_PART_LABELS[s.part]}: ${formatSeconds(s.seconds)} (${formatPercent(s.share)})`;
            const segment = el('span', { class: `segment part-${s.part}`, title: text, 'data-key': s.part });
            // CSSOM, not a style attribute: allowed under the view's CSP.
            segment.style.width = `${(100 * s.share).toFixed(3)}%`;
            bar.appendChild(segment);
        }
        return el('tr', { 'data-key': row.process },
            el('th', { scope: 'row' }, name),
            el('td', {}, formatSeconds(row.mean)),
            el('td', { class: 'bar-cell' }, bar),
            el('td', { class: 'bottleneck' }, bottleneckText(result, row.bottleneck),
                row.unfinishedRuns > 0 ? el('span', { class: 'muted' }, ` (${row.unfinishedRuns} runs unfinished: their finished steps only)`) : null));
    }
}

function describeParts(row: TimeBarRow): string {
    return row.segments.filter(s => s.share > 0).map(s => `${TIME_PART_LABELS[s.part]} ${formatSeconds(s.seconds)}`).join(', ') || 'no time';
}

/** "cold start of score (scorer) on cpu_node: 2 s, 81 % of the mean; CPU 12.0 % used". */
function bottleneckText(result: OptimizationResult, b: Bottleneck | null): string {
    if (!b) { return '—'; }
    const name = (n: string) => displayName(result, n);
    const where = b.server === null ? '' : ` on ${name(b.server)}`;
    const share = Number.isFinite(b.share) ? `, ${formatPercent(b.share)} of the mean` : '';
    const used = Number.isFinite(b.utilization) ? `; ${b.resource.toUpperCase()} ${formatPercent(b.utilization)} used` : '';
    return `${TIME_PART_LABELS[b.part]} of step ${name(b.step)} (${name(b.component)})${where}: ${formatSeconds(b.seconds)}${share}${used}`;
}
