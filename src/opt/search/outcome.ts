/**
 * The end of a search, shared by the evolutionary loop (loop.ts) and the
 * packing-led search (packing-led.ts): the warnings of a run that found
 * nothing, the hypervolume after each generation in the final front's
 * normalization, and the outcome the optimizer's API reports. Pure.
 */
import { normalizationOf, normalizedHypervolume, type Normalization, type Point } from '../pareto.js';
import type { Individual } from './archive.js';
import type { Evaluations } from './evaluation.js';
import type { SearchOutcome } from './loop.js';
import type { Termination } from './termination.js';

const yieldNow = () => new Promise<void>(resolve => setImmediate(resolve));

export function hvOf(points: readonly Point[], norm?: Normalization): number {
    return points.length === 0 ? 0 : normalizedHypervolume(points, norm ?? normalizationOf(points));
}

/**
 * The outcome of a search whose reported front is `sorted` (cost, time, key
 * order) and whose front after each generation was `snapshots` (the same
 * array object for a generation that changed nothing). `warnings` gets the
 * evaluator's failure and, when nothing valid was evaluated, says so and the
 * run ends with 'error'.
 */
export async function searchOutcome(o: {
    sorted: Individual[]; snapshots: readonly (readonly Point[])[]; warnings: string[];
    evals: Evaluations; termination: Termination; generations: number;
}): Promise<SearchOutcome> {
    const { sorted, snapshots, warnings, evals } = o;
    if (evals.failure) {
        warnings.push(evals.failure);
    }
    let stoppedBy = o.termination.stoppedBy;
    if (sorted.length === 0 && stoppedBy !== 'cancelled' && stoppedBy !== 'error') {
        warnings.push('no valid allocation could be evaluated');
        stoppedBy = 'error';
    }
    const finalPoints = sorted.map(m => m.point);
    const finalNorm = finalPoints.length > 0 ? normalizationOf(finalPoints) : undefined;
    const hypervolumeByGeneration: number[] = [];
    let previous: readonly Point[] | undefined;
    for (const snapshot of snapshots) {
        hypervolumeByGeneration.push(snapshot === previous ? hypervolumeByGeneration[hypervolumeByGeneration.length - 1] : hvOf(snapshot, finalNorm));
        if (snapshot !== previous) {
            await yieldNow(); // keep the event loop responsive (one hypervolume per turn)
        }
        previous = snapshot;
    }
    return {
        front: sorted,
        evaluations: evals.count,
        byFidelity: { ...evals.byFidelity },
        generations: o.generations,
        hypervolumeByGeneration,
        hypervolume: hvOf(finalPoints, finalNorm),
        stoppedBy: stoppedBy ?? 'generations',
        warnings,
        details: evals.details
    };
}
