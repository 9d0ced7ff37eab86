/**
 * Building OptimizationResults: the part that depends only on the model and
 * the settings, and the choice of one solution (semantics.md). Shared by the
 * optimizer and by the extension (the empty result shown while the first
 * generation runs, the result kept when the optimizer's thread dies). Pure.
 */
import type { RunSettings } from '../model/settings.js';
import { OBJECTIVE_KEYS, type Model, type PreferWeights } from '../model/types.js';
import type { OptimizationResult, Solution } from './api.js';
import { nearestToIdeal } from './pareto.js';

/** Labels by element name (and the system's), where the file gives one. */
export function labelsOf(model: Model): Record<string, string> {
    const labels: Record<string, string> = {};
    for (const element of [...model.servers, ...model.components, ...model.steps, ...model.processes, ...model.allocations]) {
        if (element.label !== undefined) {
            labels[element.name] = element.label;
        }
    }
    if (model.label !== undefined) {
        labels[model.system] = model.label;
    }
    return labels;
}

/** A result with the model's names and no solution yet. */
export function emptyResult(model: Model, settings: RunSettings): OptimizationResult {
    return {
        system: model.system,
        currency: model.currency,
        components: model.components.map(c => c.name),
        servers: model.servers.map(s => s.name),
        steps: model.steps.map(s => s.name),
        labels: labelsOf(model),
        seed: settings.seed,
        evaluations: 0,
        wallSeconds: 0,
        hypervolume: 0,
        hypervolumeByGeneration: [],
        front: [],
        chosen: 0,
        baselines: [],
        stoppedBy: 'cancelled',
        warnings: []
    };
}

/**
 * The chosen solution: the member of `front` nearest the ideal point in
 * Euclidean distance weighted by `prefer`, criteria normalized by the front's
 * own range. 0 for an empty front.
 */
export function chooseSolution(front: readonly Solution[], prefer: PreferWeights): number {
    const points = front.map(s => OBJECTIVE_KEYS.map(k => s.objectives[k]));
    return Math.max(0, nearestToIdeal(points, OBJECTIVE_KEYS.map(k => prefer[k])));
}
