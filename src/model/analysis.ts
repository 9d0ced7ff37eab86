/**
 * Static analysis of a model (language.md, checks 3-5 and 7-10): where a
 * component can live, the best case of a process, the offered load of an
 * allocation, the static problems of an allocation. Pure functions of the
 * plain model: the validator, the optimizer (repair/reject) and the
 * simulator reuse them. No Langium, no vscode.
 *
 * Definitions (docs/language.md explains them to users):
 * - A component *fits* on a server kind by the rule of placement-rules.ts
 *   (fitReasons): its idle CPU and idle RAM are strictly below one machine's
 *   capacity and its idle RAM plus the RAM of each step it can run there (on
 *   a kind without a GPU, the steps that need no GPU) is at most the
 *   machine's RAM.
 * - The *best case* of a process is the sum over its steps of the shortest
 *   time a step can take: its work at the lower end of its distribution
 *   (constant: the value; uniform: min; all others: 0), split into `threads`
 *   equal parts (or, when the step declares a split cost, the number of
 *   parts up to `threads` that makes a part shortest: split-cost.ts), on the fastest server kind the component fits on (with a GPU
 *   when the step has GPU work), alone on the machine, no queueing, no startup.
 *   A deadline below it is violated by every run.
 * - The *offered load* of a set of components is their mean work per second
 *   (sum over processes of the step's mean work / mean time between runs);
 *   it is compared with the speed of the distinct machines that can serve
 *   them (offered-load.ts explains the rule, shared with the simulator).
 */
import { fmt, fmtMB, fmtSeconds } from './format.js';
import { fitReasons, hasGpu, machinesOf, stepNeedsGpu } from './placement-rules.js';
import { componentDemand, loadOverloads, type LoadMachines } from './offered-load.js';
import { instancesPerComponent, spreadAllocation, findOverloads, type Machine, type MachineOverload } from './spread.js';
import { bestSplit, hasSplitCost, partWork, splitCostOf } from './split-cost.js';
import type { AllocationDef, ComponentDef, Distribution, Model, ProcessDef, ServerKind, StepDef } from './types.js';

/** Why a component does not fit on one server kind (empty: it fits). */
export interface FitResult {
    server: string;
    reasons: string[];
}

const fitCache = new WeakMap<Model, Map<string, FitResult[]>>();

/** Per server kind: whether `component` fits on one of its machines, and why not (placement-rules.ts: fitReasons). */
export function componentFit(model: Model, component: ComponentDef): FitResult[] {
    let byComponent = fitCache.get(model);
    if (!byComponent) {
        byComponent = new Map();
        fitCache.set(model, byComponent);
    }
    const cached = byComponent.get(component.name);
    if (cached) {
        return cached;
    }
    const result = model.servers.map(server => ({ server: server.name, reasons: fitReasons(model, component, server) }));
    byComponent.set(component.name, result);
    return result;
}

/** Server kinds with at least one machine on which the component fits. */
export function eligibleServers(model: Model, component: ComponentDef): ServerKind[] {
    const fits = componentFit(model, component);
    return model.servers.filter((s, i) => machinesOf(s) >= 1 && fits[i].reasons.length === 0);
}

/** True when the step needs a GPU (placement-rules.ts: stepNeedsGpu). */
export const hasGpuWork = stepNeedsGpu;

/** The lowest value a distribution can take (the lower end of its support). */
export function distributionLowerBound(d: Distribution): number {
    switch (d.kind) {
        case 'constant': return d.value;
        case 'uniform': return d.min;
        default: return 0;
    }
}

export interface StepBestCase {
    step: string;
    /** Shortest time of the step, s; Infinity when no server kind can run it. */
    seconds: number;
    /** The server kind that gives it, if any. */
    server?: string;
}

