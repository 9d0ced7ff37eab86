/**
 * What each of a solution's largest changes against a reference allocation
 * (usually `current`, src/model/allocation-diff.ts) did to the processes it
 * serves (issue 13 item 3, docs/semantics.md "What a change did"): the
 * solution is simulated as it is and with that one change undone, both with
 * the same settings and seed (the same random streams, so the difference is
 * the change's, not noise of different samples). Pure: no vscode, no Langium.
 */
import { diffAllocations, type ComponentChange, type LimitChange, type PermanentChange } from '../../model/allocation-diff.js';
import { fromMatrix } from '../../model/allocation.js';
import type { AllocationMatrix, Model, Objectives } from '../../model/types.js';
import { createSimulator, SimulationInputError, type ProcessStats, type SimulationSettings } from '../../sim/index.js';

export type Change =
    | ({ kind: 'component' } & ComponentChange)
    | ({ kind: 'permanent' } & PermanentChange)
    | ({ kind: 'limit' } & LimitChange);

/** A process served by a change: its figures with the change (the solution) and without it. */
export interface ProcessEffect {
    process: string;
    deadline: number | null;
    with: ProcessFigures;
    without: ProcessFigures;
}

export interface ProcessFigures {
    mean: number;
    p95: number;
    /** Share of runs over the deadline (NaN without a deadline or runs). */
    overShare: number;
}

export interface ChangeEffect {
    change: Change;
    /** Processes with a step on the changed component (or the limited step), in file order. */
    processes: ProcessEffect[];
    /** The four criteria with and without the change. */
    objectives: { with: Objectives; without: Objectives } | null;
    /** Why the solution without this change cannot be simulated (e.g. it no longer fits), else absent. */
    refused?: string;
}

export interface ChangeEffectsOptions {
    /** At most this many component changes, permanent flags and limits each (default 3, 3, 2). */
    components?: number;
    permanent?: number;
    limits?: number;
    /** Called after each simulation with (done, total). */
    onProgress?: (done: number, total: number) => void;
    cancelled?: () => boolean;
}

/** The largest changes of `solution` against `reference`, each with its effect; [] when they are the same. */
export function changeEffects(model: Model, settings: SimulationSettings, reference: AllocationMatrix, solution: AllocationMatrix,
    options: ChangeEffectsOptions = {}): ChangeEffect[] {
    const diff = diffAllocations(reference, solution);
    const changes: Change[] = [
        ...diff.components.slice(0, options.components ?? 3).map(c => ({ kind: 'component' as const, ...c })),
        ...diff.permanent.slice(0, options.permanent ?? 3).map(p => ({ kind: 'permanent' as const, ...p })),
        ...diff.limits.slice(0, options.limits ?? 2).map(l => ({ kind: 'limit' as const, ...l }))
    ];
    if (changes.length === 0) { return []; }
    const simulator = createSimulator(model, settings);
    const total = changes.length + 1;
    const run = (matrix: AllocationMatrix) => {
        if (options.cancelled?.()) { throw new Error('cancelled'); }
        return simulator.simulate(fromMatrix(model, matrix, 'explained'), { timeParts: false });
    };
    const withAll = run(solution);
    options.onProgress?.(1, total);
    return changes.map((change, i) => {
        const served = servedProcesses(model, change);
        let effect: ChangeEffect;
        try {
            const without = run(undo(solution, reference, change));
            effect = {
                change,
                processes: served.map(name => ({
                    process: name,
                    deadline: stats(withAll.processes, name).deadline,
                    with: figures(stats(withAll.processes, name)),
                    without: figures(stats(without.processes, name))
                })),
                objectives: { with: withAll.objectives, without: without.objectives }
            };
        } catch (error) {
            if (!(error instanceof SimulationInputError)) { throw error; }
            effect = { change, processes: [], objectives: null, refused: error.message };
        }
        options.onProgress?.(i + 2, total);
        return effect;
    });
}

/** `solution` with one change set back to `reference`. */
export function undo(solution: AllocationMatrix, reference: AllocationMatrix, change: Change): AllocationMatrix {
    const instances = { ...solution.instances };
    const permanent = { ...solution.permanent };
    const limits = { ...solution.limits };
    switch (change.kind) {
        case 'component': {
            const c = change.component;
            const before = reference.instances[c];
            if (before) { instances[c] = { ...before }; } else { delete instances[c]; }
            // Permanent flags stay the solution's where it had instances, the reference's where only the reference had.
            const kinds = Object.keys(instances[c] ?? {});
            const mine = (solution.permanent[c] ?? []).filter(s => kinds.includes(s) && (solution.instances[c]?.[s] ?? 0) > 0);
            const theirs = (reference.permanent[c] ?? []).filter(s => kinds.includes(s) && !((solution.instances[c]?.[s] ?? 0) > 0));
            permanent[c] = [...mine, ...theirs];
            break;
        }
        case 'permanent': {
            const list = (solution.permanent[change.component] ?? []).filter(s => s !== change.server);
            permanent[change.component] = change.permanent ? list : [...list, change.server];
            break;
        }
        case 'limit':
            if (change.before === null) { delete limits[change.step]; } else { limits[change.step] = change.before; }
            break;
    }
    return { instances, permanent, limits };
}

/** The processes a change can affect directly: those with a step on its component, or the limited step. */
export function servedProcesses(model: Model, change: Change): string[] {
    const steps = change.kind === 'limit'
        ? new Set([change.step])
        : new Set(model.steps.filter(s => s.component === change.component).map(s => s.name));
    return model.processes.filter(p => p.steps.some(s => steps.has(s))).map(p => p.name);
}

function stats(processes: ProcessStats[], name: string): ProcessStats {
    return processes.find(p => p.name === name)!;
}

function figures(p: ProcessStats): ProcessFigures {
    return { mean: p.mean, p95: p.p95, overShare: p.deadline !== null && p.runs > 0 ? p.violations / p.runs : NaN };
}
