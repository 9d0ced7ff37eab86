/**
 * What the results view shows beside the diff (issue 13 items 3 and 6) for
 * the chosen solution of an optimization: its largest changes against the
 * `current` baseline with what each did, and its headroom. Computed after the
 * run by whoever has the model (`mlops optimize --report`, the extension's
 * optimizer thread) and carried in the result. Pure: no vscode, no Langium.
 */
import { fromMatrix } from '../../model/allocation.js';
import type { Model } from '../../model/types.js';
import type { SimulationSettings } from '../../sim/index.js';
import type { OptimizationResult } from '../api.js';
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

/**
 * The explanation of front member `index` (default: the chosen one), or null
 * for an empty front. The reference is the baseline named `current`, else
 * the first one that is not first-fit (the results view's rule).
 */
export function explainSolution(model: Model, settings: SimulationSettings, result: OptimizationResult, index = result.chosen,
    options: { cancelled?: () => boolean } = {}): SolutionExplanation | null {
    const solution = result.front[index];
    if (!solution) { return null; }
    const reference = result.baselines.find(b => b.name === 'current') ?? result.baselines.find(b => b.name !== 'first-fit');
    return {
        solution: index,
        against: reference?.name ?? null,
        changes: reference ? changeEffects(model, settings, reference.allocation, solution.allocation, options) : [],
        headroom: headroom(model, settings, fromMatrix(model, solution.allocation, 'explained'), options)
    };
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
