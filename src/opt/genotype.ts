/**
 * The genotype: the seed paper's integer matrix of instances per component
 * (row) and server kind (column), a permanent flag per cell, and a limit per
 * step that can be split (threads > 1). Conversions to and from allocations,
 * the canonical form and its key (the evaluation cache's key). Pure.
 */
import type { AllocationDef, AllocationMatrix, Model } from '../model/types.js';
import { toMatrix } from '../model/allocation.js';
import { componentNeeds, hasGpu as isGpuKind, instancesPerMachine, machinesOf, usefulOn } from '../model/placement-rules.js';
import { MAX_SPREAD_COUNT } from '../model/spread.js';

/**
 * At most this many instances of one component per machine of a kind (a
 * bound of the search space; documented in docs/optimizer.md).
 */
export const MAX_INSTANCES_PER_MACHINE = 4;

export interface LimitGene {
    step: string;
    /** Row of the step's component. */
    component: number;
    threads: number;
}

/** Everything about the model the operators need, prepared once. */
export interface Space {
    model: Model;
    /** Components (rows). */
    C: number;
    /** Server kinds (columns). */
    S: number;
    /**
     * Upper bound of each cell, row-major C x S: instances one machine holds
     * (at most MAX_INSTANCES_PER_MACHINE) x machines, at most MAX_SPREAD_COUNT
     * (the language's limit per line); 0: the component cannot run there.
     */
    cellMax: Int32Array;
    /** Component has a step that needs a GPU (placement-rules.ts). */
    needsGpu: boolean[];
    /** Server kind has a GPU. */
    hasGpu: boolean[];
    /** Component is permanent by itself (its flags are meaningless). */
    permanentComponent: boolean[];
    /** Largest step RAM of each component, for steps it can run on a GPU / a non-GPU machine. */
    stepRamGpuMB: number[];
    stepRamCpuMB: number[];
    limits: LimitGene[];
}

export interface Genotype {
    /** Instances, row-major C x S. */
    inst: Int32Array;
    /** Permanent flags, row-major C x S. */
    perm: Uint8Array;
    /** Limits, one per entry of Space.limits, in [1, threads]; threads means no limit. */
    lim: Int32Array;
}

export function createSpace(model: Model): Space {
    const C = model.components.length;
    const S = model.servers.length;
    const hasGpu = model.servers.map(isGpuKind);
    const needs = model.components.map(c => componentNeeds(model, c.name));
    const needsGpu = needs.map(n => n.needsGpu);
    const stepRamGpuMB = needs.map(n => n.stepRamGpuMB);
    const stepRamCpuMB = needs.map(n => n.stepRamCpuMB);
    const cellMax = new Int32Array(C * S);
    model.components.forEach((component, c) => {
        model.servers.forEach((server, s) => {
            if (!usefulOn(needs[c], server)) {
                return;
            }
            // The language accepts at most MAX_SPREAD_COUNT instances on one line: stay inside it.
            const perMachine = instancesPerMachine(model, component, server, MAX_INSTANCES_PER_MACHINE);
            cellMax[c * S + s] = Math.min(perMachine * machinesOf(server), MAX_SPREAD_COUNT);
        });
    });
    const componentIndex = new Map(model.components.map((c, i) => [c.name, i]));
    const limits = model.steps
        .filter(s => s.threads > 1 && componentIndex.has(s.component))
        .map(s => ({ step: s.name, component: componentIndex.get(s.component)!, threads: s.threads }));
    return {
        model, C, S, cellMax, needsGpu, hasGpu,
        permanentComponent: model.components.map(c => c.permanent),
        stepRamGpuMB, stepRamCpuMB, limits
    };
}

export function emptyGenotype(space: Space): Genotype {
    return {
        inst: new Int32Array(space.C * space.S),
        perm: new Uint8Array(space.C * space.S),
        lim: Int32Array.from(space.limits, l => l.threads)
    };
}

export function cloneGenotype(g: Genotype): Genotype {
    return { inst: g.inst.slice(), perm: g.perm.slice(), lim: g.lim.slice() };
}

export function totalInstances(space: Space, g: Genotype, c: number): number {
    let total = 0;
    for (let s = 0; s < space.S; s++) {
        total += g.inst[c * space.S + s];
    }
    return total;
}

/**
 * Canonical form, in place: no flag on an empty cell or on a component that
 * is permanent anyway; a limit that cannot bind (>= min(threads, instances))
 * becomes `threads` (no limit). Two genotypes with the same canonical form
 * are the same allocation for the simulator.
 */
export function canonicalize(space: Space, g: Genotype): Genotype {
    for (let i = 0; i < g.inst.length; i++) {
        if (g.inst[i] === 0 || space.permanentComponent[Math.floor(i / space.S)]) {
            g.perm[i] = 0;
        }
    }
    space.limits.forEach((limit, l) => {
        const bound = Math.min(limit.threads, totalInstances(space, g, limit.component));
        g.lim[l] = Math.max(1, Math.min(limit.threads, g.lim[l]));
        if (g.lim[l] >= bound) {
            g.lim[l] = limit.threads;
        }
    });
    return g;
}

/** Key of a canonical genotype (the evaluation cache's key). */
export function genotypeKey(g: Genotype): string {
    return `${g.inst.join(',')}|${g.perm.join('')}|${g.lim.join(',')}`;
}

/**
 * The allocation of a genotype: lines in canonical order (components in file
 * order, then server kinds in file order), empty cells left out.
 */
export function toAllocation(space: Space, g: Genotype, name = 'optimized'): AllocationDef {
    const placements: AllocationDef['placements'] = [];
    for (let c = 0; c < space.C; c++) {
        for (let s = 0; s < space.S; s++) {
            const count = g.inst[c * space.S + s];
            if (count > 0) {
                placements.push({
                    component: space.model.components[c].name,
                    server: space.model.servers[s].name,
                    instances: count,
                    permanent: g.perm[c * space.S + s] === 1
                });
            }
        }
    }
    const limits: Record<string, number> = {};
    space.limits.forEach((limit, l) => {
        if (g.lim[l] < limit.threads) {
            limits[limit.step] = g.lim[l];
        }
    });
    return { name, placements, limits };
}

export function genotypeToMatrix(space: Space, g: Genotype): AllocationMatrix {
    return toMatrix(toAllocation(space, g));
}

/** The genotype of an allocation (lines summed per cell), not yet repaired or canonical. */
export function fromAllocation(space: Space, allocation: AllocationDef): Genotype {
    const g = emptyGenotype(space);
    const row = new Map(space.model.components.map((c, i) => [c.name, i]));
    const column = new Map(space.model.servers.map((s, i) => [s.name, i]));
    for (const p of allocation.placements) {
        const c = row.get(p.component);
        const s = column.get(p.server);
        if (c === undefined || s === undefined) {
            continue;
        }
        g.inst[c * space.S + s] += p.instances;
        if (p.permanent) {
            g.perm[c * space.S + s] = 1;
        }
    }
    space.limits.forEach((limit, l) => {
        const value = allocation.limits[limit.step];
        if (value !== undefined) {
            g.lim[l] = value;
        }
    });
    return g;
}
