/**
 * The view's state: what it shows and what the user chose. Everything here
 * is plain data, saved with setState so the view survives hide and reload.
 */
import type { ObjectiveKey } from '../model/types.js';
import type { OptimizationResult } from '../opt/api.js';

export interface ViewState {
    result: OptimizationResult | null;
    running: boolean;
    /** Index into result.front of the selected solution. */
    selected: number | null;
    source: string | null;
    x: ObjectiveKey;
    y: ObjectiveKey;
    sortKey: ObjectiveKey | 'index';
    sortAscending: boolean;
    /** Progress text while running ("generation 3 of 120"). */
    status: string;
}

export const INITIAL_STATE: ViewState = {
    result: null, running: false, selected: null, source: null,
    x: 'cost', y: 'time', sortKey: 'index', sortAscending: true, status: ''
};

export type Listener = (state: ViewState) => void;

export class Store {
    private listeners: Listener[] = [];
    constructor(public state: ViewState) {}

    update(patch: Partial<ViewState>): void {
        this.state = { ...this.state, ...patch };
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
