/**
 * What the results view shows beside the diff (issue 13 items 3 and 6) for
 * a solution of an optimization: its largest changes against the `current`
 * baseline with what each did, and its headroom. For the chosen solution it
 * is computed after the run by whoever has the model (`mlops optimize
 * --report`, the extension's optimizer thread) and carried in the result; for
 * any other front member or baseline the extension computes it on request
 * (src/extension/explain-worker.ts). Pure: no vscode, no Langium.
 */
import { fromMatrix } from '../../model/allocation.js';
import type { AllocationMatrix, Model } from '../../model/types.js';
import type { SimulationSettings } from '../../sim/index.js';
import type { Baseline, OptimizationResult, Solution } from '../api.js';
import { changeEffects, type ChangeEffect } from './change-effects.js';
import { headroom, type Headroom } from './headroom.js';

export interface SolutionExplanation {
    /** Index in the front of the explained solution. */
    solution: number;
    /** The baseline the changes are against, or null when there is none besides first-fit. */
    against: string | null;
    changes: ChangeEffect[];
    headroom: Headroom | null;
}

/** Which solution of a result: a front member or a baseline row, by index. */
export interface SolutionRef {
    kind: 'front' | 'baseline';
    index: number;
}

/** How far an explanation is: the changes' simulations (their number known), then the headroom's (a bisection: not known ahead). */
export interface ExplainProgress {
    phase: 'changes' | 'headroom';
    done: number;
    total: number | null;
}

export interface ExplainOptions {
    /** Checked between simulations; a cancelled explanation throws 'cancelled'. */
    cancelled?: () => boolean;
    onProgress?: (progress: ExplainProgress) => void;
}

/**
 * The reference of "what changed": the baseline named `current`, else the
 * first one that is not first-fit (the results view's rule).
 */
export function referenceBaseline(result: OptimizationResult): Baseline | undefined {
    return result.baselines.find(b => b.name === 'current') ?? result.baselines.find(b => b.name !== 'first-fit');
}

/** The solution `ref` points at, or undefined when the index is out of range. */
export function solutionOf(result: OptimizationResult, ref: SolutionRef): Solution | undefined {
    return ref.kind === 'front' ? result.front[ref.index] : result.baselines[ref.index];
}

/**
 * The explanation of any solution of the result (a front member or a
 * baseline; the reference baseline itself has no changes), or null when
 * `ref` points nowhere. `solution` of the answer is ref.index.
 */
export function explainRef(model: Model, settings: SimulationSettings, result: OptimizationResult, ref: SolutionRef,
    options: ExplainOptions = {}): SolutionExplanation | null {
    const solution = solutionOf(result, ref);
    if (!solution) { return null; }
    const reference = referenceBaseline(result);
    return explainAllocation(model, settings, solution.allocation, reference ? { name: reference.name, allocation: reference.allocation } : null, ref.index, options);
}

/** explainRef's work on the allocations alone (what the extension's explain thread receives); `index` becomes `solution`. */
export function explainAllocation(model: Model, settings: SimulationSettings, solution: AllocationMatrix,
    reference: { name: string; allocation: AllocationMatrix } | null, index: number, options: ExplainOptions = {}): SolutionExplanation {
    const changes = reference ? changeEffects(model, settings, reference.allocation, solution, {
        cancelled: options.cancelled,
        onProgress: (done, total) => options.onProgress?.({ phase: 'changes', done, total })
    }) : [];
    let steps = 0;
    options.onProgress?.({ phase: 'headroom', done: 0, total: null });
    return {
        solution: index,
        against: reference?.name ?? null,
        changes,
        headroom: headroom(model, settings, fromMatrix(model, solution, 'explained'), {
            cancelled: options.cancelled,
            onStep: () => options.onProgress?.({ phase: 'headroom', done: ++steps, total: null })
        })
    };
}

/**
 * The explanation of front member `index` (default: the chosen one), or null
 * for an empty front.
 */
export function explainSolution(model: Model, settings: SimulationSettings, result: OptimizationResult, index = result.chosen,
    options: ExplainOptions = {}): SolutionExplanation | null {
    return explainRef(model, settings, result, { kind: 'front', index }, options);
}

/**
 * `result` with the chosen solution's explanation, for the end of a run: a
 * cancelled or failed explanation leaves the result as it is, with a warning
 * saying why (the run itself succeeded).
 */
export function withExplanation(model: Model, settings: SimulationSettings, result: OptimizationResult, cancelled?: () => boolean): OptimizationResult {
    if (result.front.length === 0) { return result; }
    try {
        const explanation = explainSolution(model, settings, result, result.chosen, { cancelled });
        return explanation ? { ...result, explanation } : result;
    } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        return { ...result, warnings: [...result.warnings, `what the chosen solution's changes did and its headroom were not measured: ${why}`] };
    }
}
