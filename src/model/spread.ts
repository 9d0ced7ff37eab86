/**
 * From an allocation to machines: the spreading rule of semantics.md and the
 * static (per machine) constraints. Pure.
 */
import type { AllocationDef, Model, ServerKind } from './types.js';
import { componentNeeds, idleOverloads, machinesOf, MachineSpread, stepRamOn } from './placement-rules.js';

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
 * Spreads the instances of an allocation over the machines of each kind with
 * the rule of placement-rules.ts (MachineSpread): each instance, in the order
 * the allocation lists them, goes to the machine of its kind with the fewest
 * instances so far; ties go to the most free idle CPU, then the lowest index.
 * Machines are returned per kind in file order.
 * Throws a RangeError when !canSpread(model, allocation).
 */
export function spreadAllocation(model: Model, allocation: AllocationDef): Machine[] {
    if (!canSpread(model, allocation)) {
        throw new RangeError(`cannot spread allocation ${allocation.name}: a machine or instance count is above ${MAX_SPREAD_COUNT}`);
    }
    const componentByName = new Map(model.components.map(c => [c.name, c]));
    const kinds = new Map<string, { server: ServerKind; machines: Machine[]; spread: MachineSpread }>();
    for (const server of model.servers) {
        const count = machinesOf(server);
        kinds.set(server.name, {
            server,
            machines: Array.from({ length: count }, (_, index) => ({ server: server.name, index, instances: [], idleCpuGHz: 0, idleRamMB: 0 })),
            spread: new MachineSpread(count)
        });
    }
    allocation.placements.forEach((placement, placementIndex) => {
        const kind = kinds.get(placement.server);
        const component = componentByName.get(placement.component);
        if (!kind || kind.machines.length === 0 || !component) {
            return;
        }
        const stepRam = stepRamOn(componentNeeds(model, component.name), kind.server);
        const permanent = placement.permanent || component.permanent;
        for (let i = 0; i < placement.instances; i++) {
            const m = kind.spread.add(component.idleCpuGHz, component.idleRamMB, stepRam);
            kind.machines[m].instances.push({ component: placement.component, permanent, placement: placementIndex });
        }
    });
    return model.servers.flatMap(s => {
        const kind = kinds.get(s.name)!;
        // A name declared twice (an invalid model): the last declaration's machines, once.
        if (kind.server !== s) {
            return [];
        }
        for (const machine of kind.machines) {
            machine.idleCpuGHz = kind.spread.idleCpuGHz[machine.index];
            machine.idleRamMB = kind.spread.idleRamMB[machine.index];
        }
        return kind.machines;
    });
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
        for (const resource of idleOverloads(server, machine.idleCpuGHz, machine.idleRamMB)) {
            overloads.push(resource === 'cpu'
                ? { server: server.name, machine: machine.index, resource, used: machine.idleCpuGHz, capacity: server.cpuGHz, placements }
                : { server: server.name, machine: machine.index, resource, used: machine.idleRamMB, capacity: server.ramMB, placements });
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
