/**
 * For the quick fix of `gpu-step-no-gpu-instance`: the server kinds with a
 * GPU an allocation line can move to, best first. A kind qualifies when the
 * component fits on its machines (analysis.ts: eligibleServers); it fits when,
 * with the line moved there, no machine holding its instances is over
 * capacity (spread.ts). Kinds keep file order; those where the moved line
 * would not fit come last. (The component has no line on a GPU kind, else
 * there would be no diagnostic, so the line itself moves.) Pure.
 */
import type { AllocationDef, Model } from '../../model/types.js';
import { eligibleServers } from '../../model/analysis.js';
import { canSpread, findOverloads, spreadAllocation } from '../../model/spread.js';

export interface GpuMoveTarget {
    server: string;
    /** False when the moved instances overload a machine of the kind (the fix is still offered, last). */
    fits: boolean;
}

export function gpuMoveTargets(model: Model, allocationName: string, index: number): GpuMoveTarget[] {
    const allocation = model.allocations.find(a => a.name === allocationName);
    const line = allocation?.placements[index];
    const component = line ? model.components.find(c => c.name === line.component) : undefined;
    if (!allocation || !line || !component || !canSpread(model, allocation)) {
        return [];
    }
    const targets = eligibleServers(model, component)
        .filter(s => s.gpuTOPS > 0 && s.name !== line.server)
        .map(server => {
            const moved: AllocationDef = { ...allocation, placements: allocation.placements.map((p, i) => (i === index ? { ...p, server: server.name } : p)) };
            const fits = !findOverloads(model, spreadAllocation(model, moved)).some(o => o.placements.includes(index));
            return { server: server.name, fits };
        });
    return [...targets.filter(t => t.fits), ...targets.filter(t => !t.fits)];
}
