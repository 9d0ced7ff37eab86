/**
 * The OptimizationResult the extension makes itself when the optimizer's
 * thread dies: built from the last progress report, so the front found so far
 * is not lost (the empty result shown while the first generation runs is
 * src/opt/result.ts's).
 * Pure: no vscode.
 */
import type { RunSettings } from '../model/settings.js';
import type { Model } from '../model/types.js';
import type { OptimizationResult, Progress, StopReason } from '../opt/api.js';
import { chooseSolution, emptyResult } from '../opt/result.js';

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
        chosen: chooseSolution(front, settings.prefer, model),
        stoppedBy,
        warnings: [warning]
    };
}
