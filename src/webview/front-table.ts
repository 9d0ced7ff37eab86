/**
 * The front as a table, sortable by any criterion; clicking a row (or Enter
 * on a focused row) selects the solution everywhere.
 */
import { OBJECTIVE_KEYS, type ObjectiveKey } from '../model/types.js';
import { clear, el } from './dom.js';
import { criterionTitle, formatNumber } from './format.js';
import { effectiveSelection, openedBaseline, type Store, type ViewState } from './state.js';

export class FrontTable {
    readonly element: HTMLElement;
    private readonly table = el('table', { class: 'data front' });
    private rows = new Map<number, HTMLTableRowElement>();
    private shownSelection: number | null = null;

    constructor(private store: Store) {
        this.element = el('section', { class: 'panel', id: 'front-table' }, el('h2', {}, 'Solutions on the front'), el('div', { class: 'scroll' }, this.table));
        this.table.addEventListener('click', event => this.onActivate(event.target as Element));
        this.table.addEventListener('keydown', event => {
            if (event.key === 'Enter' || event.key === ' ') {
                event.preventDefault();
                this.onActivate(event.target as Element);
            }
        });
    }

    private onActivate(target: Element): void {
        const sortButton = target.closest('button[data-key]');
        if (sortButton) {
            const key = sortButton.getAttribute('data-key') as ObjectiveKey | 'index';
            const s = this.store.state;
            this.store.update({ sortKey: key, sortAscending: s.sortKey === key ? !s.sortAscending : true });
            return;
        }
        const row = target.closest('tr[data-index]');
        if (row) {
            this.store.update({ selected: Number(row.getAttribute('data-index')) });
            return;
        }
        const baselineRow = target.closest('tr[data-baseline]');
        if (baselineRow) {
            this.store.update({ baseline: Number(baselineRow.getAttribute('data-baseline')) });
        }
    }

    /** Only the selection changed: move the highlight (cheap with 500 rows). */
    select(state: ViewState): void {
        const selected = effectiveSelection(state);
        for (const [index, on] of [[this.shownSelection, false], [selected, true]] as const) {
            const row = index === null ? undefined : this.rows.get(index);
            if (row) {
                row.classList.toggle('selected', on);
                row.setAttribute('aria-selected', on ? 'true' : 'false');
            }
        }
        this.shownSelection = selected;
    }

    render(state: ViewState): void {
        clear(this.table);
        this.rows = new Map();
        const result = state.result;
        if (!result) {
            return;
        }
        const opened = openedBaseline(state);
        // An opened baseline is what the details show: only its row is highlighted.
        const selected = opened === null ? effectiveSelection(state) : null;
        this.shownSelection = selected;
        const sortHeader = (key: ObjectiveKey | 'index', text: string) => {
            const active = state.sortKey === key;
            return el('th', { scope: 'col', 'aria-sort': active ? (state.sortAscending ? 'ascending' : 'descending') : 'none' },
                el('button', { type: 'button', class: 'sort', 'data-key': key }, text + (active ? (state.sortAscending ? ' ▲' : ' ▼') : '')));
        };
        const head = el('tr', {}, sortHeader('index', '#'), ...OBJECTIVE_KEYS.map(k => sortHeader(k, criterionTitle(k, result.currency))));
        const order = result.front.map((_, i) => i);
        const key = state.sortKey;
        if (key !== 'index') {
            order.sort((a, b) => compare(result.front[a].objectives[key], result.front[b].objectives[key]) || a - b);
        }
        if (!state.sortAscending) {
            order.reverse();
        }
        const rows = order.map(i => {
            const o = result.front[i].objectives;
            const classes = [i === selected ? 'selected' : '', i === result.chosen ? 'chosen' : ''].filter(Boolean).join(' ');
            const row = el('tr', { 'data-index': i, tabindex: 0, class: classes || undefined, 'aria-selected': i === selected ? 'true' : 'false' },
                el('td', {}, `${i + 1}${i === result.chosen ? ' ★' : ''}`), ...OBJECTIVE_KEYS.map(k => el('td', {}, formatNumber(o[k]))));
            this.rows.set(i, row);
            return row;
        });
        const baselineRows = result.baselines.map((b, j) => el('tr', { class: j === opened ? 'baseline selected' : 'baseline', 'data-baseline': j, tabindex: 0,
            'aria-selected': j === opened ? 'true' : 'false', title: `Open baseline ${b.name} (not on the front)` },
            el('td', {}, b.name), ...OBJECTIVE_KEYS.map(k => el('td', {}, formatNumber(b.objectives[k])))));
        this.table.append(el('thead', {}, head), el('tbody', {}, ...rows));
        if (baselineRows.length) {
            this.table.append(el('tbody', { class: 'baselines', title: 'baselines (not on the front)' }, ...baselineRows));
        }
    }
}

/** NaN sorts last. */
function compare(a: number, b: number): number {
    if (Number.isNaN(a)) {
        return Number.isNaN(b) ? 0 : 1;
    }
    return Number.isNaN(b) ? -1 : a - b;
}
