/**
 * The first thing the results view shows: for each process, the shown
 * solution's runs, p50/p95/p99 against the deadline and share of runs over
 * it, beside `current` and `first-fit`, with the change against `current`.
 */
import { clear, el } from './dom.js';
import { displayName, formatNumber, formatPercent, formatSeconds } from './format.js';
import { availabilityText, hasAvailability, serviceLevelRows, type ServiceLevelCell } from './service-levels-data.js';
import { shownSolution, type ViewState } from './state.js';

export class ServiceLevelsView {
    readonly element: HTMLElement;
    private readonly heading = el('h2', {}, 'Service levels');
    private readonly body = el('div', { class: 'scroll service-levels-body' });

    constructor() {
        this.element = el('section', { class: 'panel', id: 'service-levels' }, this.heading, this.body);
    }

    render(state: ViewState): void {
        clear(this.body);
        const result = state.result;
        const shown = shownSolution(state);
        if (!result || !shown) {
            this.heading.textContent = 'Service levels';
            this.body.appendChild(el('p', { class: 'muted' }, 'No solution yet.'));
            return;
        }
        this.heading.textContent = `Service levels of ${shown.title}`;
        const rows = serviceLevelRows(result, shown.solution, shown.baseline);
        if (rows.length === 0) {
            this.body.appendChild(el('p', { class: 'muted' }, 'No per-process figures were reported for this solution.'));
            return;
        }
        // Models with failing machines only: one more column.
        const availability = hasAvailability(rows);
        const head = el('tr', {}, ...['process', 'allocation', 'runs', 'p50', 'p95', 'p99', 'deadline', 'over deadline',
            ...(availability ? ['availability'] : []), 'change vs current']
            .map(h => el('th', { scope: 'col' }, h)));
        const groups = rows.map(row => {
            const cells = [row.shown, ...row.references];
            const change = row.change
                ? `p95 ${signed(row.change.p95, formatSeconds)}; over deadline ${signed(row.change.overShare * 100, v => `${formatNumber(v)} pts`)}`
                : '—';
            const lines = cells.map((c, i) => el('tr', { class: i === 0 ? 'shown' : 'reference' },
                i === 0 && el('th', { scope: 'rowgroup', rowspan: cells.length }, displayName(result, row.process)),
                el('td', {}, i === 0 ? shown.title : c.allocation),
                ...figures(c, row.deadline),
                ...(availability ? [el('td', {}, availabilityText(c.stats))] : []),
                i === 0 ? el('td', { class: changeClass(row.change?.overShare ?? NaN, row.change?.p95 ?? NaN) }, change) : el('td', {}, '')));
            return el('tbody', {}, ...lines);
        });
        this.body.appendChild(el('table', { class: 'data service-levels' }, el('thead', {}, head), ...groups));
    }
}

function figures(c: ServiceLevelCell, deadline: number | null): HTMLElement[] {
    const s = c.stats;
    if (!s) {
        return [el('td', { colspan: 6, class: 'muted' }, 'not reported')];
    }
    const late = (v: number) => (deadline !== null && v > deadline ? 'late' : undefined);
    return [
        el('td', {}, formatNumber(s.runs)),
        el('td', { class: late(s.p50) }, formatSeconds(s.p50)),
        el('td', { class: late(s.p95) }, formatSeconds(s.p95)),
        el('td', { class: late(s.p99) }, formatSeconds(s.p99)),
        el('td', {}, deadline === null ? '—' : formatSeconds(deadline)),
        el('td', { class: c.overShare > 0 ? 'late' : undefined }, deadline === null ? '—' : formatPercent(c.overShare))
    ];
}

function signed(value: number, format: (v: number) => string): string {
    if (!Number.isFinite(value)) {
        return '–';
    }
    return value > 0 ? `+${format(value)}` : value < 0 ? `−${format(-value)}` : `±${format(0)}`;
}

/** Better or worse than current: fewer runs over the deadline first, then a lower p95. */
function changeClass(overShare: number, p95: number): string | undefined {
    const key = Number.isFinite(overShare) && overShare !== 0 ? overShare : p95;
    return !Number.isFinite(key) || key === 0 ? undefined : key < 0 ? 'better' : 'worse';
}
