/**
 * Everything the simulator needs that does not depend on the allocation,
 * compiled once per model into flat typed arrays (createSimulator).
 *
 * A "chain position" q is one step of one process: q = chainStart[p] + j for
 * the j-th step of process p. Work samples, split counts and queues are all
 * per chain position, so a step shared by two processes still gets one random
 * stream per (process, position) (common random numbers, docs/semantics.md).
 */
import type { Model } from '../model/types.js';
import { distributionMean } from '../model/distributions.js';
import { stepNeedsGpu } from '../model/placement-rules.js';
import { compileDistribution, DIST_STRIDE } from './sampling.js';
import { SimulationInputError } from './errors.js';

export interface PreparedModel {
    model: Model;
    processCount: number;
    componentCount: number;
    /** Compiled `every` of each process. */
    every: Float64Array;
    chainStart: Int32Array;
    chainLength: Int32Array;
    /** Longest chain: the number of work slots (x2: CPU, GPU) kept per run. */
    maxChain: number;
    deadline: Float64Array; // +Infinity when none
    weightTime: Float64Array;
    weightVariance: Float64Array;
    /** Mean arrival rate of each process, 1/s. */
    arrivalRate: Float64Array;
    // Per chain position q:
    positionCount: number;
    stepIndex: Int32Array;
    component: Int32Array;
    cpuWork: Float64Array; // compiled, DIST_STRIDE per q
    gpuWork: Float64Array;
    cpuMean: Float64Array;
    gpuMean: Float64Array;
    /** The step needs a GPU (src/model/placement-rules.ts: GPU work with a positive mean). */
    needsGpu: Uint8Array;
    /** The step has both CPU and GPU work distributions (its parts' service is a max of two times; measure.ts). */
    mixedWork: Uint8Array;
    ramMB: Float64Array;
    netInMbps: Float64Array;
    netOutMbps: Float64Array;
    threads: Int32Array;
    // Per component:
    componentIndex: Map<string, number>;
    startupSeconds: Float64Array;
    idleRamMB: Float64Array;
    componentPermanent: Uint8Array;
    serverIndex: Map<string, number>;
    stepIndexByName: Map<string, number>;
}

export function prepareModel(model: Model): PreparedModel {
    const componentIndex = new Map(model.components.map((c, i) => [c.name, i]));
    const serverIndex = new Map(model.servers.map((s, i) => [s.name, i]));
    const stepIndexByName = new Map(model.steps.map((s, i) => [s.name, i]));
    const P = model.processes.length;
    const every = new Float64Array(P * DIST_STRIDE);
    const chainStart = new Int32Array(P);
    const chainLength = new Int32Array(P);
    const deadline = new Float64Array(P);
    const weightTime = new Float64Array(P);
    const weightVariance = new Float64Array(P);
    const arrivalRate = new Float64Array(P);
    let Q = 0;
    let maxChain = 1;
    model.processes.forEach((p, i) => {
        compileDistribution(p.everySeconds, every, i);
        chainStart[i] = Q;
        chainLength[i] = p.steps.length;
        Q += p.steps.length;
        maxChain = Math.max(maxChain, p.steps.length);
        deadline[i] = p.deadlineSeconds ?? Infinity;
        weightTime[i] = p.weightTime;
        weightVariance[i] = p.weightVariance;
        const mean = distributionMean(p.everySeconds);
        arrivalRate[i] = mean > 0 ? 1 / mean : Infinity;
    });
    const prepared: PreparedModel = {
        model, processCount: P, componentCount: model.components.length,
        every, chainStart, chainLength, maxChain, deadline, weightTime, weightVariance, arrivalRate,
        positionCount: Q,
        stepIndex: new Int32Array(Q), component: new Int32Array(Q),
        cpuWork: new Float64Array(Q * DIST_STRIDE), gpuWork: new Float64Array(Q * DIST_STRIDE),
        cpuMean: new Float64Array(Q), gpuMean: new Float64Array(Q),
        needsGpu: new Uint8Array(Q), mixedWork: new Uint8Array(Q), ramMB: new Float64Array(Q),
        netInMbps: new Float64Array(Q), netOutMbps: new Float64Array(Q), threads: new Int32Array(Q),
        componentIndex,
        startupSeconds: Float64Array.from(model.components, c => c.startupSeconds),
        idleRamMB: Float64Array.from(model.components, c => c.idleRamMB),
        componentPermanent: Uint8Array.from(model.components, c => (c.permanent ? 1 : 0)),
        serverIndex, stepIndexByName
    };
    model.processes.forEach((p, i) => {
        p.steps.forEach((stepName, j) => {
            const q = chainStart[i] + j;
            const si = stepIndexByName.get(stepName);
            const step = si === undefined ? undefined : model.steps[si];
            const ci = step ? componentIndex.get(step.component) : undefined;
            if (!step || si === undefined || ci === undefined) {
                throw new SimulationInputError(`process ${p.name}: step ${stepName} or its component is not defined`);
            }
            prepared.stepIndex[q] = si;
            prepared.component[q] = ci;
            compileDistribution(step.cpuWorkGHzSeconds, prepared.cpuWork, q);
            compileDistribution(step.gpuWorkTOPSSeconds, prepared.gpuWork, q);
            prepared.cpuMean[q] = step.cpuWorkGHzSeconds ? distributionMean(step.cpuWorkGHzSeconds) : 0;
            prepared.gpuMean[q] = step.gpuWorkTOPSSeconds ? distributionMean(step.gpuWorkTOPSSeconds) : 0;
            prepared.needsGpu[q] = stepNeedsGpu(step) ? 1 : 0;
            prepared.mixedWork[q] = step.cpuWorkGHzSeconds && step.gpuWorkTOPSSeconds ? 1 : 0;
            prepared.ramMB[q] = step.ramMB;
            prepared.netInMbps[q] = step.netInMbps;
            prepared.netOutMbps[q] = step.netOutMbps;
            prepared.threads[q] = Math.max(1, step.threads);
        });
    });
    return prepared;
}
