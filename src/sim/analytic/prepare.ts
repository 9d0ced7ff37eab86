/**
 * What the analytic estimate needs of a model, computed once per model: the
 * simulator's compiled model (src/sim/prepared.ts, so chain positions,
 * components and splits mean the same thing here) plus the second moments of
 * every work and every inter-arrival distribution.
 */
import type { Model } from '../../model/types.js';
import { distributionMean, distributionSd } from '../../model/distributions.js';
import { prepareModel, type PreparedModel } from '../prepared.js';

export interface AnalyticModel {
    prep: PreparedModel;
    /** Squared coefficient of variation of each process's time between arrivals. */
    everyScv: Float64Array;
    /** Per chain position: variance of the CPU and GPU work (the means are in prep). */
    cpuVar: Float64Array;
    gpuVar: Float64Array;
    /** Chain positions of each component, in position order. */
    positionsOf: number[][];
    /** Process of each chain position. */
    processOf: Int32Array;
    /** Moments of a part's time with both CPU and GPU work, by position and the two mean times (they repeat across allocations). */
    maxCache: Map<string, { mean: number; variance: number }>;
}

export function prepareAnalytic(model: Model): AnalyticModel {
    const prep = prepareModel(model);
    const Q = prep.positionCount;
    const everyScv = Float64Array.from(model.processes, p => {
        const mean = distributionMean(p.everySeconds);
        const sd = distributionSd(p.everySeconds);
        return mean > 0 ? (sd / mean) ** 2 : 1;
    });
    const cpuVar = new Float64Array(Q), gpuVar = new Float64Array(Q);
    const processOf = new Int32Array(Q);
    const positionsOf: number[][] = model.components.map(() => []);
    for (let p = 0; p < prep.processCount; p++) {
        for (let q = prep.chainStart[p]; q < prep.chainStart[p] + prep.chainLength[p]; q++) {
            const step = model.steps[prep.stepIndex[q]];
            cpuVar[q] = step.cpuWorkGHzSeconds ? distributionSd(step.cpuWorkGHzSeconds) ** 2 : 0;
            gpuVar[q] = step.gpuWorkTOPSSeconds ? distributionSd(step.gpuWorkTOPSSeconds) ** 2 : 0;
            processOf[q] = p;
            positionsOf[prep.component[q]].push(q);
        }
    }
    return { prep, everyScv, cpuVar, gpuVar, positionsOf, processOf, maxCache: new Map() };
}
