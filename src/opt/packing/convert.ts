/**
 * Between the optimizer's genotype (instances per component and kind) and a
 * packing state (one item per instance). Reading a genotype scans its cells
 * once; writing one fills a fresh genotype from the items. Pure.
 */
import { emptyGenotype, type Genotype } from '../genotype.js';
import type { PackingProblem } from './problem.js';
import { PackingState } from './state.js';

/** The items of a genotype, each placed where the genotype has it (no fit check). */
export function stateFromGenotype(p: PackingProblem, g: Genotype): PackingState {
    const comps: number[] = [];
    const kinds: number[] = [];
    const { S } = p;
    for (let cell = 0; cell < g.inst.length; cell++) {
        const n = g.inst[cell];
        if (n > 0) {
            const c = Math.floor(cell / S);
            for (let k = 0; k < n; k++) {
                comps.push(c);
                kinds.push(cell - c * S);
            }
        }
    }
    const state = new PackingState(p, Int32Array.from(comps));
    kinds.forEach((s, i) => state.place(i, s));
    return state;
}

/**
 * The genotype of a complete packing. Permanent flags and limits come from
 * `base` where given (a flag stays on a cell that still has instances).
 */
export function stateToGenotype(state: PackingState, base?: Genotype): Genotype {
    const p = state.p;
    const g = emptyGenotype(p.space);
    for (let i = 0; i < state.N; i++) {
        const s = state.itemKind[i];
        if (s >= 0) {
            g.inst[state.itemComp[i] * p.S + s]++;
        }
    }
    if (base) {
        g.lim.set(base.lim);
        for (let cell = 0; cell < g.inst.length; cell++) {
            if (g.inst[cell] > 0 && base.perm[cell]) {
                g.perm[cell] = 1;
            }
        }
    }
    return g;
}
