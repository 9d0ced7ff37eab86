/**
 * What the analytic estimate needs of a model, computed once per model: the
 * simulator's compiled model (src/sim/prepared.ts, so chain positions,
 * components and splits mean the same thing here), the second moments of
 * every work and every inter-arrival distribution, and the chain positions
 * of each component (all, GPU, non-GPU), so that an allocation's estimate
 * only does the work its placements call for.
 */
import type { Model } from '../../model/types.js';
import { distributionMean, distributionSd } from '../../model/distributions.js';
import { positionPartWork, prepareModel, type PreparedModel } from '../prepared.js';
import { withAvailabilityCapacity } from '../failures-analytic.js';
import { maxOfGammas } from './math.js';

export interface AnalyticModel {
    prep: PreparedModel;
    /** Number of server kinds. */
    S: number;
    /** Squared coefficient of variation of each process's time between arrivals. */
    everyScv: Float64Array;
    /** Per chain position: variance of the CPU and GPU work (the means are in prep). */
    cpuVar: Float64Array;
    gpuVar: Float64Array;
    /** Chain positions of each component, in position order: all of them, those that need a GPU, the others. */
    positionsOf: Int32Array[];
    gpuPositionsOf: Int32Array[];
    cpuPositionsOf: Int32Array[];
    /** Process of each chain position. */
    processOf: Int32Array;
    /** The step follows a step of the same run on the same component (and needs a GPU only if that one did). */
    warmFirst: Uint8Array;
    /** Part times alone, per chain position and split (filled on first use): see aloneTimes. */
    aloneBySplit: (Float64Array | undefined)[][];
}

/** Values per server kind in an aloneTimes table: mean, SCV, CPU part, GPU part (finite). */
export const ALONE_STRIDE = 4;

export function prepareAnalytic(model: Model): AnalyticModel {
    // Failing machines count with their speed and price times their availability (failures-analytic.ts).
    const prep = prepareModel(withAvailabilityCapacity(model));
    const Q = prep.positionCount;
    const everyScv = Float64Array.from(model.processes, p => {
        const mean = distributionMean(p.everySeconds);
        const sd = distributionSd(p.everySeconds);
        return mean > 0 ? (sd / mean) ** 2 : 1;
    });
    const cpuVar = new Float64Array(Q), gpuVar = new Float64Array(Q);
    const processOf = new Int32Array(Q);
    const warmFirst = new Uint8Array(Q);
    const lists: number[][] = model.components.map(() => []);
    for (let p = 0; p < prep.processCount; p++) {
        for (let q = prep.chainStart[p]; q < prep.chainStart[p] + prep.chainLength[p]; q++) {
            const step = model.steps[prep.stepIndex[q]];
            cpuVar[q] = step.cpuWorkGHzSeconds ? distributionSd(step.cpuWorkGHzSeconds) ** 2 : 0;
            gpuVar[q] = step.gpuWorkTOPSSeconds ? distributionSd(step.gpuWorkTOPSSeconds) ** 2 : 0;
            processOf[q] = p;
            lists[prep.component[q]].push(q);
            warmFirst[q] = q > prep.chainStart[p] && prep.component[q - 1] === prep.component[q] && (!prep.needsGpu[q] || prep.needsGpu[q - 1]) ? 1 : 0;
        }
    }
    return {
        prep, S: model.servers.length, everyScv, cpuVar, gpuVar, processOf, warmFirst,
        positionsOf: lists.map(qs => Int32Array.from(qs)),
        gpuPositionsOf: lists.map(qs => Int32Array.from(qs.filter(q => prep.needsGpu[q]))),
        cpuPositionsOf: lists.map(qs => Int32Array.from(qs.filter(q => !prep.needsGpu[q]))),
        aloneBySplit: Array.from({ length: Q }, () => [])
    };
}

/**
 * The time of one part of chain position q split in `split` parts, alone on
 * a machine of each server kind: ALONE_STRIDE values per kind (mean, squared
 * coefficient of variation, mean CPU time, mean GPU time (0 when the kind has
 * no GPU)). A part with both CPU and GPU work lasts the longer of the two
 * (maxOfGammas). A step's split cost (src/model/split-cost.ts) is in the
 * part's work. Computed once per (q, split) and kept.
 */
export function aloneTimes(am: AnalyticModel, q: number, split: number): Float64Array {
    const bySplit = am.aloneBySplit[q];
    const hit = bySplit[split];
    if (hit) { return hit; }
    const prep = am.prep, S = am.S, servers = prep.model.servers;
    const out = new Float64Array(S * ALONE_STRIDE);
    const kq = split;
    for (let sk = 0; sk < S; sk++) {
        const cpu = servers[sk].cpuGHz, gpu = servers[sk].gpuTOPS;
        let cm = prep.cpuMean[q] > 0 ? prep.cpuMean[q] / kq / cpu : 0;
        let cv = prep.cpuMean[q] > 0 ? am.cpuVar[q] / (kq * kq * cpu * cpu) : 0;
        let gm = prep.gpuMean[q] > 0 ? (gpu > 0 ? prep.gpuMean[q] / kq / gpu : Infinity) : 0;
        let gv = prep.gpuMean[q] > 0 && gpu > 0 ? am.gpuVar[q] / (kq * kq * gpu * gpu) : 0;
        if (prep.splitCost[q]) {
            // The split cost's part work a W + b (src/model/split-cost.ts): mean a E[W] + b, variance a^2 Var[W].
            const a = positionPartWork(prep, q, 1, kq, false) - positionPartWork(prep, q, 0, kq, false);
            const ag = positionPartWork(prep, q, 1, kq, true) - positionPartWork(prep, q, 0, kq, true);
            const cpuPart = positionPartWork(prep, q, prep.cpuMean[q], kq, false);
            const gpuPart = positionPartWork(prep, q, prep.gpuMean[q], kq, true);
            cm = cpuPart > 0 ? cpuPart / cpu : 0;
            cv = cpuPart > 0 ? a * a * am.cpuVar[q] / (cpu * cpu) : 0;
            gm = gpuPart > 0 ? (gpu > 0 ? gpuPart / gpu : Infinity) : 0;
            gv = gpuPart > 0 && gpu > 0 ? ag * ag * am.gpuVar[q] / (gpu * gpu) : 0;
        }
        let mean: number, variance: number;
        if (gm === 0) { mean = cm; variance = cv; } else if (cm === 0) { mean = gm; variance = gv; } else {
            const mx = maxOfGammas(cm, cv, gm, gv);
            mean = mx.mean; variance = mx.variance;
        }
        const o = sk * ALONE_STRIDE;
        out[o] = mean;
        out[o + 1] = mean > 0 ? variance / (mean * mean) : 0;
        out[o + 2] = cm;
        out[o + 3] = Number.isFinite(gm) ? gm : 0;
    }
    bySplit[split] = out;
    return out;
}
