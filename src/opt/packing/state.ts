/**
 * A packing in progress: each item (one component instance) on a server kind
 * or unplaced (-1), with per-kind sums kept up to date so a move is checked
 * and priced in O(1) on single-machine kinds (the cloud-balancing case) and
 * by re-spreading the kind's instances on kinds with several machines. The
 * incremental sums are checked against the exact rule (fit.ts, summing in
 * canonical order) whenever they come near a capacity, so the state never
 * accepts what the optimizer's validity check would refuse. Pure.
 */
import { kindHolds, machineFits } from './fit.js';
import { stepRamOf, type PackingProblem } from './problem.js';

/** Relative distance to a capacity under which the exact rule decides. */
const NEAR = 1e-9;

export class PackingState {
    readonly N: number;
    readonly itemKind: Int32Array;
    /** Instances per kind, idle CPU and RAM sums per kind. */
    readonly n: Int32Array;
    readonly cpuSum: Float64Array;
    readonly ramSum: Float64Array;
    /** Items on each kind; pos[i] is item i's index in members[kind]. */
    readonly members: number[][];
    private readonly pos: Int32Array;
    /** Instances of component c on kind s, by c * S + s (sparse). */
    private readonly cells = new Map<number, number>();
    /** Instances of each component on GPU kinds. */
    readonly gpuInstances: Int32Array;
    /** Kinds with at least one instance, in no particular order; openPos[s] its index or -1. */
    readonly open: number[] = [];
    private readonly openPos: Int32Array;
    /** Static cost per hour: sum over kinds of price x machines used. */
    cost = 0;
    /** Items of each component: a cell bound at or above it cannot bind. */
    private readonly instancesOf: Int32Array;

    constructor(readonly p: PackingProblem, readonly itemComp: Int32Array) {
        this.N = itemComp.length;
        this.itemKind = new Int32Array(this.N).fill(-1);
        this.n = new Int32Array(p.S);
        this.cpuSum = new Float64Array(p.S);
        this.ramSum = new Float64Array(p.S);
        this.members = Array.from({ length: p.S }, () => []);
        this.pos = new Int32Array(this.N).fill(-1);
        this.gpuInstances = new Int32Array(p.C);
        this.openPos = new Int32Array(p.S).fill(-1);
        this.instancesOf = new Int32Array(p.C);
        for (const c of itemComp) {
            this.instancesOf[c]++;
        }
    }

    clone(): PackingState {
        const copy = new PackingState(this.p, this.itemComp);
        for (let i = 0; i < this.N; i++) {
            if (this.itemKind[i] >= 0) {
                copy.place(i, this.itemKind[i]);
            }
        }
        return copy;
    }

    /** Machines of kind s in use with `count` instances on it (the spreading fills empty machines first). */
    kindCost(s: number, count: number): number {
        return this.p.price[s] * Math.min(this.p.count[s], count);
    }

    cellCount(c: number, s: number): number {
        return this.cells.get(c * this.p.S + s) ?? 0;
    }

    /** Puts unplaced item i on kind s, no check. */
    place(i: number, s: number): void {
        const c = this.itemComp[i];
        const p = this.p;
        this.cost += this.kindCost(s, this.n[s] + 1) - this.kindCost(s, this.n[s]);
        this.itemKind[i] = s;
        this.pos[i] = this.members[s].length;
        this.members[s].push(i);
        if (this.n[s]++ === 0) {
            this.openPos[s] = this.open.length;
            this.open.push(s);
        }
        this.cpuSum[s] += p.cpu[c];
        this.ramSum[s] += p.ram[c];
        const key = c * p.S + s;
        this.cells.set(key, (this.cells.get(key) ?? 0) + 1);
        if (p.kindGpu[s]) {
            this.gpuInstances[c]++;
        }
    }

