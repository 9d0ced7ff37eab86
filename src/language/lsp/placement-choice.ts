/**
 * For the "missing instance" quick fix: the server kinds on which one more
 * instance of a component fits in an allocation, best first. Pure (plain
 * model in, names out).
 *
 * A kind fits when one of its machines can hold the component at all and has
 * a GPU when one of its steps needs one (src/model/placement-rules.ts, the
 * rule of first-fit and the optimizer) and adding `C on KIND x 1` to the
 * allocation overloads no machine (spread.ts). Kinds keep file order, as in
 * first-fit.
 */
import type { Model } from '../../model/types.js';
import { canSpread, findOverloads, spreadAllocation } from '../../model/spread.js';
import { componentNeeds, fitsOn, hasGpu } from '../../model/placement-rules.js';

export function serversThatFit(model: Model, allocationName: string, componentName: string): string[] {
    const allocation = model.allocations.find(a => a.name === allocationName);
    const component = model.components.find(c => c.name === componentName);
    // A model built from a document with errors may hold counts no machine list can have.
    if (!allocation || !component || !canSpread(model, allocation)) {
        return [];
    }
    const needsGpu = componentNeeds(model, component.name).needsGpu;
    const overloadsBefore = findOverloads(model, spreadAllocation(model, allocation)).length;
    return model.servers.filter(server => {
        if ((needsGpu && !hasGpu(server)) || !fitsOn(model, component, server)) {
            return false;
        }
        const extended = {
            ...allocation,
            placements: [...allocation.placements, { component: component.name, server: server.name, instances: 1, permanent: false }]
        };
        return findOverloads(model, spreadAllocation(model, extended)).length <= overloadsBefore;
    }).map(server => server.name);
}
