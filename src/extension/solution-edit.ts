/**
 * Apply: the edit that writes a solution of a result into the .mlops text as
 * `allocation optimized`. Pure; the text edit itself is the one shared with
 * `mlops optimize --write` (src/model/allocation-edit.ts).
 */
import { upsertAllocationEdit, type TextEdit } from '../model/allocation-edit.js';
import type { AllocationDef, AllocationMatrix } from '../model/types.js';
import type { OptimizationResult } from '../opt/api.js';

export const APPLIED_ALLOCATION_NAME = 'optimized';

/**
 * The allocation lines of a matrix in canonical order (components, then
 * server kinds, in the order of the result, which is the file's order);
 * names the result does not list follow in the matrix's order.
 */
export function allocationOfSolution(result: Pick<OptimizationResult, 'components' | 'servers' | 'steps'>, matrix: AllocationMatrix,
    name = APPLIED_ALLOCATION_NAME): AllocationDef {
    const ordered = (known: string[], present: string[]) => [...known.filter(n => present.includes(n)), ...present.filter(n => !known.includes(n))];
    const placements: AllocationDef['placements'] = [];
    for (const component of ordered(result.components, Object.keys(matrix.instances))) {
        const row = matrix.instances[component] ?? {};
        for (const server of ordered(result.servers, Object.keys(row))) {
            const instances = row[server] ?? 0;
            if (instances > 0) {
                placements.push({ component, server, instances, permanent: (matrix.permanent[component] ?? []).includes(server) });
            }
        }
    }
    const limits: Record<string, number> = {};
    for (const step of ordered(result.steps, Object.keys(matrix.limits))) {
        limits[step] = matrix.limits[step];
    }
    return { name, placements, limits };
}

/** The edit that writes solution `index` of `result` into `text`. */
export function solutionEdit(text: string, result: OptimizationResult, index: number): TextEdit {
    const solution = result.front[index];
    if (!solution) {
        throw new RangeError(`there is no solution ${index + 1} on the front (it has ${result.front.length})`);
    }
    return upsertAllocationEdit(text, allocationOfSolution(result, solution.allocation));
}
