/**
 * Price-aware repair of a genotype's static constraints. Cells and limits
 * are clamped to their bounds; on every kind whose machines cannot hold
 * their instances, instances leave it, largest first, until they can (an
 * instance whose component has others left is dropped, the last one or the
 * last GPU one is placed again); a component with no instance, or with GPU
 * work and no GPU instance, gets one. Instances placed again go best-fit
 * onto machines already in use (no added cost), else onto the machine with
 * the lowest price per capacity that holds them. When that greedy step
 * fails, the first-fit-decreasing packing is returned (with the genotype's
 * flags and limits), so repair never fails where FFD finds a packing. Pure.
 */
import { canonicalize, type Genotype } from '../genotype.js';
import type { Rng } from '../rng.js';
import { decreasing, insertItem } from './construct.js';
import { stateFromGenotype, stateToGenotype } from './convert.js';
import type { PackingProblem } from './problem.js';
import { PackingState } from './state.js';

/**
 * Repairs `g` (not changed) into a new canonical genotype, or undefined when
 * neither the greedy step nor `fallback` (the FFD packing, when one exists)
 * gives a valid one.
 */
export function repairPacking(p: PackingProblem, g: Genotype, rng: Rng, fallback: () => Genotype | undefined): Genotype | undefined {
    const { space } = p;
    const clamped: Genotype = { inst: g.inst.slice(), perm: g.perm, lim: g.lim.slice() };
    for (let i = 0; i < clamped.inst.length; i++) {
        clamped.inst[i] = Math.max(0, Math.min(space.cellMax[i], clamped.inst[i]));
    }
    space.limits.forEach((limit, l) => {
        clamped.lim[l] = Math.max(1, Math.min(limit.threads, clamped.lim[l]));
    });
    const first = stateFromGenotype(p, clamped);
    const total = new Int32Array(p.C);
    const onGpu = new Int32Array(p.C);
    for (let i = 0; i < first.N; i++) {
        total[first.itemComp[i]]++;
        if (p.kindGpu[first.itemKind[i]]) {
            onGpu[first.itemComp[i]]++;
        }
    }
    // Overloaded kinds give up instances, largest first.
    const queued: number[] = [];
    for (const s of [...first.open].sort((a, b) => a - b)) {
        if (first.kindValid(s)) {
            continue;
        }
        const leaving = decreasing(p, first.members[s], first.itemComp);
        for (const i of leaving) {
            const c = first.itemComp[i];
            first.unplace(i);
            const lastGpu = p.needsGpu[c] === 1 && p.kindGpu[s] === 1 && onGpu[c] === 1;
            if (total[c] === 1 || lastGpu) {
                queued.push(c);
            }
            total[c]--;
            if (p.kindGpu[s]) {
                onGpu[c]--;
            }
            if (first.n[s] === 0 || first.kindValid(s)) {
                break;
            }
        }
    }
    const pending = new Int32Array(p.C);
    for (const c of queued) {
        pending[c]++;
    }
    for (let c = 0; c < p.C; c++) {
        if (pending[c] === 0 && (total[c] === 0 || (p.needsGpu[c] && onGpu[c] === 0))) {
            queued.push(c);
        }
    }
    // A fresh state: the instances still placed, then the queued ones to place.
    const comps: number[] = [];
    const kinds: number[] = [];
    for (let i = 0; i < first.N; i++) {
        if (first.itemKind[i] >= 0) {
            comps.push(first.itemComp[i]);
            kinds.push(first.itemKind[i]);
        }
    }
    const placedCount = comps.length;
    comps.push(...queued);
    const state = new PackingState(p, Int32Array.from(comps));
    kinds.forEach((s, i) => state.place(i, s));
    const waiting = Array.from({ length: queued.length }, (_, k) => placedCount + k);
    // GPU instances first (they have fewer places), then by decreasing size.
    const order = [
        ...decreasing(p, waiting.filter(i => p.needsGpu[state.itemComp[i]]), state.itemComp),
        ...decreasing(p, waiting.filter(i => !p.needsGpu[state.itemComp[i]]), state.itemComp)
    ];
    for (const i of order) {
        if (!insertItem(state, i, 'best', rng.chance(0.5) ? rng : undefined)) {
            const ffd = fallback();
            if (!ffd) {
                return undefined;
            }
            return canonicalize(space, withFlagsOf(ffd, clamped));
        }
    }
    return canonicalize(space, stateToGenotype(state, clamped));
}

function withFlagsOf(g: Genotype, base: Genotype): Genotype {
    const out: Genotype = { inst: g.inst.slice(), perm: new Uint8Array(g.perm.length), lim: base.lim.slice() };
    for (let cell = 0; cell < out.inst.length; cell++) {
        if (out.inst[cell] > 0 && base.perm[cell]) {
            out.perm[cell] = 1;
        }
    }
    return out;
}

