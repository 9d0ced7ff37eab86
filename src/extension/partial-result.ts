/**
 * OptimizationResults the extension makes itself: the empty one shown while
 * the first generation runs, and the one built from the last progress report
 * when the optimizer's thread dies (the front found so far is not lost).
 * Pure: no vscode.
 */
import type { RunSettings } from '../model/settings.js';
import { OBJECTIVE_KEYS, type Model, type PreferWeights } from '../model/types.js';
import type { OptimizationResult, Progress, Solution, StopReason } from '../opt/api.js';

function labelsOf(model: Model): Record<string, string> {
    const labels: Record<string, string> = {};
    for (const e of [...model.servers, ...model.components, ...model.steps, ...model.processes, ...model.allocations]) {
        if (e.label !== undefined) {
            labels[e.name] = e.label;
        }
    }
    if (model.label !== undefined) {
        labels[model.system] = model.label;
    }
    return labels;
}

/** Index of the solution nearest the ideal point (semantics.md), normalized by the front's range; 0 for an empty front. */
export function nearestToIdealIndex(front: Solution[], prefer: PreferWeights): number {
    let best = 0;
    let bestDistance = Infinity;
    const ranges = OBJECTIVE_KEYS.map(k => {
        const values = front.map(s => s.objectives[k]);
        return { min: Math.min(...values), max: Math.max(...values) };
    });
    front.forEach((s, i) => {
        const d = OBJECTIVE_KEYS.reduce((sum, k, j) => {
            const span = ranges[j].max - ranges[j].min;
            const z = span > 0 ? (s.objectives[k] - ranges[j].min) / span : 0;
            return sum + prefer[k] * z * z;
        }, 0);
        if (d < bestDistance) {
            best = i;
            bestDistance = d;
        }
    });
    return best;
}

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

/** The result of a run that ended without the optimizer's own result (its thread died). */
export function resultFromProgress(model: Model, settings: RunSettings, last: Progress | undefined, hypervolumeByGeneration: number[],
    stoppedBy: StopReason, warning: string, wallSeconds: number): OptimizationResult {
    const front = last?.front ?? [];
    return {
        ...emptyResult(model, settings),
        evaluations: last?.evaluations ?? 0,
        wallSeconds,
        hypervolume: last?.hypervolume ?? 0,
        hypervolumeByGeneration: [...hypervolumeByGeneration],
        front,
        chosen: front.length ? nearestToIdealIndex(front, settings.prefer) : 0,
        stoppedBy,
        warnings: [warning]
    };
}
