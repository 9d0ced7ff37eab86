/**
 * What the problem-aware operators know about a model beyond the genotype's
 * bounds: the work arriving per second at each component, the speed and
 * price of each server kind, and which components should be permanent
 * because their startup does not fit in their processes' deadline slack.
 * Computed once per run from src/model/analysis.ts (no second copy of its
 * rules). Pure.
 */
import { componentWorkRates, processBestCases } from '../../model/analysis.js';
import type { Space } from '../genotype.js';

export interface Problem {
    space: Space;
    /** Mean CPU work per second arriving at each component, GHz. */
    cpuDemand: Float64Array;
    /** Mean GPU work per second arriving at each component, TOPS. */
    gpuDemand: Float64Array;
    /** Price of one machine of each kind per hour. */
    pricePerHour: Float64Array;
    /**
     * Price per unit of speed of each kind for each component: price per hour
     * over the speed the component's work sees there (GPU TOPS for a
     * component with GPU work on a GPU kind, else CPU GHz). Row-major C x S;
     * Infinity where the component cannot run.
     */
    pricePerSpeed: Float64Array;
    /** The component's startup exceeds the smallest deadline slack of the processes it serves. */
    startupTooSlow: boolean[];
}

export function createProblem(space: Space): Problem {
    const { model, C, S } = space;
    const rates = componentWorkRates(model);
    const cpuDemand = Float64Array.from(model.components, c => rates.get(c.name)?.cpuGHz ?? 0);
    const gpuDemand = Float64Array.from(model.components, c => rates.get(c.name)?.gpuTOPS ?? 0);
    const pricePerHour = Float64Array.from(model.servers, s => s.pricePerSecond * 3600);
    const pricePerSpeed = new Float64Array(C * S).fill(Infinity);
    for (let c = 0; c < C; c++) {
        for (let s = 0; s < S; s++) {
            if (space.cellMax[c * S + s] <= 0) {
                continue;
            }
            const server = model.servers[s];
            const speed = space.needsGpu[c] && server.gpuTOPS > 0 ? server.gpuTOPS : server.cpuGHz;
            // A tiny price keeps free kinds ordered by speed.
            pricePerSpeed[c * S + s] = (pricePerHour[s] + 1e-9) / Math.max(speed, 1e-9);
        }
    }
    // Deadline slack: deadline minus the process's best case; a component whose startup exceeds the
    // smallest slack of the processes it serves misses deadlines whenever it starts on demand.
    const best = processBestCases(model);
    const componentOfStep = new Map(model.steps.map(st => [st.name, st.component]));
    const slack = new Map<string, number>();
    for (const process of model.processes) {
        if (process.deadlineSeconds === null) {
            continue;
        }
        const s = process.deadlineSeconds - (best.get(process.name)?.seconds ?? 0);
        for (const step of process.steps) {
            const component = componentOfStep.get(step);
            if (component !== undefined) {
                slack.set(component, Math.min(slack.get(component) ?? Infinity, s));
            }
        }
    }
    const startupTooSlow = model.components.map(c => !c.permanent && c.startupSeconds > (slack.get(c.name) ?? Infinity));
    return { space, cpuDemand, gpuDemand, pricePerHour, pricePerSpeed, startupTooSlow };
}

/** Kinds component c may use (with a GPU when `gpu`), cheapest per unit of speed first, ties by file order. */
export function kindsByValue(problem: Problem, c: number, gpu = false): number[] {
    const { space } = problem;
    const kinds: number[] = [];
    for (let s = 0; s < space.S; s++) {
        if (space.cellMax[c * space.S + s] > 0 && (!gpu || space.hasGpu[s])) {
            kinds.push(s);
        }
    }
    return kinds.sort((a, b) => problem.pricePerSpeed[c * space.S + a] - problem.pricePerSpeed[c * space.S + b] || a - b);
}

/**
 * Utilization of each component under genotype `inst`: work arriving per
 * second over the speed of its instances (each instance counted at its
 * machine's full speed; co-located work is ignored). The larger of the CPU
 * and GPU ratios.
 */
export function componentUtilization(problem: Problem, inst: Int32Array): Float64Array {
    const { space } = problem;
    const { model, C, S } = space;
    const out = new Float64Array(C);
    for (let c = 0; c < C; c++) {
        let cpu = 0, gpu = 0;
        for (let s = 0; s < S; s++) {
            const n = inst[c * S + s];
            if (n > 0) {
                const server = model.servers[s];
                // Instances beyond the machine count share machines: they add concurrency, not speed.
                const machines = Math.min(n, server.count);
                cpu += machines * server.cpuGHz;
                gpu += machines * server.gpuTOPS;
            }
        }
        const rc = problem.cpuDemand[c] > 0 ? problem.cpuDemand[c] / Math.max(cpu, 1e-12) : 0;
        const rg = problem.gpuDemand[c] > 0 ? problem.gpuDemand[c] / Math.max(gpu, 1e-12) : 0;
        out[c] = Math.max(rc, rg);
    }
    return out;
}

/** Instances on each kind (all components), and the number of its machines they occupy. */
export function kindUse(space: Space, inst: Int32Array): { instances: Int32Array; machines: Int32Array } {
    const instances = new Int32Array(space.S);
    for (let c = 0; c < space.C; c++) {
        for (let s = 0; s < space.S; s++) {
            instances[s] += inst[c * space.S + s];
        }
    }
    const machines = Int32Array.from(instances, (n, s) => Math.min(n, space.model.servers[s].count));
    return { instances, machines };
}

/**
 * Utilization of each kind's machines in use under genotype `inst`: the work
 * its instances take (each component's work split evenly over its
 * instances) plus their idle CPU, over the speed of the machines they occupy
 * (spreading fills distinct machines first). The larger of the CPU and GPU
 * ratios; 0 for an unused kind. A kind above 1 cannot keep up.
 */
export function kindUtilization(problem: Problem, inst: Int32Array): Float64Array {
    const { space } = problem;
    const { model, C, S } = space;
    const cpu = new Float64Array(S);
    const gpu = new Float64Array(S);
    const count = new Int32Array(S);
    for (let c = 0; c < C; c++) {
        let n = 0;
        for (let s = 0; s < S; s++) {
            n += inst[c * S + s];
        }
        if (n === 0) {
            continue;
        }
        for (let s = 0; s < S; s++) {
            const k = inst[c * S + s];
            if (k > 0) {
                cpu[s] += k * (problem.cpuDemand[c] / n + model.components[c].idleCpuGHz);
                gpu[s] += k * problem.gpuDemand[c] / n;
                count[s] += k;
            }
        }
    }
    const out = new Float64Array(S);
    for (let s = 0; s < S; s++) {
        const server = model.servers[s];
        const machines = Math.min(count[s], server.count);
        if (machines > 0) {
            out[s] = Math.max(cpu[s] / (machines * Math.max(server.cpuGHz, 1e-12)), server.gpuTOPS > 0 ? gpu[s] / (machines * server.gpuTOPS) : 0);
        }
    }
    return out;
}
