/**
 * Conversions between the allocation forms: the file's ordered lines
 * (AllocationDef) and the seed paper's matrix (AllocationMatrix, the JSON of
 * cli.md), plus the text of an `allocation` block. Pure.
 */
import type { AllocationDef, AllocationMatrix, Model } from './types.js';

/** Matrix of an allocation (instances summed per component and server kind). */
export function toMatrix(allocation: AllocationDef): AllocationMatrix {
    const instances: Record<string, Record<string, number>> = {};
    const permanent: Record<string, string[]> = {};
    for (const p of allocation.placements) {
        const row = instances[p.component] ??= {};
        row[p.server] = (row[p.server] ?? 0) + p.instances;
        if (p.permanent) {
            const list = permanent[p.component] ??= [];
            if (!list.includes(p.server)) {
                list.push(p.server);
            }
        }
    }
    return { instances, permanent, limits: { ...allocation.limits } };
}

/**
 * An allocation from a matrix, lines in canonical order: components in file
 * order, then server kinds in file order; cells with 0 instances are left out.
 */
export function fromMatrix(model: Model, matrix: AllocationMatrix, name = 'optimized'): AllocationDef {
    const placements: AllocationDef['placements'] = [];
    for (const component of model.components) {
        const row = matrix.instances[component.name] ?? {};
        for (const server of model.servers) {
            const count = row[server.name] ?? 0;
            if (count > 0) {
                placements.push({
                    component: component.name,
                    server: server.name,
                    instances: count,
                    permanent: (matrix.permanent[component.name] ?? []).includes(server.name)
                });
            }
        }
    }
    const limits: Record<string, number> = {};
    for (const step of model.steps) {
        if (matrix.limits[step.name] !== undefined) {
            limits[step.name] = matrix.limits[step.name];
        }
    }
    return { name, placements, limits };
}

/** The text of an `allocation NAME { ... }` block, formatted like the formatter does. */
export function allocationToText(allocation: AllocationDef, indent = '    '): string {
    const width = Math.max(0, ...allocation.placements.map(p => p.component.length));
    const lines = allocation.placements.map(p =>
        `${indent}${p.component.padEnd(width)} on ${p.server} x ${p.instances}${p.permanent ? ' permanent' : ''}`);
    for (const [step, limit] of Object.entries(allocation.limits)) {
        lines.push(`${indent}limit ${step} to ${limit}`);
    }
    return `allocation ${allocation.name} {\n${lines.join('\n')}\n}`;
}
