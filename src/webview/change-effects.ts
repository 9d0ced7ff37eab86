/**
 * Beside the diff: what each of the largest changes against `current` did
 * to the processes it serves (the solution simulated without that change,
 * same random streams), and the headroom (how far all arrival rates can grow
 * before a process misses 99% within its deadline). The chosen solution's are
 * computed after the run (result.explanation, src/opt/explain); inside VS Code
 * any other selected front member or baseline is measured on request by the
 * host (src/extension/explainer.ts), with progress, Stop and Try again.
 */
import type { OptimizationResult } from '../opt/api.js';
import type { Change, Headroom, SolutionExplanation } from '../opt/index.js';
import { clear, el } from './dom.js';
import { displayName, formatNumber, formatPercent, formatSeconds } from './format.js';
import type { ViewMessage } from './protocol.js';
import { explanationOf, shownRef, shownSolution, type ViewState } from './state.js';

export class ChangeEffectsView {
    readonly element: HTMLElement;
    private readonly heading = el('h2', {}, 'What the changes did');
    private readonly body = el('div', { class: 'scroll change-effects-body' });

    /** `post`: the host (inside VS Code), which measures any selected solution; absent in the HTML report. */
    constructor(private readonly post?: (message: ViewMessage) => void) {
        this.element = el('section', { class: 'panel', id: 'change-effects' }, this.heading, this.body);
    }

    render(state: ViewState): void {
        clear(this.body);
        const result = state.result;
        const shown = shownSolution(state);
        const ref = shownRef(state);
        if (!result || !shown || !ref) {
            this.heading.textContent = 'What the changes did';
            this.body.appendChild(el('p', { class: 'muted' }, 'No solution yet.'));
            return;
        }
        const entry = explanationOf(state, ref);
        if (entry?.state === 'done') {
            this.renderExplanation(result, shown.title, entry.explanation);
            return;
        }
        this.heading.textContent = `What the changes of ${shown.title} did`;
        const own = result.explanation && result.front[result.explanation.solution] ? result.explanation : undefined;
        if (!this.post || state.running) {
            // The report has no host to measure with; a running optimization's front still changes.
            this.body.appendChild(el('p', { class: 'muted' }, state.running ? 'Measured when the optimization has finished.'
                : own ? `Measured for the chosen solution (solution ${own.solution + 1}) after the run; select it to see what its changes did and its headroom.`
                : 'Not measured for this run.'));
            return;
        }
        const post = this.post;
        const button = (label: string, message: ViewMessage, id: string) => {
            const b = el('button', { type: 'button', class: 'secondary', id }, label);
            b.addEventListener('click', () => post(message));
            return b;
        };
        if (!entry || entry.state === 'running') {
            // (the host's first word, before any simulation ended, is 'changes, 0 done')
            const progress = !entry || (entry.phase === 'changes' && entry.done === 0) ? 'starting' : entry.phase === 'changes'
                ? `what its changes did, simulation ${entry.done}${entry.total !== null ? ` of ${entry.total}` : ''}`
                : `its headroom, simulation ${entry.done}`;
            this.body.appendChild(el('p', { class: 'explain-progress', id: 'explain-progress', role: 'status', 'aria-live': 'polite' },
                `Measuring ${shown.title}: ${progress}… `, button('Stop', { type: 'explainCancel' }, 'explain-stop')));
            return;
        }
        this.body.appendChild(el('p', { class: entry.state === 'failed' ? 'error' : 'muted', id: 'explain-outcome' },
            entry.state === 'failed' ? `Could not measure ${shown.title}: ${entry.message} ` : 'Stopped. ',
            button(entry.state === 'failed' ? 'Try again' : 'Measure', { type: 'explain', ...ref }, 'explain-again')));
    }

