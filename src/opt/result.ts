/**
 * Building OptimizationResults: the part that depends only on the model and
 * the settings, and the choice of one solution (semantics.md). Shared by the
 * optimizer and by the extension (the empty result shown while the first
 * generation runs, the result kept when the optimizer's thread dies). Pure.
 */
import type { RunSettings } from '../model/settings.js';
import { distributionMean } from '../model/distributions.js';
import { OBJECTIVE_KEYS, type Model, type PreferWeights } from '../model/types.js';
import type { OptimizationResult, Solution } from './api.js';

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
 * The smallest scale of each criterion (k1..k4) in the choice: 1% of the
 * model's runs per hour for violations (so "1% of runs late" is the unit
 * when the best member has none), tiny positive values for the others.
 */
export function choiceFloors(model?: Pick<Model, 'processes'>): number[] {
    let runsPerHour = 0;
    for (const p of model?.processes ?? []) {
        const gap = distributionMean(p.everySeconds);
        runsPerHour += gap > 0 ? 3600 / gap : 0;
    }
    return [1e-6, 1e-12, Math.max(1e-9, 0.01 * runsPerHour), 1e-9];
}

/**
 * Distance of each point (k1..k4 in OBJECTIVE_KEYS order) to the ideal point
 * of `points` (best value of each criterion among them), the rule of the
 * choice (docs/optimizer.md "The choice"): Euclidean, weighted by `prefer`,
 * where criterion k of a point counts z_k = ln(1 + (f_k - ideal_k) /
 * max(ideal_k, floor_k)): its excess over the best value, relative to the
 * best value, log-compressed. The scale depends only on the ideal point and
 * the model (choiceFloors), never on the worst points.
 */
export function idealDistances(points: readonly (readonly number[])[], prefer: PreferWeights, model?: Pick<Model, 'processes'>): number[] {
    const floors = choiceFloors(model);
    const weights = OBJECTIVE_KEYS.map(k => prefer[k]);
    const ideal = OBJECTIVE_KEYS.map((_, k) => Math.min(...points.map(p => p[k])));
    return points.map(p => {
        let sum = 0;
        for (let k = 0; k < p.length; k++) {
            const z = Math.log1p(Math.max(0, p[k] - ideal[k]) / Math.max(Math.abs(ideal[k]), floors[k]));
            sum += weights[k] * z * z;
        }
        return Math.sqrt(sum);
    });
}

/**
 * The chosen solution: the member of `front` nearest the ideal point by
 * idealDistances, so the choice does not swing when an extreme member
 * appears or leaves. Ties to the lowest index; 0 for an empty front.
 */
export function chooseSolution(front: readonly Solution[], prefer: PreferWeights, model?: Pick<Model, 'processes'>): number {
    if (front.length === 0) {
        return 0;
    }
    const distances = idealDistances(front.map(s => OBJECTIVE_KEYS.map(k => s.objectives[k])), prefer, model);
    let best = 0;
    let bestDistance = Infinity;
    distances.forEach((d, i) => {
        if (d < bestDistance) {
            best = i;
            bestDistance = d;
        }
    });
    return best;
}
