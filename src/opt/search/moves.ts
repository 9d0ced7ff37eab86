/**
 * Problem-aware moves on a genotype, in place: take load off the bottleneck
 * component, empty a machine, merge a component's instances onto its best
 * kind, take work off the busiest machines (relieve), drop an instance
 * where the load is light, make a component permanent
 * where its startup does not fit its deadline slack, or repack (src/opt/packing's
 * local search: the same instances on cheaper machines). Like the random
 * mutations of operators.ts they may break static constraints; the caller
 * repairs. Each returns false when it had nothing to act on.
 */
import { genotypeKey, type Genotype } from '../genotype.js';
import { improvePacking } from '../packing/index.js';
import { isValid } from '../repair.js';
import type { Rng } from '../rng.js';
import { componentUtilization, kindUse, kindUtilization, kindsByValue, type Problem } from './problem.js';

export type MoveKind = 'bottleneck' | 'relieve' | 'empty-machine' | 'merge' | 'trim' | 'permanent' | 'pack';
export const MOVE_KINDS: readonly MoveKind[] = ['bottleneck', 'relieve', 'empty-machine', 'merge', 'trim', 'permanent', 'pack'];
/** Iterations of src/opt/packing's local search per component in a 'pack' move. */
const PACK_ITERATIONS_PER_COMPONENT = 20;

function total(problem: Problem, g: Genotype, c: number): number {
    let n = 0;
    for (let s = 0; s < problem.space.S; s++) {
        n += g.inst[c * problem.space.S + s];
    }
    return n;
}

function gpuInstances(problem: Problem, g: Genotype, c: number): number {
    let n = 0;
    for (let s = 0; s < problem.space.S; s++) {
        if (problem.space.hasGpu[s]) {
            n += g.inst[c * problem.space.S + s];
        }
    }
    return n;
}

/** Can one instance of c leave kind s without breaking "one instance" and "one GPU instance"? */
function canLeave(problem: Problem, g: Genotype, c: number, s: number): boolean {
    return total(problem, g, c) > 1 && (!problem.space.needsGpu[c] || !problem.space.hasGpu[s] || gpuInstances(problem, g, c) > 1);
}

/** A kind for one more instance of c: among the two best-valued kinds with room, kinds already in use first. */
function targetKind(problem: Problem, g: Genotype, c: number, rng: Rng, except = -1, gpu = false): number | undefined {
    const { space } = problem;
    const used = kindUse(space, g.inst).instances;
    const room = kindsByValue(problem, c, gpu).filter(s => s !== except && g.inst[c * space.S + s] < space.cellMax[c * space.S + s]);
    if (room.length === 0) {
        return undefined;
    }
    const inUse = room.filter(s => used[s] > 0);
    const pool = inUse.length > 0 && rng.chance(0.7) ? inUse : room;
    return pool[Math.min(pool.length - 1, rng.chance(0.7) ? 0 : 1)];
}

