/** Messages between the extension host and its optimize-worker thread. */
import type { RunSettings } from '../model/settings.js';
import type { Model } from '../model/types.js';
import type { OptimizationResult, Progress } from '../opt/api.js';

/** workerData of the thread. */
export interface RunnerStart {
    model: Model;
    settings: RunSettings;
    /** The optimizer's evaluation worker script (default: the optimizer finds it). */
    workerScript?: string;
    /** Evaluate on the `mlops worker` processes of this Redis instead of threads (mlops.optimizer.redis). */
    redis?: string;
}

export type RunnerRequest = { type: 'cancel' };

export type RunnerReply =
    | { type: 'progress'; progress: Progress }
    /** evaluationThreads: threads of the optimizer's evaluation pool (0: evaluated on the runner thread). */
    | { type: 'done'; result: OptimizationResult; evaluationThreads: number }
    | { type: 'failed'; message: string };