/** Shortest time of one step (see the file comment), s. */
export function stepBestCase(model: Model, step: StepDef, component = model.components.find(c => c.name === step.component)): StepBestCase {
    if (!component) {
        return { step: step.name, seconds: Infinity };
    }
    const parts = Math.max(1, step.threads);
    const cpuWork = step.cpuWorkGHzSeconds ? distributionLowerBound(step.cpuWorkGHzSeconds) : 0;
    const gpuWork = step.gpuWorkTOPSSeconds ? distributionLowerBound(step.gpuWorkTOPSSeconds) : 0;
    const cost = splitCostOf(step);
    let best: StepBestCase = { step: step.name, seconds: Infinity };
    for (const server of eligibleServers(model, component)) {
        if (stepNeedsGpu(step) && !hasGpu(server)) {
            continue;
        }
        // The best number of parts: all of them for a perfect split, fewer when a split cost outgrows the gain.
        const partSeconds = (k: number) => {
            const cpu = partWork(cpuWork, k, cost.serial, cost.overheadCpu);
            const gpu = partWork(gpuWork, k, cost.serial, cost.overheadGpu);
            return Math.max(cpu > 0 ? cpu / server.cpuGHz : 0, gpu > 0 ? gpu / server.gpuTOPS : 0);
        };
        const seconds = hasSplitCost(step) ? bestSplit(parts, partSeconds).seconds
            : Math.max(cpuWork > 0 ? cpuWork / parts / server.cpuGHz : 0, gpuWork > 0 ? gpuWork / parts / server.gpuTOPS : 0);
        if (seconds < best.seconds) {
            best = { step: step.name, seconds, server: server.name };
        }
    }
    return best;
}

/** Best case of a process: the sum of its steps' best cases, s (Infinity when a step can run nowhere). */
export function processBestCase(model: Model, process: ProcessDef): { seconds: number; steps: StepBestCase[] } {
    const stepByName = new Map(model.steps.map(s => [s.name, s]));
    const componentByName = new Map(model.components.map(c => [c.name, c]));
    const steps = process.steps.map(name => {
        const step = stepByName.get(name);
        return step ? stepBestCase(model, step, componentByName.get(step.component)) : { step: name, seconds: Infinity };
    });
    return { seconds: steps.reduce((sum, s) => sum + s.seconds, 0), steps };
}

/** Best case of every process, by name (one pass over the model). */
export function processBestCases(model: Model): Map<string, { seconds: number; steps: StepBestCase[] }> {
    const stepByName = new Map(model.steps.map(s => [s.name, s]));
    const componentByName = new Map(model.components.map(c => [c.name, c]));
    const stepCache = new Map<string, StepBestCase>();
    const result = new Map<string, { seconds: number; steps: StepBestCase[] }>();
    for (const process of model.processes) {
        const steps = process.steps.map(name => {
            let best = stepCache.get(name);
            if (!best) {
                const step = stepByName.get(name);
                best = step ? stepBestCase(model, step, componentByName.get(step.component)) : { step: name, seconds: Infinity };
                stepCache.set(name, best);
            }
            return best;
        });
        result.set(process.name, { seconds: steps.reduce((sum, s) => sum + s.seconds, 0), steps });
    }
    return result;
}

/** Mean work per second arriving at each component: CPU in GHz, GPU in TOPS (offered-load.ts: componentDemand). */
export function componentWorkRates(model: Model): Map<string, { cpuGHz: number; gpuTOPS: number }> {
    const demand = componentDemand(model);
    return new Map(model.components.map((c, i) => [c.name, { cpuGHz: demand[i].cpuAnyGHz + demand[i].cpuGpuGHz, gpuTOPS: demand[i].gpuTOPS }]));
}

/** Components whose work the machines holding their instances cannot all serve (offered-load.ts). */
export interface WorkOverload {
    resource: 'cpu' | 'gpu';
    components: string[];
    /** The distinct machines that can serve them, each counted once in `capacity`. */
    machines: { server: string; machine: number }[];
    /** Mean work arriving per second at the components, GHz or TOPS. */
    offered: number;
    capacity: number;
    /** Work per second of each component, GHz or TOPS. */
    byComponent: Record<string, number>;
    /** Allocation line indices of the components' instances on those machines. */
    placements: number[];
}

