/**
 * One allocation laid out on machines (the spreading rule of semantics.md, via
 * src/model/spread.ts) as flat typed arrays for the engine, and the checks that
 * make an allocation impossible to simulate (SimulationInputError).
 */
import type { AllocationDef } from '../model/types.js';
import { findOverloads, spreadAllocation } from '../model/spread.js';
import type { PreparedModel } from './prepared.js';
import { SimulationInputError } from './errors.js';

export { SimulationInputError };

export interface Layout {
    machineCount: number;
    /** Server kind of each machine (all machines of all kinds, kinds in file order). */
    machineKind: Int32Array;
    cpuGHz: Float64Array;
    gpuTOPS: Float64Array;
    ramMB: Float64Array;
    netInMbps: Float64Array; // +Infinity: unlimited
    netOutMbps: Float64Array;
    pricePerSecond: Float64Array;
    /** Idle RAM of all instances placed on the machine: reserved whether they are up or not. */
    reservedIdleRamMB: Float64Array;
    machineFirst: Int32Array; // instances of machine m: machineInstances[machineFirst[m] .. machineFirst[m+1])
    machineInstances: Int32Array;
    instanceCount: number;
    instanceMachine: Int32Array;
    instanceComponent: Int32Array;
    instancePermanent: Uint8Array;
    instanceHasGpu: Uint8Array;
    componentFirst: Int32Array; // instances of component c in allocation order
    componentInstances: Int32Array;
    /** Components with at least one instance on machine m (for re-dispatch when its RAM frees). */
    machineComponentsFirst: Int32Array;
    machineComponents: Int32Array;
    /** k of each chain position: min(threads, limit, eligible instances). */
    split: Int32Array;
}

/** Largest number of machines (all kinds) and of instances (all lines) the simulator accepts. */
export const MAX_MACHINES = 1_000_000;
export const MAX_INSTANCES = 1_000_000;

export function layoutAllocation(prep: PreparedModel, allocation: AllocationDef): Layout {
    const model = prep.model;
    const problems: string[] = [];
    for (const p of allocation.placements) {
        if (!prep.componentIndex.has(p.component)) { problems.push(`unknown component '${p.component}'`); }
        if (!prep.serverIndex.has(p.server)) { problems.push(`unknown server '${p.server}'`); }
        if (!Number.isInteger(p.instances) || p.instances < 1) {
            problems.push(`${p.component} on ${p.server}: instances must be a whole number >= 1, got ${p.instances}`);
        }
    }
    for (const [step, limit] of Object.entries(allocation.limits)) {
        if (!prep.stepIndexByName.has(step)) { problems.push(`limit of unknown step '${step}'`); }
        if (!Number.isInteger(limit) || limit < 1) { problems.push(`limit of step ${step} must be a whole number >= 1, got ${limit}`); }
    }
    // Spreading and the engine hold one record per machine and per instance: refuse sizes that would exhaust memory.
    const machineTotal = model.servers.reduce((sum, x) => sum + x.count, 0);
    const instanceTotal = allocation.placements.reduce((sum, x) => sum + x.instances, 0);
    if (!(machineTotal <= MAX_MACHINES)) { problems.push(`the model has ${machineTotal} machines; at most ${MAX_MACHINES} can be simulated`); }
    if (!(instanceTotal <= MAX_INSTANCES)) { problems.push(`the allocation places ${instanceTotal} instances; at most ${MAX_INSTANCES} can be simulated`); }
    if (problems.length > 0) { throw new SimulationInputError(problems.join('; ')); }

    const machines = spreadAllocation(model, allocation);
    for (const o of findOverloads(model, machines)) {
        problems.push(`${o.server} machine ${o.machine + 1}: idle ${o.resource === 'cpu' ? 'CPU' : 'RAM'} of its instances `
            + `${round(o.used)} ${o.resource === 'cpu' ? 'GHz' : 'MB'} is not below its capacity ${round(o.capacity)}`);
    }
    const M = machines.length;
    const layout: Layout = {
        machineCount: M,
        ...machineArrays(prep, machines),
        reservedIdleRamMB: Float64Array.from(machines, m => m.idleRamMB),
        machineFirst: new Int32Array(M + 1),
        machineInstances: new Int32Array(0),
        instanceCount: 0,
        instanceMachine: new Int32Array(0),
        instanceComponent: new Int32Array(0),
        instancePermanent: new Uint8Array(0),
        instanceHasGpu: new Uint8Array(0),
        componentFirst: new Int32Array(prep.componentCount + 1),
        componentInstances: new Int32Array(0),
        machineComponentsFirst: new Int32Array(M + 1),
        machineComponents: new Int32Array(0),
        split: new Int32Array(prep.positionCount)
    };
    // Instances are numbered in allocation order: (placement line, then instance), which is the dispatch preference.
    const flat: { machine: number; component: number; permanent: boolean; placement: number }[] = [];
    machines.forEach((m, mi) => m.instances.forEach(inst => flat.push({
        machine: mi, component: prep.componentIndex.get(inst.component)!, permanent: inst.permanent, placement: inst.placement
    })));
    const order = flat.map((_, i) => i).sort((a, b) => flat[a].placement - flat[b].placement || a - b);
    const instances = order.map(i => flat[i]);
    const I = instances.length;
    layout.instanceCount = I;
    layout.instanceMachine = Int32Array.from(instances, x => x.machine);
    layout.instanceComponent = Int32Array.from(instances, x => x.component);
    layout.instancePermanent = Uint8Array.from(instances, x => (x.permanent ? 1 : 0));
    layout.instanceHasGpu = Uint8Array.from(instances, x => (layout.gpuTOPS[x.machine] > 0 ? 1 : 0));
    const byMachine = groupIndices(M, instances.map(x => x.machine));
    layout.machineFirst = byMachine.first;
    layout.machineInstances = byMachine.items;
    const byComponent = groupIndices(prep.componentCount, instances.map(x => x.component));
    layout.componentFirst = byComponent.first;
    layout.componentInstances = byComponent.items;
    const pairs: number[][] = Array.from({ length: M }, () => []);
    for (const x of instances) {
        if (!pairs[x.machine].includes(x.component)) { pairs[x.machine].push(x.component); }
    }
    layout.machineComponentsFirst = new Int32Array(M + 1);
    for (let m = 0; m < M; m++) { layout.machineComponentsFirst[m + 1] = layout.machineComponentsFirst[m] + pairs[m].length; }
    layout.machineComponents = Int32Array.from(pairs.flat());

    // Split counts and the reachability of every step.
    for (let q = 0; q < prep.positionCount; q++) {
        const step = model.steps[prep.stepIndex[q]];
        const c = prep.component[q];
        let eligible = 0;
        let fits = 0;
        for (let k = byComponent.first[c]; k < byComponent.first[c + 1]; k++) {
            const i = byComponent.items[k];
            if (prep.needsGpu[q] && !layout.instanceHasGpu[i]) { continue; }
            eligible++;
            const m = layout.instanceMachine[i];
            if (layout.reservedIdleRamMB[m] + prep.ramMB[q] <= layout.ramMB[m]) { fits++; }
        }
        if (eligible === 0) {
            problems.push(prep.needsGpu[q]
                ? `step ${step.name} has GPU work but component ${step.component} has no instance on a server with a GPU`
                : `component ${step.component} (step ${step.name}) has no instance`);
        } else if (fits === 0) {
            problems.push(`step ${step.name} needs ${round(prep.ramMB[q])} MB of RAM, but no machine holding an instance of `
                + `${step.component} has that much left beside the idle RAM of its instances`);
        }
        const limit = allocation.limits[step.name] ?? Infinity;
        layout.split[q] = Math.max(1, Math.min(prep.threads[q], limit, eligible));
    }
    if (problems.length > 0) { throw new SimulationInputError(problems.join('; ')); }
    return layout;
}

