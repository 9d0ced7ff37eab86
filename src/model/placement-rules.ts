/**
 * The placement rules, written once. Every caller uses them: the validator
 * (analysis.ts), the simulator (sim/prepared.ts, sim/layout.ts via spread.ts),
 * the first-fit baseline, the optimizer (feasible.ts, genotype.ts, repair.ts)
 * and the editor's quick fix (lsp/placement-choice.ts). Before they were one
 * module, six copies disagreed: a step with `gpu 0 TOPS*s` validated but could
 * not be simulated, and the optimizer's fit check broke spreading ties with
 * other float sums than the simulator (2.6 vs 2.5999999999999996), so the
 * simulator refused some allocations the optimizer had found valid.
 *
 * 1. GPU need. A step needs a GPU when its GPU work has a positive mean. GPU
 *    work that is always 0 (`gpu 0 TOPS*s`, or any distribution whose mean is
 *    0: work is never negative, so such a work is 0 in every run) needs none.
 * 2. Fit. On one machine, the idle CPU and the idle RAM of its instances stay
 *    strictly below its capacity (the contract's static constraint,
 *    `idleOverloads`). The stricter rule `machineHolds` adds: the idle RAM plus
 *    the largest RAM of a step an instance there can run (on a machine without
 *    a GPU, only the steps that need none) is at most the machine's RAM, so
 *    that no part waits forever for memory. A component *fits* on a kind when
 *    one instance alone holds on one of its machines (`fitReasons`).
 * 3. Spreading (the contract's rule). Each instance, in the order the
 *    allocation lists them, goes to the machine of its kind with the fewest
 *    instances so far; ties go to the most free idle CPU (on one kind: the
 *    least idle CPU placed, the same comparison in exact arithmetic, and one
 *    comparison of the same float sums for every caller), then the lowest
 *    index. `MachineSpread` is the only implementation.
 *
 * Pure: no Langium, no vscode.
 */
import { distributionMean } from './distributions.js';
import { fmt, fmtMB } from './format.js';
import type { ComponentDef, Model, ServerKind, StepDef } from './types.js';

// ---- 1. GPU need ----

/** True when the step needs a machine with a GPU: its GPU work has a positive mean (see the file comment). */
export function stepNeedsGpu(step: StepDef): boolean {
    const d = step.gpuWorkTOPSSeconds;
    return d !== null && distributionMean(d) > 0;
}

/** What one component asks of a machine, from its steps. */
export interface ComponentNeeds {
    /** At least one of its steps needs a GPU: an allocation must give it an instance on a GPU machine. */
    needsGpu: boolean;
    /** It has steps and every one needs a GPU: an instance on a machine without a GPU can serve nothing. */
    onlyGpu: boolean;
    /** Largest RAM of a step it can run on a machine with a GPU (every step), MB; 0 without steps. */
    stepRamGpuMB: number;
    /** Largest RAM of a step it can run on a machine without a GPU (the steps that need none), MB. */
    stepRamCpuMB: number;
    /** The steps that give those RAM figures (for messages). */
    biggestGpuStep?: StepDef;
    biggestCpuStep?: StepDef;
}

/** Needs per component name, computed once per model (models are never mutated). */
const needsCache = new WeakMap<Model, Map<string, ComponentNeeds>>();

/** The needs of a component by name (a component without steps needs nothing). */
export function componentNeeds(model: Model, component: string): ComponentNeeds {
    let map = needsCache.get(model);
    if (!map) {
        map = new Map();
        for (const c of model.components) {
            map.set(c.name, { needsGpu: false, onlyGpu: false, stepRamGpuMB: 0, stepRamCpuMB: 0 });
        }
        const stepCount = new Map<string, number>();
        const gpuCount = new Map<string, number>();
        for (const step of model.steps) {
            let needs = map.get(step.component);
            if (!needs) {
                needs = { needsGpu: false, onlyGpu: false, stepRamGpuMB: 0, stepRamCpuMB: 0 };
                map.set(step.component, needs);
            }
            const gpu = stepNeedsGpu(step);
            stepCount.set(step.component, (stepCount.get(step.component) ?? 0) + 1);
            if (gpu) {
                gpuCount.set(step.component, (gpuCount.get(step.component) ?? 0) + 1);
                needs.needsGpu = true;
            }
            if (step.ramMB > needs.stepRamGpuMB) {
                needs.stepRamGpuMB = step.ramMB;
                needs.biggestGpuStep = step;
            }
            if (!gpu && step.ramMB > needs.stepRamCpuMB) {
                needs.stepRamCpuMB = step.ramMB;
                needs.biggestCpuStep = step;
            }
        }
        for (const [name, n] of stepCount) {
            map.get(name)!.onlyGpu = n > 0 && gpuCount.get(name) === n;
        }
        needsCache.set(model, map);
    }
    return map.get(component) ?? { needsGpu: false, onlyGpu: false, stepRamGpuMB: 0, stepRamCpuMB: 0 };
}