/** Machines of an allocation as the load check of offered-load.ts sees them. */
export function loadMachines(model: Model, machines: Machine[]): LoadMachines {
    const serverByName = new Map(model.servers.map(s => [s.name, s]));
    const componentIndex = new Map(model.components.map((c, i) => [c.name, i]));
    const hosts: number[][] = model.components.map(() => []);
    machines.forEach((machine, m) => {
        for (const inst of machine.instances) {
            const list = hosts[componentIndex.get(inst.component) ?? -1];
            if (list && list[list.length - 1] !== m) {
                list.push(m);
            }
        }
    });
    return {
        cpuGHz: machines.map(m => serverByName.get(m.server)?.cpuGHz ?? 0),
        gpuTOPS: machines.map(m => serverByName.get(m.server)?.gpuTOPS ?? 0),
        hosts
    };
}

/**
 * Sets of components whose offered load is at or above the speed of the
 * machines that can serve them: their queues grow without bound (check 8).
 */
export function overloadedByWork(model: Model, allocation: AllocationDef, machines = spreadAllocation(model, allocation)): WorkOverload[] {
    return loadOverloads(componentDemand(model), loadMachines(model, machines)).map(o => {
        const names = new Set(o.components.map(c => model.components[c].name));
        const placements = new Set<number>();
        for (const m of o.machines) {
            for (const inst of machines[m].instances) {
                if (names.has(inst.component)) {
                    placements.add(inst.placement);
                }
            }
        }
        return {
            resource: o.resource,
            components: [...names],
            machines: o.machines.map(m => ({ server: machines[m].server, machine: machines[m].index })),
            offered: o.offered,
            capacity: o.capacity,
            byComponent: Object.fromEntries(o.components.map((c, i) => [model.components[c].name, o.byComponent[i]])),
            placements: [...placements].sort((x, y) => x - y)
        };
    });
}

/** A static problem of an allocation (language.md check 5). */
export type AllocationProblem =
    | { kind: 'missing-instance'; component: string }
    | { kind: 'server-overloaded'; overload: MachineOverload; detail: string }
    | { kind: 'gpu-step-no-gpu-instance'; step: string; component: string }
    | { kind: 'limit-below-one'; step: string; limit: number };

/**
 * Everything that makes an allocation impossible to simulate as written.
 * Empty: the allocation is statically valid (the optimizer's repair target).
 */
export function allocationProblems(model: Model, allocation: AllocationDef, machines = spreadAllocation(model, allocation)): AllocationProblem[] {
    const problems: AllocationProblem[] = [];
    const counts = instancesPerComponent(allocation);
    for (const component of model.components) {
        if ((counts.get(component.name) ?? 0) < 1) {
            problems.push({ kind: 'missing-instance', component: component.name });
        }
    }
    const componentByName = new Map(model.components.map(c => [c.name, c]));
    for (const overload of findOverloads(model, machines)) {
        const machine = machines.find(m => m.server === overload.server && m.index === overload.machine);
        problems.push({ kind: 'server-overloaded', overload, detail: machine ? describeMachine(machine, overload.resource, componentByName) : '' });
    }
    const gpuServers = new Set(model.servers.filter(s => hasGpu(s) && machinesOf(s) >= 1).map(s => s.name));
    const onGpu = new Set(allocation.placements.filter(p => p.instances > 0 && gpuServers.has(p.server)).map(p => p.component));
    for (const step of model.steps) {
        if (!stepNeedsGpu(step) || (counts.get(step.component) ?? 0) < 1) {
            continue;
        }
        if (!onGpu.has(step.component)) {
            problems.push({ kind: 'gpu-step-no-gpu-instance', step: step.name, component: step.component });
        }
    }
    for (const [step, limit] of Object.entries(allocation.limits)) {
        if (limit < 1) {
            problems.push({ kind: 'limit-below-one', step, limit });
        }
    }
    return problems;
}

/** "feature_store 0.5, scorer 4 x 0.1": the idle loads on one machine. */
function describeMachine(machine: Machine, resource: 'cpu' | 'ram', components: Map<string, ComponentDef>): string {
    const counts = new Map<string, number>();
    for (const inst of machine.instances) {
        counts.set(inst.component, (counts.get(inst.component) ?? 0) + 1);
    }
    return [...counts].map(([name, n]) => {
        const c = components.get(name);
        const each = c ? (resource === 'cpu' ? fmt(c.idleCpuGHz) : fmt(c.idleRamMB)) : '?';
        return n === 1 ? `${name} ${each}` : `${name} ${n} x ${each}`;
    }).join(', ');
}


export { fmt, fmtMB, fmtSeconds };