    private renderExplanation(result: OptimizationResult, title: string, explanation: SolutionExplanation): void {
        this.heading.textContent = explanation.against ? `What the changes of ${title} did against ${explanation.against}` : `Headroom of ${title}`;
        const name = (n: string) => displayName(result, n);
        if (explanation.against && explanation.changes.length > 0) {
            this.body.appendChild(el('p', { class: 'muted' }, 'Each change undone alone and simulated with the same random streams: with → without it.'));
            const head = el('tr', {}, ...['change', 'process', 'p95', 'over deadline', 'cost /h'].map(h => el('th', { scope: 'col' }, h)));
            const groups = explanation.changes.map(e => {
                const change = changeText(result, e.change);
                if (e.refused) {
                    return el('tbody', {}, el('tr', {}, el('th', { scope: 'row' }, change), el('td', { colspan: 4, class: 'muted' }, `cannot be undone alone: ${e.refused}`)));
                }
                const cost = e.objectives ? `${formatNumber(e.objectives.with.cost)} → ${formatNumber(e.objectives.without.cost)}` : '—';
                const rows = (e.processes.length > 0 ? e.processes : [null]).map((p, i) => el('tr', {},
                    i === 0 && el('th', { scope: 'rowgroup', rowspan: Math.max(1, e.processes.length) }, change),
                    el('td', {}, p ? name(p.process) : '—'),
                    el('td', { class: p ? better(p.with.p95, p.without.p95) : undefined }, p ? `${formatSeconds(p.with.p95)} → ${formatSeconds(p.without.p95)}` : '—'),
                    el('td', { class: p ? better(p.with.overShare, p.without.overShare) : undefined },
                        p && p.deadline !== null ? `${formatPercent(p.with.overShare)} → ${formatPercent(p.without.overShare)}` : '—'),
                    i === 0 ? el('td', { rowspan: Math.max(1, e.processes.length) }, cost) : null));
                return el('tbody', {}, ...rows);
            });
            this.body.appendChild(el('table', { class: 'data change-effects' }, el('thead', {}, head), ...groups));
        } else if (explanation.against) {
            this.body.appendChild(el('p', {}, `Same allocation as ${explanation.against}.`));
        }
        this.body.appendChild(el('p', { class: 'headroom', id: 'headroom' }, headroomText(result, explanation.headroom)));
    }
}

/** 'better' when the value with the change is lower than without it (times, shares late), 'worse' when higher. */
function better(withIt: number, without: number): string | undefined {
    if (!Number.isFinite(withIt) || !Number.isFinite(without) || withIt === without) { return undefined; }
    return withIt < without ? 'better' : 'worse';
}

function changeText(result: OptimizationResult, c: Change): string {
    const name = (n: string) => displayName(result, n);
    switch (c.kind) {
        case 'component': {
            const parts = [c.moved && `${c.moved} moved`, c.added && `${c.added} added`, c.removed && `${c.removed} removed`].filter(Boolean);
            return `${name(c.component)}: ${parts.join(', ')} (${Object.keys(c.after).map(s => `${name(s)} ${c.before[s]} → ${c.after[s]}`).join(', ')})`;
        }
        case 'permanent': return `${name(c.component)} on ${name(c.server)}: ${c.permanent ? 'made permanent' : 'no longer permanent'}`;
        case 'limit': return `limit of step ${name(c.step)}: ${c.before ?? 'none'} → ${c.after ?? 'none'}`;
    }
}

export function headroomText(result: OptimizationResult, h: Headroom | null): string {
    if (!h) { return 'Headroom: no process has a deadline.'; }
    const target = formatPercent(h.target);
    const first = h.limitedBy ? `${displayName(result, h.limitedBy.process)} (${formatPercent(h.limitedBy.withinDeadline)} within its deadline at ×${formatNumber(h.upper)})` : '';
    if (h.factor === 0) { return `Headroom: none — even at ×${formatNumber(h.upper)} of the arrival rates ${first} misses ${target} within the deadline.`; }
    if (h.factor < 1) { return `Headroom below 1: the arrival rates must fall to ×${formatNumber(h.factor)} for every process to keep ${target} of its runs within the deadline; first to break: ${first}.`; }
    if (!Number.isFinite(h.upper)) { return `Headroom: at least ×${formatNumber(h.factor)} (the search stops there); every process keeps ${target} of its runs within the deadline.`; }
    return `Headroom: ×${formatNumber(h.factor)} — all arrival rates can grow by this factor with every process keeping ${target} of its runs within the deadline; first to break: ${first}.`;
}
