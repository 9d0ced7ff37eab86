/**
 * From an allocation to machines: the spreading rule of semantics.md and the
 * static (per machine) constraints. Pure.
 */
import type { AllocationDef, Model } from './types.js';

export interface PlacedInstance {
    component: string;
    permanent: boolean;
    /** Index of the allocation line that placed it. */
    placement: number;
}

export interface Machine {
    server: string;
    /** Index among the machines of its kind, 0-based. */
    index: number;
    instances: PlacedInstance[];
    idleCpuGHz: number;
    idleRamMB: number;
}

/**
 * Largest machine count of a server kind and instance count of one allocation
 * line that can be spread: one record per machine and instance (validation
 * rejects larger counts with invalid-number: element-checks.ts).
 */
export const MAX_SPREAD_COUNT = 10_000;

/** Only counts above the limit (infinite ones included) cannot be spread; see canSpread. */
const spreadable = (n: number) => !(n > MAX_SPREAD_COUNT);

/**
 * Whether spreadAllocation can take `allocation`: no machine count and no
 * instance count above MAX_SPREAD_COUNT (spreading those would exhaust memory
 * or never end). A validated model always can; one built from a document with
 * errors (for a check, a hover or a quick fix) may not. Other invalid counts
 * (fractional, negative, missing) are spread as far as they go: no machine
 * for a count below 1, no instance for a missing one; validation reports them.
 */
export function canSpread(model: Model, allocation: AllocationDef): boolean {
    return model.servers.every(s => spreadable(s.count)) && allocation.placements.every(p => spreadable(p.instances));
}

/**
 * Spreads the instances of an allocation over the machines of each kind: each
 * instance, in the order the allocation lists them, goes to the machine of its
 * kind with the fewest instances so far; ties go to the most free idle CPU,
 * then the lowest index. Machines are returned per kind in file order.
 * Throws a RangeError when !canSpread(model, allocation).
 */
export function spreadAllocation(model: Model, allocation: AllocationDef): Machine[] {
    if (!canSpread(model, allocation)) {
        throw new RangeError(`cannot spread allocation ${allocation.name}: a machine or instance count is above ${MAX_SPREAD_COUNT}`);
    }
    const componentByName = new Map(model.components.map(c => [c.name, c]));
    const machinesByKind = new Map<string, Machine[]>();
    for (const server of model.servers) {
        machinesByKind.set(server.name, Array.from({ length: server.count }, (_, index) => ({
            server: server.name, index, instances: [], idleCpuGHz: 0, idleRamMB: 0
        })));
    }
    const cpuOf = new Map(model.servers.map(s => [s.name, s.cpuGHz]));
    allocation.placements.forEach((placement, placementIndex) => {
        const machines = machinesByKind.get(placement.server);
        const component = componentByName.get(placement.component);
        if (!machines || machines.length === 0 || !component) {
            return;
        }
        const capacity = cpuOf.get(placement.server) ?? 0;
        for (let i = 0; i < placement.instances; i++) {
            let best = machines[0];
            for (const machine of machines) {
                if (machine.instances.length < best.instances.length
                    || (machine.instances.length === best.instances.length
                        && capacity - machine.idleCpuGHz > capacity - best.idleCpuGHz)) {
                    best = machine;
                }
            }
            best.instances.push({
                component: placement.component,
                permanent: placement.permanent || component.permanent,
                placement: placementIndex
            });
            best.idleCpuGHz += component.idleCpuGHz;
            best.idleRamMB += component.idleRamMB;
        }
    });
    return model.servers.flatMap(s => machinesByKind.get(s.name) ?? []);
}

export interface MachineOverload {
    server: string;
    machine: number;
    resource: 'cpu' | 'ram';
    /** Sum of the idle loads on the machine, in GHz or MB. */
    used: number;
    capacity: number;
    /** Allocation line indices of the instances on that machine. */
    placements: number[];
}

/** Machines whose idle CPU or idle RAM is not strictly below capacity. */
export function findOverloads(model: Model, machines: Machine[]): MachineOverload[] {
    const serverByName = new Map(model.servers.map(s => [s.name, s]));
    const overloads: MachineOverload[] = [];
    for (const machine of machines) {
        const server = serverByName.get(machine.server);
        if (!server || machine.instances.length === 0) {
            continue;
        }
        const placements = [...new Set(machine.instances.map(i => i.placement))];
        if (machine.idleCpuGHz >= server.cpuGHz) {
            overloads.push({ server: server.name, machine: machine.index, resource: 'cpu', used: machine.idleCpuGHz, capacity: server.cpuGHz, placements });
        }
        if (machine.idleRamMB >= server.ramMB) {
            overloads.push({ server: server.name, machine: machine.index, resource: 'ram', used: machine.idleRamMB, capacity: server.ramMB, placements });
        }
    }
    return overloads;
}

/** Total instances per component over all placements. */
export function instancesPerComponent(allocation: AllocationDef): Map<string, number> {
    const counts = new Map<string, number>();
    for (const p of allocation.placements) {
        counts.set(p.component, (counts.get(p.component) ?? 0) + p.instances);
    }
    return counts;
}
