/**
 * What the shown solution changes against `current`: instances moved, added
 * and removed per component (largest first), permanent flags, step limits.
 */
import { diffAllocations, isEmptyDiff, type ComponentChange } from '../model/allocation-diff.js';
import type { OptimizationResult } from '../opt/api.js';
import { clear, el } from './dom.js';
import { displayName } from './format.js';
import { currentBaseline } from './service-levels-data.js';
import { shownSolution, type ViewState } from './state.js';

export class ChangesView {
    readonly element: HTMLElement;
    private readonly heading = el('h2', {}, 'Changes against current');
    private readonly body = el('div', { class: 'changes-body' });

    constructor() {
        this.element = el('section', { class: 'panel', id: 'changes' }, this.heading, this.body);
    }

    render(state: ViewState): void {
        clear(this.body);
        const result = state.result;
        const shown = shownSolution(state);
        const reference = result && shown ? currentBaseline(result, shown.baseline) : undefined;
        if (!result || !shown || !reference) {
            this.heading.textContent = 'Changes against current';
            const isReference = result && shown && shown.solution === currentBaseline(result, null);
            this.body.appendChild(el('p', { class: 'muted' }, !result || !shown ? 'No solution yet.'
                : isReference ? `This is the reference allocation ${currentBaseline(result, null)!.name}.` : 'No allocation in the file to compare with.'));
            return;
        }
        this.heading.textContent = `Changes of ${shown.title} against ${reference.name}`;
        const diff = diffAllocations(reference.allocation, shown.solution.allocation);
        if (isEmptyDiff(diff)) {
            this.body.appendChild(el('p', {}, `Same allocation as ${reference.name}.`));
            return;
        }
        const name = (n: string) => displayName(result, n);
        const items = [
            ...diff.components.map(c => el('li', {}, componentText(result, c))),
            ...diff.permanent.map(p => el('li', {}, `${name(p.component)} on ${name(p.server)}: ${p.permanent ? 'made permanent' : 'no longer permanent'}`)),
            ...diff.limits.map(l => el('li', {}, `limit of step ${name(l.step)}: ${l.before ?? 'none'} → ${l.after ?? 'none'}`))
        ];
        this.body.appendChild(el('ul', { class: 'changes' }, ...items));
    }
}

/** "scorer: 2 moved, 1 added (cpu 4 → 2, gpu 0 → 3)". */
function componentText(result: OptimizationResult, c: ComponentChange): string {
    const parts = [c.moved && `${c.moved} moved`, c.added && `${c.added} added`, c.removed && `${c.removed} removed`].filter(Boolean);
    const counts = Object.keys(c.after).map(s => `${displayName(result, s)} ${c.before[s]} → ${c.after[s]}`);
    return `${displayName(result, c.component)}: ${parts.join(', ')} (${counts.join(', ')})`;
}
