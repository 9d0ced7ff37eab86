/**
 * Construction heuristics: first-fit-decreasing and best-fit-decreasing,
 * both price-aware. Items go in decreasing size (share of the total CPU plus
 * share of the total RAM); each goes where it adds no cost (a machine
 * already in use) if it fits there, first such kind in opening order (first
 * fit) or the tightest one (best fit); otherwise onto the next machine in
 * order of price per capacity that holds it. When both fail on a small
 * instance, a bounded depth-first search looks for any packing. Pure.
 */
import type { Rng } from '../rng.js';
import type { PackingProblem } from './problem.js';
import { PackingState } from './state.js';

export type FitMode = 'first' | 'best' | 'random';

/** One item per component: the fewest instances a valid allocation has. */
export function onePerComponent(p: PackingProblem): Int32Array {
    return Int32Array.from({ length: p.C }, (_, c) => c);
}

/** May item i go on kind s as far as the GPU rule goes (its component's last non-GPU chance)? */
function gpuAllows(state: PackingState, i: number, s: number): boolean {
    const p = state.p;
    const c = state.itemComp[i];
    return !p.needsGpu[c] || p.kindGpu[s] === 1 || state.gpuInstances[c] > 0 || hasOtherUnplacedInstance(state, i);
}

function hasOtherUnplacedInstance(state: PackingState, i: number): boolean {
    const c = state.itemComp[i];
    for (let j = 0; j < state.N; j++) {
        if (j !== i && state.itemComp[j] === c && state.itemKind[j] < 0) {
            return true;
        }
    }
    return false;
}

/** Normalized room left on kind s if item i were added (smaller: tighter). */
function slackAfter(state: PackingState, i: number, s: number): number {
    const p = state.p;
    const c = state.itemComp[i];
    const m = Math.max(1, p.count[s]);
    return (p.kindCpu[s] * m - state.cpuSum[s] - p.cpu[c]) / (p.kindCpu[s] * m)
        + (p.kindRam[s] * m - state.ramSum[s] - p.ram[c]) / (p.kindRam[s] * m);
}

/**
 * Places unplaced item i: on a kind where it adds no cost if one fits
 * (`mode`), else on the first kind by price per capacity that fits (with
 * `rng`, sometimes the second or third). False when nothing holds it.
 * `avoid` is a kind not to use (-1: none).
 */
export function insertItem(state: PackingState, i: number, mode: FitMode, rng?: Rng, avoid = -1): boolean {
    const p = state.p;
    const c = state.itemComp[i];
    const cellMax = p.space.cellMax;
    let chosen = -1;
    let chosenSlack = Infinity;
    const free: number[] = [];
    for (const s of state.open) {
        if (s === avoid || cellMax[c * p.S + s] === 0 || state.moveDelta(i, s) !== 0 || !gpuAllows(state, i, s)) {
            continue;
        }
        if (mode === 'first') {
            if ((chosen < 0 || s < chosen) && state.fits(s, i)) {
                chosen = s;
            }
        } else if (mode === 'best') {
            const slack = slackAfter(state, i, s);
            if (slack < chosenSlack && state.fits(s, i)) {
                chosen = s;
                chosenSlack = slack;
            }
        } else if (state.fits(s, i)) {
            free.push(s);
        }
    }
    if (mode === 'random' && free.length > 0) {
        chosen = rng ? free[rng.int(free.length)] : free[0];
    }
    if (chosen < 0) {
        let skip = rng && rng.chance(0.2) ? 1 + rng.int(2) : 0;
        for (const s of p.byCostPerCapacity) {
            if (s === avoid || cellMax[c * p.S + s] === 0 || !gpuAllows(state, i, s) || !state.fits(s, i)) {
                continue;
            }
            chosen = s;
            if (skip-- <= 0) {
                break;
            }
        }
    }
    if (chosen < 0) {
        return false;
    }
    state.place(i, chosen);
    return true;
}

/** Items in decreasing size (ties: lower index first); with `rng`, sizes jittered by up to 20%. */
export function decreasing(p: PackingProblem, items: readonly number[] | Int32Array, itemComp: Int32Array, rng?: Rng): number[] {
    const key = new Map<number, number>();
    for (const i of items) {
        key.set(i, p.size[itemComp[i]] * (rng ? 0.8 + 0.4 * rng.next() : 1));
    }
    return [...items].sort((a, b) => key.get(b)! - key.get(a)! || a - b);
}

/** Greedy packing of the items, or undefined when some item fits nowhere. */
export function greedyPacking(p: PackingProblem, itemComp: Int32Array, mode: FitMode, rng?: Rng): PackingState | undefined {
    const state = new PackingState(p, itemComp);
    for (const i of decreasing(p, [...itemComp.keys()], itemComp, rng)) {
        if (!insertItem(state, i, mode, rng)) {
            return undefined;
        }
    }
    return state;
}

/** Node budget of the exhaustive fallback. */
const SEARCH_NODES = 200_000;

/**
 * Any packing of the items by depth-first search (largest item first, kinds
 * in order of price per capacity), within a node budget: complete on small
 * instances, where the greedy orders can miss a tight packing.
 */
export function searchPacking(p: PackingProblem, itemComp: Int32Array, nodes = SEARCH_NODES): PackingState | undefined {
    const state = new PackingState(p, itemComp);
    const order = decreasing(p, [...itemComp.keys()], itemComp);
    let budget = nodes;
    const go = (k: number): boolean => {
        if (k === order.length) {
            return true;
        }
        const i = order[k];
        const c = itemComp[i];
        for (const s of p.byCostPerCapacity) {
            if (--budget < 0) {
                return false;
            }
            if (p.space.cellMax[c * p.S + s] === 0 || !gpuAllows(state, i, s) || !state.fits(s, i)) {
                continue;
            }
            state.place(i, s);
            if (go(k + 1)) {
                return true;
            }
            state.unplace(i);
        }
        return false;
    };
    return go(0) ? state : undefined;
}

/** First-fit-decreasing, else best-fit-decreasing, else the bounded search. */
export function constructPacking(p: PackingProblem, itemComp: Int32Array = onePerComponent(p)): PackingState | undefined {
    return greedyPacking(p, itemComp, 'first') ?? greedyPacking(p, itemComp, 'best') ?? searchPacking(p, itemComp);
}