type MachineArrays = Pick<Layout, 'machineKind' | 'cpuGHz' | 'gpuTOPS' | 'ramMB' | 'netInMbps' | 'netOutMbps' | 'pricePerSecond'>;
const machineArraysOf = new WeakMap<PreparedModel, MachineArrays>();

/**
 * Kind, capacities and price of every machine: the same for every allocation of a model (the
 * spreading lists all machines of all kinds), so made once per prepared model and shared by its
 * layouts, which only read them (the analytic estimate lays out thousands of allocations).
 */
function machineArrays(prep: PreparedModel, machines: readonly { server: string }[]): MachineArrays {
    const known = machineArraysOf.get(prep);
    if (known && known.machineKind.length === machines.length) {
        return known;
    }
    const kindOf = machines.map(m => prep.serverIndex.get(m.server)!);
    const servers = prep.model.servers;
    const arrays: MachineArrays = {
        machineKind: Int32Array.from(kindOf),
        cpuGHz: Float64Array.from(kindOf, k => servers[k].cpuGHz),
        gpuTOPS: Float64Array.from(kindOf, k => servers[k].gpuTOPS),
        ramMB: Float64Array.from(kindOf, k => servers[k].ramMB),
        netInMbps: Float64Array.from(kindOf, k => servers[k].netInMbps ?? Infinity),
        netOutMbps: Float64Array.from(kindOf, k => servers[k].netOutMbps ?? Infinity),
        pricePerSecond: Float64Array.from(kindOf, k => servers[k].pricePerSecond)
    };
    machineArraysOf.set(prep, arrays);
    return arrays;
}

function groupIndices(groups: number, keyOf: number[]): { first: Int32Array; items: Int32Array } {
    const first = new Int32Array(groups + 1);
    for (const k of keyOf) { first[k + 1]++; }
    for (let g = 0; g < groups; g++) { first[g + 1] += first[g]; }
    const fill = first.slice(0, groups);
    const items = new Int32Array(keyOf.length);
    keyOf.forEach((k, i) => { items[fill[k]++] = i; });
    return { first, items };
}

function round(x: number): number {
    return Math.round(x * 1000) / 1000;
}
