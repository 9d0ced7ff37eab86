/** Messages between the extension host and its explain-worker thread (one thread per explanation). */
import type { AllocationMatrix, Model } from '../model/types.js';
import type { ExplainProgress, SolutionExplanation } from '../opt/index.js';
import type { SimulationSettings } from '../sim/index.js';

/** workerData of the thread: the solution, the reference its changes are against (null: none), the model and settings of the run. */
export interface ExplainStart {
    model: Model;
    settings: SimulationSettings;
    solution: AllocationMatrix;
    reference: { name: string; allocation: AllocationMatrix } | null;
    index: number;
}

export type ExplainReply =
    | { type: 'progress'; progress: ExplainProgress }
    | { type: 'done'; explanation: SolutionExplanation }
    | { type: 'failed'; message: string };
