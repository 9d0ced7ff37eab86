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
import { hasSplitCost, partWork, splitCostOf } from '../model/split-cost.js';
import { compileDistribution, DIST_STRIDE } from './sampling.js';
import { SimulationInputError } from './errors.js';
import { compileProfile, type CompiledProfile } from './profile.js';
import { meanArrivalGap } from '../model/profile.js';

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
    /** Mean arrival rate of each process over its profile's cycle, 1/s. */
    arrivalRate: Float64Array;
    /** Compiled arrival profile of each process (null: stationary); null when no process has one (profile.ts). */
    profiles: (CompiledProfile | null)[] | null;
    /**
     * The cycle the results are reported per phase of: the profile of the
     * first process (file order) that has one (docs/semantics.md, "Profiles"); null without profiles.
     */
    reportProfile: { process: number; profile: CompiledProfile } | null;
    /** Priorities (priority.ts): some process has a priority other than 0, or is preemptive. */
    prioritized: boolean;
    /** Some process is preemptive. */
    preemptive: boolean;
    /** Per chain position: its process's priority, and 1 when its process is preemptive. */
    positionPriority: Float64Array;
    positionPreemptive: Uint8Array;
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
    /**
     * Communication (docs/semantics.md, "Communication"; transfer.ts): the
     * megabits the hop into position q moves when its step runs on another
     * machine than the previous step of the run ended on (0 for a first step),
     * and the latency every such transfer adds. hasTransfers: some hop moves data.
     */
    hopMegabits: Float64Array;
    latencySeconds: number;
    hasTransfers: boolean;
    /** The step declares a split cost (src/model/split-cost.ts): its parts' work is not W / k, and its service is measured per step. */
    splitCost: Uint8Array;
    splitSerial: Float64Array;
    overheadCpu: Float64Array;
    overheadGpu: Float64Array;
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
        const mean = meanArrivalGap(p);
        arrivalRate[i] = mean > 0 ? 1 / mean : Infinity;
    });
    const profiles = model.processes.some(p => p.profile) ? model.processes.map(p => (p.profile ? compileProfile(p.profile) : null)) : null;
    const reportIndex = profiles ? profiles.findIndex(c => c !== null) : -1;
    const prepared: PreparedModel = {
        model, processCount: P, componentCount: model.components.length,
        every, chainStart, chainLength, maxChain, deadline, weightTime, weightVariance, arrivalRate,
        profiles, reportProfile: profiles && reportIndex >= 0 ? { process: reportIndex, profile: profiles[reportIndex]! } : null,
        prioritized: model.processes.some(p => (p.priority ?? 0) !== 0 || p.preemptive === true),
        preemptive: model.processes.some(p => p.preemptive === true),
        positionPriority: new Float64Array(Q), positionPreemptive: new Uint8Array(Q),
        positionCount: Q,
        stepIndex: new Int32Array(Q), component: new Int32Array(Q),
        cpuWork: new Float64Array(Q * DIST_STRIDE), gpuWork: new Float64Array(Q * DIST_STRIDE),
        cpuMean: new Float64Array(Q), gpuMean: new Float64Array(Q),
        needsGpu: new Uint8Array(Q), mixedWork: new Uint8Array(Q), ramMB: new Float64Array(Q),
        netInMbps: new Float64Array(Q), netOutMbps: new Float64Array(Q), threads: new Int32Array(Q),
        hopMegabits: new Float64Array(Q), latencySeconds: model.optimize.latencySeconds ?? 0, hasTransfers: false,
        splitCost: new Uint8Array(Q), splitSerial: new Float64Array(Q), overheadCpu: new Float64Array(Q), overheadGpu: new Float64Array(Q),
        componentIndex,
        startupSeconds: Float64Array.from(model.components, c => c.startupSeconds),
        idleRamMB: Float64Array.from(model.components, c => c.idleRamMB),
        componentPermanent: Uint8Array.from(model.components, c => (c.permanent ? 1 : 0)),
        serverIndex, stepIndexByName
    };
    model.processes.forEach((p, i) => {
        p.steps.forEach((stepName, j) => {
            const q = chainStart[i] + j;
            prepared.positionPriority[q] = p.priority ?? 0;
            prepared.positionPreemptive[q] = p.preemptive ? 1 : 0;
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
            const cost = splitCostOf(step);
            if ((cost.overheadCpu > 0 && !step.cpuWorkGHzSeconds) || (cost.overheadGpu > 0 && !step.gpuWorkTOPSSeconds)) {
                throw new SimulationInputError(`step ${step.name}: its split overhead is a kind of work the step does not have`);
            }
            prepared.splitCost[q] = hasSplitCost(step) ? 1 : 0;
            prepared.splitSerial[q] = cost.serial;
            prepared.overheadCpu[q] = cost.overheadCpu;
            prepared.overheadGpu[q] = cost.overheadGpu;
            if (j > 0) {
                const previous = model.steps[prepared.stepIndex[q - 1]];
                // MB to megabits: x 8 (1 MB = 8 Mb, both decimal).
                prepared.hopMegabits[q] = 8 * Math.max(previous.dataOutMB ?? 0, step.dataInMB ?? 0);
                if (prepared.hopMegabits[q] > 0) { prepared.hasTransfers = true; }
            }
        });
    });
    return prepared;
}

/**
 * The CPU (gpu false) or GPU work of one of k parts of the step at chain
 * position q whose sampled work is `work`: work / k, or the split cost's rule.
 */
export function positionPartWork(prep: PreparedModel, q: number, work: number, k: number, gpu: boolean): number {
    if (!prep.splitCost[q]) { return work / k; }
    return partWork(work, k, prep.splitSerial[q], gpu ? prep.overheadGpu[q] : prep.overheadCpu[q]);
}
