/**
 * The cost of splitting a step (docs/semantics.md, "Communication"): the one
 * rule for the work a part of a split carries, used by the simulator, the
 * analytic estimate and the static best case. Pure.
 *
 * A step with work W split into k parts gives each part
 *   W / k                                  without a split cost (the contract),
 *   S W + (1 - S) W / k                    with `split serial S` (Amdahl: every
 *                                          part does the serial fraction),
 *   ... + (k - 1) X                        with `split overhead X` (every part
 *                                          coordinates with each other part),
 * and k = 1 always gives W: a step that is not split pays nothing.
 */
import type { StepDef } from './types.js';

/** The split cost a step declares (zeros: a perfect split). */
export interface SplitCost {
    serial: number;
    /** Extra CPU work per other part, GHz*s. */
    overheadCpu: number;
    /** Extra GPU work per other part, TOPS*s. */
    overheadGpu: number;
}

export function splitCostOf(step: StepDef): SplitCost {
    return {
        serial: step.splitSerial ?? 0,
        overheadCpu: step.splitOverheadCpuGHzSeconds ?? 0,
        overheadGpu: step.splitOverheadGpuTOPSSeconds ?? 0
    };
}

export function hasSplitCost(step: StepDef): boolean {
    const c = splitCostOf(step);
    return c.serial > 0 || c.overheadCpu > 0 || c.overheadGpu > 0;
}

/**
 * The work of one of k parts of a step whose work is `work`. Without a split
 * cost this is exactly `work / k` (the same bits as before split costs
 * existed); k = 1 gives `work`.
 */
export function partWork(work: number, k: number, serial: number, overhead: number): number {
    if (k === 1) { return work; }
    let part = serial > 0 ? serial * work + (1 - serial) * work / k : work / k;
    if (overhead > 0) { part += (k - 1) * overhead; }
    return part;
}

/**
 * The least of `time(k)` over k in [1, maxParts], for a time that is convex in
 * k (a + b / k + c (k - 1) for each kind of work, and their maximum): integer
 * ternary search, so a huge `threads` costs a few dozen evaluations.
 */
export function bestSplit(maxParts: number, time: (k: number) => number): { parts: number; seconds: number } {
    let lo = 1, hi = Math.max(1, Math.floor(maxParts));
    while (hi - lo > 2) {
        const a = lo + Math.floor((hi - lo) / 3), b = hi - Math.floor((hi - lo) / 3);
        if (time(a) <= time(b)) { hi = b; } else { lo = a; }
    }
    let best = { parts: lo, seconds: time(lo) };
    for (let k = lo + 1; k <= hi; k++) {
        const seconds = time(k);
        if (seconds < best.seconds) { best = { parts: k, seconds }; }
    }
    return best;
}
