/**
 * For the "missing instance" quick fix: the server kinds on which one more
 * instance of a component fits in an allocation, best first. Pure (plain
 * model in, names out).
 *
 * A kind fits when one of its machines can hold the component at all (idle
 * CPU and idle RAM strictly below capacity, idle RAM plus the largest RAM of
 * its steps within capacity, a GPU when one of its steps has GPU work — the
 * rule of first-fit.ts) and adding `C on KIND x 1` to the allocation
 * overloads no machine (spread.ts). Kinds keep file order, as in first-fit.
 */
import type { Model } from '../../model/types.js';
import { canSpread, findOverloads, spreadAllocation } from '../../model/spread.js';

export function serversThatFit(model: Model, allocationName: string, componentName: string): string[] {
    const allocation = model.allocations.find(a => a.name === allocationName);
    const component = model.components.find(c => c.name === componentName);
    // A model built from a document with errors may hold counts no machine list can have.
    if (!allocation || !component || !canSpread(model, allocation)) {
        return [];
    }
    const steps = model.steps.filter(s => s.component === component.name);
    const stepRamMB = Math.max(0, ...steps.map(s => s.ramMB));
    const needsGpu = steps.some(s => s.gpuWorkTOPSSeconds !== null);
    const overloadsBefore = findOverloads(model, spreadAllocation(model, allocation)).length;
    return model.servers.filter(server => {
        if (server.count < 1 || (needsGpu && server.gpuTOPS <= 0)
            || component.idleCpuGHz >= server.cpuGHz || component.idleRamMB >= server.ramMB
            || component.idleRamMB + stepRamMB > server.ramMB) {
            return false;
        }
        const extended = {
            ...allocation,
            placements: [...allocation.placements, { component: component.name, server: server.name, instances: 1, permanent: false }]
        };
        return findOverloads(model, spreadAllocation(model, extended)).length <= overloadsBefore;
    }).map(server => server.name);
}
