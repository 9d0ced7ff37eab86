/**
 * The `first-fit` baseline of semantics.md: each component, in file order,
 * gets one instance on the first server kind (file order) whose machine that
 * the spreading rule gives the new instance still holds it
 * (placement-rules.ts: idle loads strictly below capacity, idle RAM plus step
 * RAM within the RAM) and, when one of its steps needs a GPU, that has a GPU.
 * Blind to load, price and speed.
 *
 * The allocation language places instances on server kinds, not on machines,
 * so the result is one line `C on KIND x 1` per component. Choosing the
 * machine with the spreading rule itself (not "the first machine with room")
 * makes the baseline valid as written: the simulator spreads it the same way
 * (docs/semantics.md explains the choice).
 */
import { componentNeeds, hasGpu, machinesOf, MachineSpread, stepRamOn } from './placement-rules.js';
import type { AllocationDef, Model } from './types.js';

export interface FirstFitResult {
    allocation: AllocationDef;
    /** Components that fit on no machine, with the reason. */
    unplaced: { component: string; reason: string }[];
}

export function firstFit(model: Model): FirstFitResult {
    // One spread per kind, fed in line order (components in file order), as the simulator will spread the result.
    const spreads = model.servers.map(server => new MachineSpread(machinesOf(server)));
    const placements: AllocationDef['placements'] = [];
    const unplaced: FirstFitResult['unplaced'] = [];
    for (const component of model.components) {
        const needs = componentNeeds(model, component.name);
        const k = model.servers.findIndex((server, i) => {
            const m = spreads[i].next();
            return m >= 0 && (!needs.needsGpu || hasGpu(server))
                && spreads[i].holdsWith(server, m, component.idleCpuGHz, component.idleRamMB, stepRamOn(needs, server));
        });
        if (k < 0) {
            const stepRamMB = needs.stepRamGpuMB;
            unplaced.push({
                component: component.name,
                reason: `no machine that spreading gives it has room for idle CPU ${component.idleCpuGHz} GHz, idle RAM ${component.idleRamMB} MB`
                    + (stepRamMB > 0 ? ` plus step RAM ${stepRamMB} MB` : '') + (needs.needsGpu ? ' and a GPU' : '')
            });
            continue;
        }
        const server = model.servers[k];
        spreads[k].add(component.idleCpuGHz, component.idleRamMB, stepRamOn(needs, server));
        placements.push({ component: component.name, server: server.name, instances: 1, permanent: false });
    }
    return { allocation: { name: 'first-fit', placements, limits: {} }, unplaced };
}