    /** Takes item i off its kind (it becomes unplaced), no check. */
    unplace(i: number): void {
        const s = this.itemKind[i];
        if (s < 0) {
            return;
        }
        const c = this.itemComp[i];
        const p = this.p;
        this.cost += this.kindCost(s, this.n[s] - 1) - this.kindCost(s, this.n[s]);
        const list = this.members[s];
        const last = list.pop()!;
        if (last !== i) {
            list[this.pos[i]] = last;
            this.pos[last] = this.pos[i];
        }
        this.pos[i] = -1;
        this.itemKind[i] = -1;
        if (--this.n[s] === 0) {
            const at = this.openPos[s];
            const moved = this.open.pop()!;
            if (moved !== s) {
                this.open[at] = moved;
                this.openPos[moved] = at;
            }
            this.openPos[s] = -1;
            this.cpuSum[s] = 0;
            this.ramSum[s] = 0;
        } else {
            this.cpuSum[s] -= p.cpu[c];
            this.ramSum[s] -= p.ram[c];
        }
        const key = c * p.S + s;
        const left = (this.cells.get(key) ?? 0) - 1;
        if (left > 0) {
            this.cells.set(key, left);
        } else {
            this.cells.delete(key);
        }
        if (p.kindGpu[s]) {
            this.gpuInstances[c]--;
        }
    }

    move(i: number, s: number): void {
        this.unplace(i);
        this.place(i, s);
    }

    /** Change in static cost if item i went to kind s. */
    moveDelta(i: number, s: number): number {
        const from = this.itemKind[i];
        if (from === s) {
            return 0;
        }
        let delta = this.kindCost(s, this.n[s] + 1) - this.kindCost(s, this.n[s]);
        if (from >= 0) {
            delta += this.kindCost(from, this.n[from] - 1) - this.kindCost(from, this.n[from]);
        }
        return delta;
    }

    /**
     * Would kind s hold its instances with item `add` added and item
     * `remove` (on s, or -1) taken off? Also checks the cell bound.
     */
    fits(s: number, add: number, remove = -1): boolean {
        const p = this.p;
        const c = this.itemComp[add];
        const cr = remove >= 0 ? this.itemComp[remove] : -1;
        const bound = p.space.cellMax[c * p.S + s];
        if (bound < this.instancesOf[c] && this.cellCount(c, s) + 1 - (cr === c ? 1 : 0) > bound) {
            return false;
        }
        if (p.count[s] !== 1) {
            return kindHolds(p, s, this.componentsWith(s, add, remove));
        }
        const cpu = this.cpuSum[s] + p.cpu[c] - (cr >= 0 ? p.cpu[cr] : 0);
        const ram = this.ramSum[s] + p.ram[c] - (cr >= 0 ? p.ram[cr] : 0);
        let stepRam = stepRamOf(p, c, s);
        if (p.anyStepRam) {
            for (const j of this.members[s]) {
                if (j !== remove) {
                    stepRam = Math.max(stepRam, stepRamOf(p, this.itemComp[j], s));
                }
            }
        }
        const cap = p.kindCpu[s];
        const ramCap = p.kindRam[s];
        // Sums of whole numbers are exact in any order; others may differ from
        // the canonical order's sum in the last bits, which decides only near a capacity.
        const exact = Number.isInteger(cpu) && Number.isInteger(ram) && Number.isInteger(stepRam);
        if (!exact && (Math.abs(cpu - cap) <= NEAR * cap || Math.abs(ram - ramCap) <= NEAR * ramCap || Math.abs(ram + stepRam - ramCap) <= NEAR * ramCap)) {
            return kindHolds(p, s, this.componentsWith(s, add, remove));
        }
        return machineFits(p, s, cpu, ram, stepRam);
    }

    /** Whether kind s holds what is on it now (exact rule). */
    kindValid(s: number): boolean {
        return kindHolds(this.p, s, this.componentsWith(s, -1, -1));
    }

    /** Components on s (with `add`, without `remove`), ascending: the canonical spreading order. */
    private componentsWith(s: number, add: number, remove: number): Int32Array {
        const list: number[] = [];
        for (const j of this.members[s]) {
            if (j !== remove) {
                list.push(this.itemComp[j]);
            }
        }
        if (add >= 0) {
            list.push(this.itemComp[add]);
        }
        return Int32Array.from(list).sort();
    }

    /** Fill of kind s in [0, 1): mean of its CPU and RAM use over its total capacity. */
    fill(s: number): number {
        const p = this.p;
        const m = p.count[s];
        return m > 0 ? 0.5 * (this.cpuSum[s] / (p.kindCpu[s] * m) + this.ramSum[s] / (p.kindRam[s] * m)) : 0;
    }
}