export function applyMove(problem: Problem, g: Genotype, kind: MoveKind, rng: Rng): boolean {
    const { space } = problem;
    const { C, S } = space;
    switch (kind) {
        case 'bottleneck': {
            const util = componentUtilization(problem, g.inst);
            const order = [...util.keys()].filter(c => util[c] > 0).sort((a, b) => util[b] - util[a] || a - b);
            if (order.length === 0) {
                return false;
            }
            const c = order[Math.min(order.length - 1, rng.chance(0.6) ? 0 : rng.int(Math.min(3, order.length)))];
            const s = targetKind(problem, g, c, rng, -1, space.needsGpu[c] && problem.gpuDemand[c] > 0 && rng.chance(0.5));
            if (s === undefined) {
                return false;
            }
            // Either one more instance, or (half the time, when possible) one moved from a worse-valued kind.
            const worse: number[] = [];
            for (let k = 0; k < S; k++) {
                if (k !== s && g.inst[c * S + k] > 0 && problem.pricePerSpeed[c * S + k] > problem.pricePerSpeed[c * S + s] && canLeave(problem, g, c, k)) {
                    worse.push(k);
                }
            }
            if (worse.length > 0 && rng.chance(0.5)) {
                g.inst[c * S + rng.pick(worse)]--;
            }
            g.inst[c * S + s]++;
            return true;
        }
        case 'relieve': {
            // The kind whose machines are busiest (the bottleneck of everything placed there, not of one
            // component): its heaviest component gets an instance on a less busy kind, best value first;
            // half the time the instance leaves the busy kind.
            const util = kindUtilization(problem, g.inst);
            const busy = [...util.keys()].filter(s => util[s] > 0).sort((a, b) => util[b] - util[a] || a - b);
            if (busy.length === 0) {
                return false;
            }
            const s = busy[rng.chance(0.7) ? 0 : rng.int(Math.min(3, busy.length))];
            const here = [...Array(C).keys()].filter(c => g.inst[c * S + s] > 0)
                .sort((a, b) => problem.cpuDemand[b] + problem.gpuDemand[b] - problem.cpuDemand[a] - problem.gpuDemand[a] || a - b);
            const c = here[rng.chance(0.7) ? 0 : rng.int(Math.min(3, here.length))];
            const gpu = space.needsGpu[c] && problem.gpuDemand[c] > 0;
            const targets = kindsByValue(problem, c, gpu).filter(t => t !== s && util[t] < util[s] && g.inst[c * S + t] < space.cellMax[c * S + t]);
            if (targets.length === 0) {
                return false;
            }
            // Prefer kinds with spare capacity (under 70% busy), best value first.
            const spare = targets.filter(t => util[t] < 0.7);
            const pool = spare.length > 0 ? spare : targets;
            const t = pool[rng.chance(0.7) ? 0 : rng.int(Math.min(2, pool.length))];
            g.inst[c * S + t]++;
            if (rng.chance(0.5) && canLeave(problem, g, c, s)) {
                g.inst[c * S + s]--;
            }
            return true;
        }
        case 'empty-machine': {
            const use = kindUse(space, g.inst);
            const kinds = [...use.instances.keys()].filter(s => use.instances[s] > 0);
            if (kinds.length === 0) {
                return false;
            }
            // The most expensive kind in use half the time, else any.
            const s = rng.chance(0.5) ? kinds.reduce((a, b) => problem.pricePerHour[b] > problem.pricePerHour[a] ? b : a) : rng.pick(kinds);
            const here: number[] = [];
            for (let c = 0; c < C; c++) {
                if (g.inst[c * S + s] > 0) {
                    here.push(c);
                }
            }
            // Removing one instance from a kind with no more instances than machines frees a machine.
            const c = rng.pick(here);
            const keep = canLeave(problem, g, c, s);
            g.inst[c * S + s]--;
            if (!keep || rng.chance(0.3)) {
                const t = targetKind(problem, g, c, rng, s, space.needsGpu[c] && space.hasGpu[s] && !keep);
                if (t === undefined) {
                    g.inst[c * S + s]++;
                    return false;
                }
                g.inst[c * S + t]++;
            }
            return true;
        }
        case 'merge': {
            const spread: number[] = [];
            for (let c = 0; c < C; c++) {
                let kinds = 0;
                for (let s = 0; s < S; s++) {
                    kinds += g.inst[c * S + s] > 0 ? 1 : 0;
                }
                if (kinds >= 2) {
                    spread.push(c);
                }
            }
            if (spread.length === 0) {
                return false;
            }
            const c = rng.pick(spread);
            const kinds = kindsByValue(problem, c).filter(s => g.inst[c * S + s] > 0);
            const into = kinds[0];
            const from = kinds[kinds.length - 1];
            if (space.needsGpu[c] && space.hasGpu[from] && !space.hasGpu[into] && gpuInstances(problem, g, c) <= g.inst[c * S + from]) {
                return false;
            }
            g.inst[c * S + into] = Math.min(space.cellMax[c * S + into], g.inst[c * S + into] + g.inst[c * S + from]);
            g.inst[c * S + from] = 0;
            return true;
        }
        case 'trim': {
            const util = componentUtilization(problem, g.inst);
            const candidates = [...util.keys()].filter(c => total(problem, g, c) > 1).sort((a, b) => util[a] - util[b] || a - b);
            if (candidates.length === 0) {
                return false;
            }
            const c = candidates[rng.chance(0.6) ? 0 : rng.int(Math.min(3, candidates.length))];
            const kinds = kindsByValue(problem, c).filter(s => g.inst[c * S + s] > 0 && canLeave(problem, g, c, s));
            if (kinds.length === 0) {
                return false;
            }
            g.inst[c * S + kinds[kinds.length - 1]]--;
            return true;
        }
        case 'pack': {
            // Only from a valid genotype (the packing's local search keeps validity, it does not repair).
            if (!isValid(space, g)) {
                return false;
            }
            const packed = improvePacking(space, g, rng, { iterations: PACK_ITERATIONS_PER_COMPONENT * C });
            if (genotypeKey(packed) === genotypeKey(g)) {
                return false;
            }
            g.inst.set(packed.inst);
            g.perm.set(packed.perm);
            g.lim.set(packed.lim);
            return true;
        }
        case 'permanent': {
            const slow = [...problem.startupTooSlow.keys()].filter(c => problem.startupTooSlow[c]);
            const c = slow.length > 0 && rng.chance(0.7) ? rng.pick(slow) : rng.int(C);
            if (space.permanentComponent[c]) {
                return false;
            }
            const set = rng.chance(0.5) ? 1 : (problem.startupTooSlow[c] ? 1 : 0);
            let changed = false;
            for (let s = 0; s < S; s++) {
                if (g.inst[c * S + s] > 0 && g.perm[c * S + s] !== set) {
                    g.perm[c * S + s] = set;
                    changed = true;
                }
            }
            return changed;
        }
    }
}
