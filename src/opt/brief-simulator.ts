/**
 * The simulator of the brief fidelity (docs/optimizer.md "Multi-fidelity"):
 * one replication of a quarter of the measured window, in which a rare
 * process often has no run at all (the generated benchmark model's two
 * trainings arrive every 7.5 h; a brief window is 1.7 h). Counting such a
 * process 0 made the brief ranking blind to what dominates the full k1, and
 * for a given seed every brief simulation saw the same arrivals, so whole
 * runs searched without the trainings. Such a process takes the analytic
 * estimate's mean and variance instead (only in k1 and k2 of the brief
 * evaluation, which ranks candidates and is never shown).
 */
import type { AllocationDef, Model } from '../model/types.js';
import { createAnalyticEvaluator, createSimulator, type SimulationSettings, type Simulator } from '../sim/index.js';

export function createBriefSimulator(model: Model, brief: SimulationSettings): Simulator {
    let analytic: ReturnType<typeof createAnalyticEvaluator> | undefined;
    return createSimulator(model, brief, {
        unseen: (allocation: AllocationDef) => {
            analytic ??= createAnalyticEvaluator(model, brief);
            const processes = analytic.estimate(allocation).processes;
            return { mean: processes.map(p => p.mean), variance: processes.map(p => p.variance) };
        }
    });
}
