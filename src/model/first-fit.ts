/**
 * The `first-fit` baseline of semantics.md: each component, in file order,
 * gets one instance on the first machine (server kinds in file order, then
 * machine index) with room for its idle load and its steps' RAM and, when one
 * of its steps has GPU work, a GPU. Blind to load, price and speed.
 *
 * The allocation language places instances on server kinds, not on machines,
 * so the result is one line `C on KIND x 1` per component; the simulator then
 * spreads it like any allocation (docs/semantics.md explains the choice).
 */
import type { AllocationDef, Model } from './types.js';

export interface FirstFitResult {
    allocation: AllocationDef;
    /** Components that fit on no machine, with the reason. */
    unplaced: { component: string; reason: string }[];
}

export function firstFit(model: Model): FirstFitResult {
    const machines = model.servers.flatMap(server =>
        Array.from({ length: server.count }, () => ({ server, idleCpuGHz: 0, idleRamMB: 0 })));
    const placements: AllocationDef['placements'] = [];
    const unplaced: FirstFitResult['unplaced'] = [];
    for (const component of model.components) {
        const steps = model.steps.filter(s => s.component === component.name);
        const stepRamMB = Math.max(0, ...steps.map(s => s.ramMB));
        const needsGpu = steps.some(s => s.gpuWorkTOPSSeconds !== null);
        const machine = machines.find(m =>
            m.idleCpuGHz + component.idleCpuGHz < m.server.cpuGHz
            && m.idleRamMB + component.idleRamMB < m.server.ramMB
            && m.idleRamMB + component.idleRamMB + stepRamMB <= m.server.ramMB
            && (!needsGpu || m.server.gpuTOPS > 0));
        if (!machine) {
            unplaced.push({
                component: component.name,
                reason: `no machine has room for idle CPU ${component.idleCpuGHz} GHz, idle RAM ${component.idleRamMB} MB`
                    + (stepRamMB > 0 ? ` plus step RAM ${stepRamMB} MB` : '') + (needsGpu ? ' and a GPU' : '')
            });
            continue;
        }
        machine.idleCpuGHz += component.idleCpuGHz;
        machine.idleRamMB += component.idleRamMB;
        placements.push({ component: component.name, server: machine.server.name, instances: 1, permanent: false });
    }
    return { allocation: { name: 'first-fit', placements, limits: {} }, unplaced };
}
