/**
 * The fit rule as the packing pieces use it: placement-rules.ts's
 * `machineHolds` on one machine, and its `MachineSpread` (the one spreading
 * implementation, which the simulator and the optimizer's validity check
 * run too) for a kind's whole column. Nothing here decides anything.
 */
import { MachineSpread, machineHolds, machinesOf } from '../../model/placement-rules.js';
import type { PackingProblem } from './problem.js';
import { stepRamOf } from './problem.js';

/** One machine of kind s with these sums. */
export function machineFits(p: PackingProblem, s: number, cpuGHz: number, ramMB: number, stepRamMB: number): boolean {
    return machineHolds(p.space.model.servers[s], cpuGHz, ramMB, stepRamMB);
}

/**
 * Do the machines of kind s hold these instances (component indices,
 * ascending, repeated per instance: the optimizer's canonical line order)?
 */
export function kindHolds(p: PackingProblem, s: number, components: ArrayLike<number>): boolean {
    if (components.length === 0) {
        return true;
    }
    const server = p.space.model.servers[s];
    const machines = machinesOf(server);
    if (machines === 0) {
        return false;
    }
    const spread = new MachineSpread(machines);
    for (let k = 0; k < components.length; k++) {
        const c = components[k];
        spread.add(p.cpu[c], p.ram[c], stepRamOf(p, c, s));
    }
    return spread.holds(server);
}
