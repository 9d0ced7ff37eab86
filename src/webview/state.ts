/**
 * The view's state: what it shows and what the user chose. Everything here
 * is plain data, saved with setState so the view survives hide and reload.
 */
import type { ObjectiveKey } from '../model/types.js';
import type { AxisKey } from './axes.js';
import type { OptimizationResult, Solution } from '../opt/api.js';
import type { SolutionExplanation, SolutionRef } from '../opt/index.js';

/** What the view knows of one solution's explanation (asked of the host, src/extension/explainer.ts). */
export type ExplanationEntry =
    | { state: 'running'; phase: 'changes' | 'headroom'; done: number; total: number | null }
    | { state: 'done'; explanation: SolutionExplanation }
    | { state: 'failed'; message: string }
    | { state: 'cancelled' };

export interface ViewState {
    result: OptimizationResult | null;
    running: boolean;
    /** The model changed after the run (the host said so). */
    stale: boolean;
    /** Index into result.front of the selected solution. */
    selected: number | null;
    /** Index into result.baselines of an opened baseline (shown instead of the front's selection), or null. */
    baseline: number | null;
    source: string | null;
    /** The Pareto chart's axes: a criterion or a process's p95 / share over its deadline (axes.ts). */
    x: AxisKey;
    y: AxisKey;
    sortKey: ObjectiveKey | 'index';
    sortAscending: boolean;
    /** Progress text while running ("generation 3 of 120"). */
    status: string;
    /** Explanations of solutions other than the run's chosen one, by solutionKey; emptied by each new result. */
    explanations: Record<string, ExplanationEntry>;
}

export const INITIAL_STATE: ViewState = {
    result: null, running: false, stale: false, selected: null, baseline: null, source: null,
    x: 'cost', y: 'time', sortKey: 'index', sortAscending: true, status: '', explanations: {}
};

export type Listener = (state: ViewState) => void;

export class Store {
    private listeners: Listener[] = [];
    constructor(public state: ViewState) {}

    update(patch: Partial<ViewState>): void {
        // Choosing a front member (chart, table, parallel plot) closes an opened baseline.
        const closes = 'selected' in patch && !('baseline' in patch) ? { baseline: null } : {};
        this.state = { ...this.state, ...closes, ...patch };
        for (const l of this.listeners) {
            l(this.state);
        }
    }

    subscribe(listener: Listener): void {
        this.listeners.push(listener);
    }
}

/** The selected index, or the chosen one, or null for an empty front. */
export function effectiveSelection(state: ViewState): number | null {
    const front = state.result?.front ?? [];
    if (front.length === 0) {
        return null;
    }
    if (state.selected !== null && state.selected < front.length) {
        return state.selected;
    }
    return Math.min(state.result!.chosen, front.length - 1);
}

/** The opened baseline's index when it exists, else null. */
export function openedBaseline(state: ViewState): number | null {
    const b = state.baseline;
    return b !== null && state.result !== null && b < state.result.baselines.length ? b : null;
}

/** "front:3", "baseline:1": the key of a solution in ViewState.explanations (and the host's cache). */
export function solutionKey(ref: SolutionRef): string {
    return `${ref.kind}:${ref.index}`;
}

/** The shown solution as a reference (an opened baseline, else the front's selection), or null. */
export function shownRef(state: ViewState): SolutionRef | null {
    const b = openedBaseline(state);
    if (b !== null) { return { kind: 'baseline', index: b }; }
    const i = effectiveSelection(state);
    return i === null ? null : { kind: 'front', index: i };
}

/** The explanation of `ref`: the run's own (the chosen solution's) when it is that one, else what the host sent. */
export function explanationOf(state: ViewState, ref: SolutionRef): ExplanationEntry | undefined {
    const own = state.result?.explanation;
    if (own && ref.kind === 'front' && own.solution === ref.index) { return { state: 'done', explanation: own }; }
    return Object.prototype.hasOwnProperty.call(state.explanations, solutionKey(ref)) ? state.explanations[solutionKey(ref)] : undefined;
}

/** What the details show: an opened baseline, else the front's selection. */
export function shownSolution(state: ViewState): { solution: Solution; title: string; baseline: number | null } | null {
    const result = state.result;
    if (!result) {
        return null;
    }
    const b = openedBaseline(state);
    if (b !== null) {
        return { solution: result.baselines[b], title: `baseline ${result.baselines[b].name}`, baseline: b };
    }
    const i = effectiveSelection(state);
    return i === null ? null : { solution: result.front[i], title: `solution ${i + 1}${i === result.chosen ? ' (chosen)' : ''}`, baseline: null };
}
