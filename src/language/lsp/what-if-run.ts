/**
 * The two computations behind the editor's what-if, both on the language
 * server's model of the document: the analytic estimate (src/sim/analytic:
 * milliseconds, run in the server's thread) and the full simulation with the
 * file's settings (the same settings as `mlops simulate`), run on a worker
 * thread of the optimizer's pool (out/opt/worker.cjs) so that neither the
 * server nor the editor waits; aborting the signal stops that thread at once.
 */
import type { AllocationDef, Model } from '../../model/types.js';
import { resolveSettings } from '../../model/settings.js';
import { createAnalyticEvaluator, SimulationInputError, type SimulationResult, type SimulationSettings } from '../../sim/index.js';
import { simulationSettings } from '../../opt/index.js';
import { WorkerPool } from '../../opt/pool.js';
import type { WhatIfOutcome } from './what-if-text.js';

export interface WhatIfRun {
    model: Model;
    allocation: AllocationDef;
    settings: SimulationSettings;
}

/** The run for allocation `name` of `model`, or why there is none (a sentence). */
export function prepareWhatIf(model: Model, name: string): WhatIfRun | string {
    const allocation = model.allocations.find(a => a.name === name);
    if (!allocation) {
        return `the file has no allocation ${name}`;
    }
    const settings = simulationSettings(resolveSettings(model));
    if (settings.warmupSeconds >= settings.horizonSeconds) {
        return `warmup (${settings.warmupSeconds} s) must be below the horizon (${settings.horizonSeconds} s)`;
    }
    return { model, allocation, settings };
}

function outcome(kind: WhatIfOutcome['kind'], result: SimulationResult): WhatIfOutcome {
    return { kind, processes: result.processes, replications: result.replications, horizon: result.horizon, warnings: result.warnings };
}

/** The analytic estimate; a model the simulator refuses gives its reason as the error's message. */
export function estimateWhatIf(run: WhatIfRun): WhatIfOutcome {
    return outcome('estimate', createAnalyticEvaluator(run.model, run.settings).estimate(run.allocation));
}

/** The simulation on a worker thread; rejects with an AbortError-like error when `signal` aborts. */
export async function simulateWhatIf(run: WhatIfRun, signal: AbortSignal, workerScript?: string): Promise<WhatIfOutcome> {
    const pool = new WorkerPool(run.model, run.settings, { workers: 1, workerScript });
    const stop = () => void pool.close();
    signal.addEventListener('abort', stop, { once: true });
    try {
        const [result] = await pool.simulate([run.allocation], signal);
        signal.throwIfAborted();
        return outcome('simulated', result);
    } finally {
        signal.removeEventListener('abort', stop);
        await pool.close();
    }
}

/** The reason to show for an error of either computation. */
export function whatIfError(error: unknown): string {
    if (error instanceof SimulationInputError) {
        return `cannot simulate: ${error.message}`;
    }
    return `simulation failed: ${error instanceof Error ? error.message : String(error)}`;
}