/** True when the server kind has a GPU. */
export function hasGpu(server: ServerKind): boolean {
    return server.gpuTOPS > 0;
}

/** Largest RAM of a step the component can run on a machine of this kind, MB. */
export function stepRamOn(needs: ComponentNeeds, server: ServerKind): number {
    return hasGpu(server) ? needs.stepRamGpuMB : needs.stepRamCpuMB;
}

/** False when an instance on this kind could serve none of the component's steps (all need a GPU, the kind has none). */
export function usefulOn(needs: ComponentNeeds, server: ServerKind): boolean {
    return !(needs.onlyGpu && !hasGpu(server));
}

// ---- 2. Fit ----

/** Number of machines of a kind, as spreading creates them (a count that is not a whole number >= 1 gives fewer). */
export function machinesOf(server: ServerKind): number {
    const n = server.count;
    return n >= 1 ? Math.floor(n) : 0;
}

/** The contract's static constraint on one machine: which idle loads are not strictly below capacity. */
export function idleOverloads(server: ServerKind, idleCpuGHz: number, idleRamMB: number): ('cpu' | 'ram')[] {
    const over: ('cpu' | 'ram')[] = [];
    if (!(idleCpuGHz < server.cpuGHz)) { over.push('cpu'); }
    if (!(idleRamMB < server.ramMB)) { over.push('ram'); }
    return over;
}

/**
 * The stricter rule of the first-fit baseline, the optimizer and the quick
 * fix: idle CPU and idle RAM strictly below capacity, and idle RAM plus the
 * largest step RAM of the instances on the machine within its RAM.
 */
export function machineHolds(server: ServerKind, idleCpuGHz: number, idleRamMB: number, stepRamMB: number): boolean {
    return idleCpuGHz < server.cpuGHz && idleRamMB < server.ramMB && idleRamMB + stepRamMB <= server.ramMB;
}

/**
 * Why one instance of `component` alone does not hold on one machine of
 * `server` (machineHolds), in words; empty when it does. Says nothing of the
 * machine count or of a GPU (see kindServes).
 */
export function fitReasons(model: Model, component: ComponentDef, server: ServerKind): string[] {
    const needs = componentNeeds(model, component.name);
    const reasons: string[] = [];
    if (!(component.idleCpuGHz < server.cpuGHz)) {
        reasons.push(`idle CPU ${fmt(component.idleCpuGHz)} GHz is not below ${fmt(server.cpuGHz)} GHz`);
    }
    if (!(component.idleRamMB < server.ramMB)) {
        reasons.push(`idle RAM ${fmtMB(component.idleRamMB)} is not below ${fmtMB(server.ramMB)}`);
    } else {
        const stepRam = stepRamOn(needs, server);
        const step = hasGpu(server) ? needs.biggestGpuStep : needs.biggestCpuStep;
        if (!(component.idleRamMB + stepRam <= server.ramMB) && step) {
            reasons.push(`idle RAM ${fmtMB(component.idleRamMB)} + RAM ${fmtMB(stepRam)} of step ${step.name} exceeds ${fmtMB(server.ramMB)}`);
        }
    }
    return reasons;
}

/** One instance of the component alone holds on one machine of the kind (and the kind has a machine). */
export function fitsOn(model: Model, component: ComponentDef, server: ServerKind): boolean {
    const needs = componentNeeds(model, component.name);
    return machinesOf(server) >= 1 && machineHolds(server, component.idleCpuGHz, component.idleRamMB, stepRamOn(needs, server));
}

/**
 * Why the kind cannot serve the component in an allocation that must give it
 * a GPU instance there (`gpu`), or an instance at all: no machine, no GPU,
 * or fitReasons. Empty: it can.
 */
export function kindServesReasons(model: Model, component: ComponentDef, server: ServerKind, gpu: boolean): string[] {
    if (machinesOf(server) < 1) {
        return [`${server.name} has no machine`];
    }
    if (gpu && !hasGpu(server)) {
        return [`${server.name} has no GPU`];
    }
    return fitReasons(model, component, server);
}

// ---- 3. Spreading ----

/**
 * The machines of one kind while instances are spread over them (the rule of
 * the file comment): instances, idle CPU, idle RAM and largest step RAM per
 * machine. A binary heap ordered by (instances, idle CPU, index) finds the
 * next machine in O(log machines); it picks exactly the machine a scan for
 * "fewest instances, then least idle CPU, then lowest index" would.
 */
