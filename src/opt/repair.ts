/**
 * Static constraints of a genotype and their repair (semantics.md, language.md
 * check 5; the rules are those of src/model/placement-rules.ts): every
 * component has an instance; a component whose steps need a GPU has an
 * instance on a GPU server; on every machine, after spreading, the idle CPU
 * and idle RAM stay strictly below capacity; limits are at least 1. One more,
 * stricter than the validator (docs/optimizer.md): on every machine the idle
 * RAM plus the RAM of the largest step an instance there can run fits in the
 * machine's RAM, so no part waits forever for memory. Pure.
 */
import type { Rng } from './rng.js';
import { canonicalize, totalInstances, type Genotype, type Space } from './genotype.js';
import { columnHolds } from '../model/placement-rules.js';

/**
 * Does the column of server kind `s` fit its machines? Spreads the column in
 * the canonical line order (components in file order) with the one spreading
 * implementation (placement-rules.ts: columnHolds, the code spreadAllocation
 * runs), so it accepts exactly the machines the simulator will build.
 */
export function kindFits(space: Space, g: Genotype, s: number): boolean {
    const S = space.S;
    return columnHolds(space.model, space.model.servers[s], c => g.inst[c * S + s]);
}

function hasGpuInstance(space: Space, g: Genotype, c: number): boolean {
    for (let s = 0; s < space.S; s++) {
        if (space.hasGpu[s] && g.inst[c * space.S + s] > 0) {
            return true;
        }
    }
    return false;
}

/** Why a genotype breaks a static constraint, or an empty list when it is valid. */
export function constraintViolations(space: Space, g: Genotype): string[] {
    const problems: string[] = [];
    const { model } = space;
    for (let i = 0; i < g.inst.length; i++) {
        if (g.inst[i] < 0 || g.inst[i] > space.cellMax[i]) {
            problems.push(`${model.components[Math.floor(i / space.S)].name} on ${model.servers[i % space.S].name}: ${g.inst[i]} instances out of [0, ${space.cellMax[i]}]`);
        }
    }
    for (let c = 0; c < space.C; c++) {
        if (totalInstances(space, g, c) < 1) {
            problems.push(`${model.components[c].name} has no instance`);
        }
        if (space.needsGpu[c] && !hasGpuInstance(space, g, c)) {
            problems.push(`${model.components[c].name} has GPU work but no instance on a GPU server`);
        }
    }
    for (let s = 0; s < space.S; s++) {
        if (!kindFits(space, g, s)) {
            problems.push(`the machines of ${model.servers[s].name} cannot hold the instances placed on them`);
        }
    }
    space.limits.forEach((limit, l) => {
        if (g.lim[l] < 1) {
            problems.push(`limit of ${limit.step} below 1`);
        }
    });
    return problems;
}

export function isValid(space: Space, g: Genotype): boolean {
    return constraintViolations(space, g).length === 0;
}

/** Kinds where component c may be placed (and, when `gpu`, that have a GPU). */
function allowedKinds(space: Space, c: number, gpu: boolean): number[] {
    const kinds: number[] = [];
    for (let s = 0; s < space.S; s++) {
        if (space.cellMax[c * space.S + s] > 0 && (!gpu || space.hasGpu[s])) {
            kinds.push(s);
        }
    }
    return kinds;
}

/** Adds one instance of c on a random allowed kind with room left in its cell; that kind, or -1 when none. */
function addSomewhere(space: Space, g: Genotype, c: number, gpu: boolean, rng: Rng, except = -1): number {
    const kinds = allowedKinds(space, c, gpu).filter(s => s !== except && g.inst[c * space.S + s] < space.cellMax[c * space.S + s]);
    if (kinds.length === 0) {
        return -1;
    }
    const s = rng.pick(kinds);
    g.inst[c * space.S + s]++;
    return s;
}

const MAX_REPAIR_STEPS = 400;

/**
 * Makes `g` valid in place, changing as little as it can: cells clamped to
 * their bounds, a missing instance added, a missing GPU instance added, then
 * while a kind's machines are overloaded one instance leaves it (removed when
 * its component keeps enough instances elsewhere, else moved to another
 * kind). Returns the canonical genotype, or undefined when no repair was
 * found in a bounded number of steps (the caller discards the genotype).
 */
export function repair(space: Space, g: Genotype, rng: Rng): Genotype | undefined {
    const { S } = space;
    for (let i = 0; i < g.inst.length; i++) {
        g.inst[i] = Math.max(0, Math.min(space.cellMax[i], g.inst[i]));
    }
    space.limits.forEach((limit, l) => {
        g.lim[l] = Math.max(1, Math.min(limit.threads, g.lim[l]));
    });
    for (let c = 0; c < space.C; c++) {
        if (space.needsGpu[c] && !hasGpuInstance(space, g, c) && addSomewhere(space, g, c, true, rng) < 0) {
            return undefined;
        }
        if (totalInstances(space, g, c) === 0 && addSomewhere(space, g, c, false, rng) < 0) {
            return undefined;
        }
    }
    let steps = 0;
    // Kinds to check: all once, then only those that receive a moved instance
    // (a kind that only loses instances cannot become overloaded). Re-checking
    // every kind after each move cost O(steps x kinds x components).
    const queue = Array.from({ length: S }, (_, k) => k);
    const queued = new Uint8Array(S).fill(1);
    while (queue.length > 0) {
        const s = queue.shift()!;
        queued[s] = 0;
        while (!kindFits(space, g, s)) {
            if (++steps > MAX_REPAIR_STEPS) {
                return undefined;
            }
            const here: number[] = [];
            for (let c = 0; c < space.C; c++) {
                if (g.inst[c * S + s] > 0) {
                    here.push(c);
                }
            }
            const c = rng.pick(here);
            const keepsGpu = !space.needsGpu[c] || !space.hasGpu[s] || g.inst[c * S + s] > 1 || gpuElsewhere(space, g, c, s);
            g.inst[c * S + s]--;
            if (totalInstances(space, g, c) === 0 || !keepsGpu) {
                const to = addSomewhere(space, g, c, !keepsGpu, rng, s);
                if (to < 0) {
                    return undefined;
                }
                if (!queued[to]) {
                    queued[to] = 1;
                    queue.push(to);
                }
            }
        }
    }
    return canonicalize(space, g);
}

function gpuElsewhere(space: Space, g: Genotype, c: number, except: number): boolean {
    for (let s = 0; s < space.S; s++) {
        if (s !== except && space.hasGpu[s] && g.inst[c * space.S + s] > 0) {
            return true;
        }
    }
    return false;
}
