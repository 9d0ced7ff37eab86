/**
 * Variation operators made for the integer allocation matrix: random
 * genotypes for the initial population, crossover by component rows, and
 * mutations that move an instance between kinds, add or remove one, swap two
 * rows, change a limit, or flip a permanent flag. Operators may break static
 * constraints; the caller repairs (repair.ts) before anything is evaluated.
 */
import type { Rng } from './rng.js';
import { cloneGenotype, emptyGenotype, type Genotype, type Space } from './genotype.js';

/** Kinds whose cell may hold component c. */
function kindsOf(space: Space, c: number): number[] {
    const kinds: number[] = [];
    for (let s = 0; s < space.S; s++) {
        if (space.cellMax[c * space.S + s] > 0) {
            kinds.push(s);
        }
    }
    return kinds;
}

/**
 * A random genotype: per component a small number of instances (1 plus a
 * geometric number, mean 1) on random kinds, permanent flags with
 * probability 0.3, random limits.
 */
export function randomGenotype(space: Space, rng: Rng): Genotype {
    const g = emptyGenotype(space);
    for (let c = 0; c < space.C; c++) {
        const kinds = kindsOf(space, c);
        if (kinds.length === 0) {
            continue;
        }
        let n = 1;
        while (rng.chance(0.5) && n < 8) {
            n++;
        }
        const gpuKinds = kinds.filter(s => space.hasGpu[s]);
        for (let i = 0; i < n; i++) {
            const s = i === 0 && space.needsGpu[c] && gpuKinds.length > 0 ? rng.pick(gpuKinds) : rng.pick(kinds);
            g.inst[c * space.S + s]++;
            if (rng.chance(0.3)) {
                g.perm[c * space.S + s] = 1;
            }
        }
    }
    space.limits.forEach((limit, l) => {
        g.lim[l] = rng.range(1, limit.threads);
    });
    return g;
}

/** Uniform crossover of component rows: each row (instances, flags and its steps' limits) from a or b. */
export function crossover(space: Space, a: Genotype, b: Genotype, rng: Rng): Genotype {
    const child = cloneGenotype(a);
    const fromB: boolean[] = [];
    for (let c = 0; c < space.C; c++) {
        fromB.push(rng.chance(0.5));
        if (fromB[c]) {
            for (let s = 0; s < space.S; s++) {
                child.inst[c * space.S + s] = b.inst[c * space.S + s];
                child.perm[c * space.S + s] = b.perm[c * space.S + s];
            }
        }
    }
    space.limits.forEach((limit, l) => {
        if (fromB[limit.component]) {
            child.lim[l] = b.lim[l];
        }
    });
    return child;
}

export type MutationKind = 'move' | 'add' | 'remove' | 'swap' | 'limit' | 'flag';

/** Applies one mutation of the given kind in place; false when it had nothing to act on. */
export function mutateOnce(space: Space, g: Genotype, kind: MutationKind, rng: Rng): boolean {
    const { S, C } = space;
    const occupied: number[] = [];
    for (let i = 0; i < g.inst.length; i++) {
        if (g.inst[i] > 0) {
            occupied.push(i);
        }
    }
    switch (kind) {
        case 'move': {
            if (occupied.length === 0) {
                return false;
            }
            const from = rng.pick(occupied);
            const c = Math.floor(from / S);
            const targets = kindsOf(space, c).filter(s => c * S + s !== from);
            if (targets.length === 0) {
                return false;
            }
            g.inst[from]--;
            g.inst[c * S + rng.pick(targets)]++;
            return true;
        }
        case 'add': {
            const c = rng.int(C);
            const kinds = kindsOf(space, c);
            if (kinds.length === 0) {
                return false;
            }
            g.inst[c * S + rng.pick(kinds)]++;
            return true;
        }
        case 'remove': {
            if (occupied.length === 0) {
                return false;
            }
            g.inst[rng.pick(occupied)]--;
            return true;
        }
        case 'swap': {
            if (C < 2) {
                return false;
            }
            const c1 = rng.int(C);
            let c2 = rng.int(C - 1);
            if (c2 >= c1) {
                c2++;
            }
            for (let s = 0; s < S; s++) {
                const i = c1 * S + s;
                const j = c2 * S + s;
                [g.inst[i], g.inst[j]] = [g.inst[j], g.inst[i]];
                [g.perm[i], g.perm[j]] = [g.perm[j], g.perm[i]];
            }
            return true;
        }
        case 'limit': {
            if (space.limits.length === 0) {
                return false;
            }
            const l = rng.int(space.limits.length);
            const threads = space.limits[l].threads;
            g.lim[l] = rng.chance(0.5) ? rng.range(1, threads) : Math.max(1, Math.min(threads, g.lim[l] + (rng.chance(0.5) ? 1 : -1)));
            return true;
        }
        case 'flag': {
            const flippable = occupied.filter(i => !space.permanentComponent[Math.floor(i / S)]);
            if (flippable.length === 0) {
                return false;
            }
            const i = rng.pick(flippable);
            g.perm[i] ^= 1;
            return true;
        }
    }
}

const KINDS: readonly MutationKind[] = ['move', 'move', 'add', 'remove', 'remove', 'swap', 'limit', 'flag', 'flag'];

/**
 * Mutates in place: one operator, then more with probability 1/2 each (at
 * most 4). Removal and move are drawn twice as often as the others because
 * repair only ever adds what is missing.
 */
export function mutate(space: Space, g: Genotype, rng: Rng): void {
    let applied = 0;
    for (let attempt = 0; attempt < 12 && applied < 4; attempt++) {
        if (mutateOnce(space, g, rng.pick(KINDS), rng)) {
            applied++;
            if (!rng.chance(0.5)) {
                return;
            }
        }
    }
}
