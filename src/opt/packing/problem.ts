/**
 * The static packing view of a model: component instances (items) placed on
 * server kinds (bins of `count` identical machines), with the fit rule and
 * the static cost (the price of every machine that holds an instance, as if
 * all instances were permanent: exact for permanent components, an upper
 * bound otherwise). Prepared once per Space; plain typed arrays, candidate
 * kinds per component in compressed rows so 2,400 x 800 stays small. Pure.
 */
import { machinesOf } from '../../model/placement-rules.js';
import type { Space } from '../genotype.js';

export interface PackingProblem {
    space: Space;
    /** Components, server kinds. */
    C: number;
    S: number;
    /** Idle CPU (GHz) and RAM (MB) of one instance, per component. */
    cpu: Float64Array;
    ram: Float64Array;
    /** Price of one machine per hour, machine count, capacities, GPU, per kind. */
    price: Float64Array;
    count: Int32Array;
    kindCpu: Float64Array;
    kindRam: Float64Array;
    kindGpu: Uint8Array;
    /** Largest step RAM of component c on kind s: stepRam(c, s). */
    stepRamGpu: Float64Array;
    stepRamCpu: Float64Array;
    needsGpu: Uint8Array;
    /** Kinds where one instance of c may go (cellMax > 0), in file order: cand[candStart[c] .. candStart[c + 1]). */
    candStart: Int32Array;
    cand: Int32Array;
    /**
     * Kinds in order of price per capacity (cheapest first): price over the
     * share of the total demand one machine can hold in its tighter
     * resource. The order in which constructions open machines.
     */
    byCostPerCapacity: Int32Array;
    /** Size of one instance of c relative to the total demand (CPU share + RAM share): the "decreasing" order. */
    size: Float64Array;
    /** Some component has a step with RAM (else the step-RAM part of the fit rule is idle). */
    anyStepRam: boolean;
}

export function stepRamOf(p: PackingProblem, c: number, s: number): number {
    return p.kindGpu[s] ? p.stepRamGpu[c] : p.stepRamCpu[c];
}

export function createPackingProblem(space: Space): PackingProblem {
    const { model, C, S } = space;
    const cpu = Float64Array.from(model.components, c => c.idleCpuGHz);
    const ram = Float64Array.from(model.components, c => c.idleRamMB);
    const price = Float64Array.from(model.servers, s => s.pricePerSecond * 3600);
    const count = Int32Array.from(model.servers, machinesOf);
    const kindCpu = Float64Array.from(model.servers, s => s.cpuGHz);
    const kindRam = Float64Array.from(model.servers, s => s.ramMB);
    const kindGpu = Uint8Array.from(space.hasGpu, h => (h ? 1 : 0));
    const candStart = new Int32Array(C + 1);
    const list: number[] = [];
    for (let c = 0; c < C; c++) {
        candStart[c] = list.length;
        for (let s = 0; s < S; s++) {
            if (space.cellMax[c * S + s] > 0 && count[s] > 0) {
                list.push(s);
            }
        }
    }
    candStart[C] = list.length;
    let totalCpu = 0;
    let totalRam = 0;
    for (let c = 0; c < C; c++) {
        totalCpu += cpu[c];
        totalRam += ram[c];
    }
    const share = (x: number, total: number) => (total > 0 ? x / total : 0);
    const size = new Float64Array(C);
    for (let c = 0; c < C; c++) {
        size[c] = share(cpu[c], totalCpu) + share(ram[c], totalRam);
    }
    // A machine holds at most min(cpu share, ram share) of the total demand; a
    // resource nobody needs does not bind.
    const capacityShare = (s: number) => Math.min(
        totalCpu > 0 ? kindCpu[s] / totalCpu : Infinity,
        totalRam > 0 ? kindRam[s] / totalRam : Infinity);
    const costPerCapacity = Float64Array.from({ length: S }, (_, s) => {
        const cap = capacityShare(s);
        return cap === Infinity ? price[s] : cap > 0 ? price[s] / cap : Infinity;
    });
    const byCostPerCapacity = Int32Array.from([...Array(S).keys()].sort((a, b) => costPerCapacity[a] - costPerCapacity[b] || a - b));
    return {
        space, C, S, cpu, ram, price, count, kindCpu, kindRam, kindGpu,
        stepRamGpu: Float64Array.from(space.stepRamGpuMB),
        stepRamCpu: Float64Array.from(space.stepRamCpuMB),
        needsGpu: Uint8Array.from(space.needsGpu, n => (n ? 1 : 0)),
        candStart, cand: Int32Array.from(list), byCostPerCapacity, size,
        anyStepRam: space.stepRamGpuMB.some(r => r > 0) || space.stepRamCpuMB.some(r => r > 0)
    };
}