export class MachineSpread {
    readonly machines: number;
    readonly instances: Int32Array;
    readonly idleCpuGHz: Float64Array;
    readonly idleRamMB: Float64Array;
    readonly stepRamMB: Float64Array;
    private readonly heap: Int32Array;

    constructor(machines: number) {
        this.machines = machines;
        this.instances = new Int32Array(machines);
        this.idleCpuGHz = new Float64Array(machines);
        this.idleRamMB = new Float64Array(machines);
        this.stepRamMB = new Float64Array(machines);
        // All keys (0, 0, i): the identity is a valid heap.
        this.heap = Int32Array.from({ length: machines }, (_, i) => i);
    }

    /** The machine the next instance goes to; -1 when the kind has no machine. */
    next(): number {
        return this.machines > 0 ? this.heap[0] : -1;
    }

    /** Places one instance on next() and returns that machine (-1: none). */
    add(idleCpuGHz: number, idleRamMB: number, stepRamMB: number): number {
        const m = this.next();
        if (m < 0) {
            return m;
        }
        this.instances[m]++;
        this.idleCpuGHz[m] += idleCpuGHz;
        this.idleRamMB[m] += idleRamMB;
        if (stepRamMB > this.stepRamMB[m]) {
            this.stepRamMB[m] = stepRamMB;
        }
        this.siftDown(0);
        return m;
    }

    /** Whether machine `m` would still hold (machineHolds) with one more instance of these loads. */
    holdsWith(server: ServerKind, m: number, idleCpuGHz: number, idleRamMB: number, stepRamMB: number): boolean {
        return machineHolds(server, this.idleCpuGHz[m] + idleCpuGHz, this.idleRamMB[m] + idleRamMB, Math.max(this.stepRamMB[m], stepRamMB));
    }

    /** Every machine with an instance holds (machineHolds). */
    holds(server: ServerKind): boolean {
        for (let m = 0; m < this.machines; m++) {
            if (this.instances[m] > 0 && !machineHolds(server, this.idleCpuGHz[m], this.idleRamMB[m], this.stepRamMB[m])) {
                return false;
            }
        }
        return true;
    }

    private before(a: number, b: number): boolean {
        const ia = this.instances[a], ib = this.instances[b];
        if (ia !== ib) { return ia < ib; }
        const ca = this.idleCpuGHz[a], cb = this.idleCpuGHz[b];
        if (ca < cb) { return true; }
        if (cb < ca) { return false; }
        return a < b;
    }

    private siftDown(i: number): void {
        const heap = this.heap, n = this.machines;
        const x = heap[i];
        for (;;) {
            const l = 2 * i + 1;
            if (l >= n) { break; }
            const r = l + 1;
            const c = r < n && this.before(heap[r], heap[l]) ? r : l;
            if (!this.before(heap[c], x)) { break; }
            heap[i] = heap[c];
            i = c;
        }
        heap[i] = x;
    }
}

/**
 * Spreads `countOf(c)` instances of each component c (rows of
 * model.components, in file order: the canonical line order of the optimizer)
 * over the machines of kind `server` and says whether every machine holds
 * (machineHolds). This is the optimizer's fit check; it runs the same
 * MachineSpread as spreadAllocation, so it cannot disagree with the simulator.
 */
export function columnHolds(model: Model, server: ServerKind, countOf: (c: number) => number): boolean {
    const machines = machinesOf(server);
    const spread = new MachineSpread(machines);
    const components = model.components;
    for (let c = 0; c < components.length; c++) {
        const n = countOf(c);
        if (n <= 0) {
            continue;
        }
        if (machines === 0) {
            return false;
        }
        const component = components[c];
        const stepRam = stepRamOn(componentNeeds(model, component.name), server);
        for (let i = 0; i < n; i++) {
            spread.add(component.idleCpuGHz, component.idleRamMB, stepRam);
        }
    }
    return spread.holds(server);
}

/**
 * Most instances of `component` one machine of `server` holds (machineHolds,
 * the loads summed one instance at a time as spreading sums them), up to `cap`.
 */
export function instancesPerMachine(model: Model, component: ComponentDef, server: ServerKind, cap: number): number {
    const stepRam = stepRamOn(componentNeeds(model, component.name), server);
    // The sums of one machine of a MachineSpread, added in the same order (no
    // spread object: createSpace calls this once per component and kind, 1.9
    // million times at 2,400 x 800).
    let cpu = 0;
    let ram = 0;
    let step = 0;
    let n = 0;
    while (n < cap && machineHolds(server, cpu + component.idleCpuGHz, ram + component.idleRamMB, Math.max(step, stepRam))) {
        cpu += component.idleCpuGHz;
        ram += component.idleRamMB;
        step = Math.max(step, stepRam);
        n++;
    }
    return n;
}
