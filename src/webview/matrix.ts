/**
 * The selected solution's allocation: instances of each component (rows) on
 * each server kind (columns), permanent flags, and the step limits.
 */
import type { AllocationMatrix } from '../model/types.js';
import type { OptimizationResult } from '../opt/api.js';
import { clear, el } from './dom.js';
import { displayName } from './format.js';
import { shownSolution, type ViewState } from './state.js';

export class MatrixView {
    readonly element: HTMLElement;
    private readonly body: HTMLElement;
    private readonly heading: HTMLElement;

    constructor() {
        this.heading = el('h2', {}, 'Allocation');
        this.body = el('div', { class: 'matrix-body' });
        this.element = el('section', { class: 'panel', id: 'allocation-matrix' }, this.heading, this.body);
    }

    render(state: ViewState): void {
        clear(this.body);
        const result = state.result;
        const shown = shownSolution(state);
        if (!result || shown === null) {
            this.heading.textContent = 'Allocation';
            this.body.appendChild(el('p', { class: 'muted' }, 'No solution yet.'));
            return;
        }
        this.heading.textContent = `Allocation of ${shown.title}`;
        this.body.appendChild(matrixTable(result, shown.solution.allocation));
    }
}

export function matrixTable(result: OptimizationResult, m: AllocationMatrix): HTMLElement {
    const servers = result.servers.length ? result.servers : [...new Set(Object.values(m.instances).flatMap(r => Object.keys(r)))];
    const components = result.components.length ? result.components : Object.keys(m.instances);
    const head = el('tr', {}, el('th', { scope: 'col' }, 'component \\ server'), ...servers.map(s => el('th', { scope: 'col' }, displayName(result, s))));
    const rows = components.map(c => {
        const row = m.instances[c] ?? {};
        const permanent = m.permanent[c] ?? [];
        return el('tr', {}, el('th', { scope: 'row' }, displayName(result, c)), ...servers.map(s => {
            const n = row[s] ?? 0;
            const isPermanent = permanent.includes(s);
            return el('td', { class: n > 0 ? 'count' : 'count zero', 'data-key': `${c}/${s}` },
                n > 0 ? String(n) : '·',
                isPermanent && el('span', { class: 'badge', title: 'permanent: always running' }, 'permanent'));
        }));
    });
    const table = el('table', { class: 'matrix' }, el('thead', {}, head), el('tbody', {}, ...rows));
    const limitSteps = result.steps.length ? result.steps.filter(s => m.limits[s] !== undefined) : Object.keys(m.limits);
    const limits = limitSteps.length
        ? el('ul', { class: 'limits' }, ...limitSteps.map(s => el('li', {}, `limit ${displayName(result, s)} to ${m.limits[s]}`)))
        : el('p', { class: 'muted limits' }, 'No step limits.');
    return el('div', {}, table, limits);
}
