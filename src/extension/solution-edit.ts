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

/** The `system NAME` the text declares (comments skipped), or undefined. */
export function declaredSystem(text: string): string | undefined {
    const code = text.replace(/\/\*[\s\S]*?(\*\/|$)/g, ' ').replace(/\/\/[^\n]*/g, ' ');
    return /(?:^|\s)system\s+([A-Za-z_][A-Za-z0-9_]*)/.exec(code)?.[1];
}

/**
 * Why Apply must not write solutions of `result` into the file at `path`
 * (shown to the user as `shown`), or undefined when it may. After a window
 * reload the file comes from the view's saved state, so it is checked: a
 * .mlops file that declares the result's system.
 */
export function applyRefusal(path: string, shown: string, text: string | undefined, result: Pick<OptimizationResult, 'system'>): string | undefined {
    if (!path.toLowerCase().endsWith('.mlops')) {
        return `This result names ${shown}, which is not a .mlops file; nothing was written. Run the optimization again from the model file.`;
    }
    if (text === undefined) {
        return undefined;
    }
    const system = declaredSystem(text);
    if (system !== result.system) {
        return `${shown} ${system ? `declares system ${system}` : 'declares no system'}, but this result is for system ${result.system}; nothing was written.`;
    }
    return undefined;
}

/** The confirmation asked before writing into a file that may have changed since the run; it names the file. */
export function applyQuestion(shown: string, index: number, afterReload: boolean): string {
    const why = afterReload
        ? 'The optimization ran before the window was reloaded; the file may have changed since.'
        : 'The file changed since the optimization started.';
    return `${why} Write solution ${index + 1} into ${shown} as allocation ${APPLIED_ALLOCATION_NAME} anyway?`;
}
