/**
 * Check 5, over capacity, as one finding per allocation line (not one per
 * machine: a line of 120 instances over 8 machines used to give 8 errors).
 * Each line that has instances on an overloaded machine gets the worst such
 * machine (the message names its server, sum and capacity), how many of its
 * kind's machines are overloaded, how many instances of the component fit on
 * one empty machine, and the largest count of this line that fits beside the
 * other lines — the value the quick fix writes. The spreading and the
 * capacity rule are those of src/model (spreadAllocation, findOverloads);
 * this only re-asks them for other counts.
 */
import type { AllocationDef, ComponentDef, Model, ServerKind } from '../../model/types.js';
import { findOverloads, MAX_SPREAD_COUNT, spreadAllocation, type Machine, type MachineOverload } from '../../model/spread.js';
import { idleOverloads } from '../../model/placement-rules.js';

export interface OverloadedLine {
    /** Index of the allocation line. */
    placement: number;
    /** The machine of this line's kind with the largest overload (used / capacity). */
    worst: MachineOverload;
    /** Overloaded machines that hold instances of this line. */
    machines: number;
    /** Instances of the component alone that fit on one empty machine of the kind (Infinity without idle load). */
    perMachine: number;
    /**
     * The largest instance count of this line for which no machine holding it
     * is overloaded (0: none fits); undefined beyond the first MAX_BISECTED
     * overloaded lines of an allocation (each costs a dozen spreadings).
     */
    largestFit?: number;
}

/** Overloaded lines per allocation that get a largest fit (and so a quick fix); the check runs while typing. */
export const MAX_BISECTED = 20;

/** The overloaded lines of an allocation whose machines are `machines` (spreadAllocation's result). */
export function overloadedLines(model: Model, allocation: AllocationDef, machines: Machine[]): OverloadedLine[] {
    const overloads = findOverloads(model, machines);
    const result: OverloadedLine[] = [];
    let bisected = 0;
    allocation.placements.forEach((placement, index) => {
        const mine = overloads.filter(o => o.placements.includes(index));
        if (mine.length === 0) {
            return;
        }
        const worst = mine.reduce((a, b) => (b.used / b.capacity > a.used / a.capacity ? b : a));
        const server = model.servers.find(s => s.name === placement.server);
        const component = model.components.find(c => c.name === placement.component);
        result.push({
            placement: index,
            worst,
            machines: new Set(mine.map(o => o.machine)).size,
            perMachine: server && component ? fitPerMachine(server, component) : 0,
            largestFit: bisected++ < MAX_BISECTED ? largestFit(model, allocation, index) : undefined
        });
    });
    return result;
}

/**
 * Instances of `component` that fit on one empty machine under the check's
 * rule (placement-rules.ts: idleOverloads), the loads summed one instance at a
 * time as spreading sums them; Infinity without idle load.
 */
export function fitPerMachine(server: ServerKind, component: ComponentDef): number {
    if (!(component.idleCpuGHz > 0) && !(component.idleRamMB > 0)) {
        return Infinity;
    }
    let n = 0;
    let cpu = 0;
    let ram = 0;
    while (n < MAX_SPREAD_COUNT && idleOverloads(server, cpu + component.idleCpuGHz, ram + component.idleRamMB).length === 0) {
        cpu += component.idleCpuGHz;
        ram += component.idleRamMB;
        n++;
    }
    return n;
}

/**
 * The largest count of line `index` (at most its current count) with no
 * overloaded machine holding it, the other lines unchanged, by bisection.
 * Fewer instances of a line load its machines less, except that the lines
 * after it may then spread differently; the count returned was checked to fit.
 */
export function largestFit(model: Model, allocation: AllocationDef, index: number): number {
    const fits = (n: number) => {
        const placements = allocation.placements.map((p, i) => (i === index ? { ...p, instances: n } : p));
        const machines = spreadAllocation(model, { ...allocation, placements });
        return !findOverloads(model, machines).some(o => o.placements.includes(index));
    };
    let low = 0;
    let high = allocation.placements[index].instances;
    if (fits(high)) {
        return high;
    }
    // Invariant: fits(low) (0 instances are on no machine), !fits(high).
    while (high - low > 1) {
        const mid = Math.floor((low + high) / 2);
        if (fits(mid)) {
            low = mid;
        } else {
            high = mid;
        }
    }
    return low;
}
