/**
 * What the Pareto chart can plot: the four criteria, and for each process its
 * p95 and its share of runs over the deadline (from the solution's details).
 * A weighted mean time dominated by a slow process hides whether a fast one
 * meets its deadline; plotting that process's own figures shows it. Pure: no DOM.
 */
import { OBJECTIVE_KEYS, type ObjectiveKey } from '../model/types.js';
import type { OptimizationResult, Solution } from '../opt/api.js';
import { criterionTitle, displayName } from './format.js';
import { overShare } from './service-levels-data.js';

/** A criterion, `p95:<process>` or `over:<process>` (share of runs over the deadline). */
export type AxisKey = ObjectiveKey | `p95:${string}` | `over:${string}`;

export interface AxisOption {
    key: AxisKey;
    title: string;
}

const PROCESS_AXIS = /^(p95|over):(.+)$/s;

/** The key when `v` has the shape of one (the process may not exist in the result: see axisOrDefault). */
export function parseAxisKey(v: unknown): AxisKey | undefined {
    if (typeof v !== 'string') {
        return undefined;
    }
    return (OBJECTIVE_KEYS as readonly string[]).includes(v) || PROCESS_AXIS.test(v) ? v as AxisKey : undefined;
}

/** The processes of the result in the simulator's order, from the first solution with details. */
export function resultProcesses(result: OptimizationResult): { name: string; deadline: number | null }[] {
    const withDetails = [...result.front, ...result.baselines].find(s => s.details);
    return withDetails?.details?.processes.map(p => ({ name: p.name, deadline: p.deadline })) ?? [];
}

/** The criteria, then each process's p95 and (with a deadline) its share over the deadline. */
export function axisOptions(result: OptimizationResult): AxisOption[] {
    const options: AxisOption[] = OBJECTIVE_KEYS.map(key => ({ key, title: criterionTitle(key, result.currency) }));
    for (const p of resultProcesses(result)) {
        const name = displayName(result, p.name);
        options.push({ key: `p95:${p.name}`, title: `${name}: p95 (s)` });
        if (p.deadline !== null) {
            options.push({ key: `over:${p.name}`, title: `${name}: runs over deadline (%)` });
        }
    }
    return options;
}

/** `key` when the result offers it, else `fallback` (a saved key may name a process this result has not). */
export function axisOrDefault(result: OptimizationResult, key: AxisKey, fallback: ObjectiveKey): AxisKey {
    return axisOptions(result).some(o => o.key === key) ? key : fallback;
}

/**
 * The value of `solution` on axis `key`; undefined when a process axis has no
 * figure for it (no details: still running, or not simulated; or no runs).
 */
export function axisValue(solution: Solution, key: AxisKey): number | undefined {
    const match = PROCESS_AXIS.exec(key);
    if (!match) {
        return solution.objectives[key as ObjectiveKey];
    }
    const stats = solution.details?.processes.find(p => p.name === match[2]);
    if (!stats) {
        return undefined;
    }
    const value = match[1] === 'p95' ? stats.p95 : 100 * overShare(stats);
    return Number.isFinite(value) ? value : undefined;
}

export function axisTitle(result: OptimizationResult, key: AxisKey): string {
    return axisOptions(result).find(o => o.key === key)?.title ?? key;
}
