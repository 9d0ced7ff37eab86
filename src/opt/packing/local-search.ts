/**
 * Local search on a static packing, every state feasible: change moves (one
 * instance to another kind), swap moves (two instances on different kinds
 * trade places), and ruin-and-recreate (empty one to three machines, plus a
 * few random instances, and put them back best-fit, opening machines in
 * order of price per capacity): emptying a machine is this move with one
 * machine and nothing else. Simulated annealing on
 *
 *     E = static cost - FILL_WEIGHT x sum over kinds of price x fill^2
 *
 * where fill is the kind's mean CPU and RAM use: on the plateaus where the
 * cost does not move, the second term pushes load together so machines can
 * be emptied. Its weight is 0.5 where some kind has several machines, 0
 * where every kind is one machine (cloud balancing): measured there (100 x
 * 300, generator seeds 1, 2 and 47, from best-fit, 60,000 to 5 million
 * attempts), every weight tried (0.05 to 1) ended 1-4% costlier than none
 * (on small ones, 30 x 90 and 300,000 attempts, 0.5 was 0.6% better), and
 * on a tiny instance with kinds of 2-3 machines 0.5 finds the optimum and 0
 * does not. Changes and swaps are priced in O(1) (delta evaluation); the
 * best state by cost (then E) is kept. Deterministic for a given Rng. Pure.
 *
 * `Annealer` is the search itself, resumable: its caller runs it a chunk of
 * iterations at a time and sets the temperature between chunks (the search
 * of a packing-like model cools it over its time limit and yields to the
 * event loop between chunks: search/packing-led.ts). `localSearch` is one
 * run of it with geometric cooling over a fixed number of iterations.
 */
import type { Rng } from '../rng.js';
import { decreasing, insertItem } from './construct.js';
import { PackingState } from './state.js';

export interface LocalSearchOptions {
    /** Move attempts. */
    iterations: number;
    /** Start and end temperature as a fraction of the mean machine price (geometric cooling). */
    startTemperature?: number;
    endTemperature?: number;
    /** Weight of the fill term (default FILL_WEIGHT or FILL_WEIGHT_MULTI_MACHINE). */
    fillWeight?: number;
    /** Share of ruin-and-recreate moves (default RUIN_SHARE or RUIN_SHARE_MULTI_MACHINE); the rest is changes and swaps. */
    ruinShare?: number;
    /** Called every 4,096 iterations; returning true stops the search (a time limit, a cancel). */
    shouldStop?: () => boolean;
}

export const FILL_WEIGHT = 0;
export const FILL_WEIGHT_MULTI_MACHINE = 0.5;
/**
 * Share of ruin-and-recreate moves: 1% when every kind is one machine (the
 * changes and swaps do most of the work, and a ruin costs a scan of the
 * machines in use), 20% when some kind has several: spreading puts a kind's
 * instances on distinct machines first, so freeing one of its machines takes
 * several instances off the kind at once, which only a ruin does.
 */
export const RUIN_SHARE = 0.01;
export const RUIN_SHARE_MULTI_MACHINE = 0.2;

export interface LocalSearchResult {
    state: PackingState;
    iterations: number;
    /** Accepted moves by kind, for benchmarks. */
    accepted: { change: number; swap: number; ruin: number };
}


export interface AnnealerOptions {
    /** Start and end temperature as a fraction of the mean machine price (the caller's schedule goes between them). */
    startTemperature?: number;
    endTemperature?: number;
    fillWeight?: number;
    ruinShare?: number;
}

export class Annealer {
    /** The state moved by the search (valid at every step). */
    readonly state: PackingState;
    /** Temperatures of the schedule's start and end, in cost units. */
    readonly t0: number;
    readonly t1: number;
    /** Current temperature (the caller's schedule sets it, or `run`'s cooling factor moves it). */
    temperature: number;
    readonly accepted = { change: 0, swap: 0, ruin: 0 };
    /** Move attempts made so far. */
    iterations = 0;
    /** Best state seen, by cost then energy; `improvements` counts its cost decreases. */
    bestCost: number;
    improvements = 0;
    private best: Int32Array;
    private bestEnergy: number;
    private readonly term: Float64Array;
    private fillSum = 0;
    private readonly fillWeight: number;
    private readonly ruinShare: number;
    private readonly removed: number[] = [];
    private readonly previous: number[] = [];
    private readonly touched = new Set<number>();
    /** Nothing to search (no item, or one kind). */
    readonly idle: boolean;

    constructor(start: PackingState, private readonly rng: Rng, options: AnnealerOptions = {}) {
        this.state = start.clone();
        const p = this.state.p;
        this.idle = this.state.N === 0 || p.S < 2;
        let meanPrice = 0;
        for (let s = 0; s < p.S; s++) {
            meanPrice += p.price[s] / p.S;
        }
        this.t0 = (options.startTemperature ?? 0.05) * Math.max(meanPrice, 1e-9);
        this.t1 = (options.endTemperature ?? 0.0005) * Math.max(meanPrice, 1e-9);
        this.temperature = this.t0;
        this.term = new Float64Array(p.S);
        for (let s = 0; s < p.S; s++) {
            this.touch(s);
        }
        const multiMachine = p.count.some(m => m > 1);
        this.fillWeight = options.fillWeight ?? (multiMachine ? FILL_WEIGHT_MULTI_MACHINE : FILL_WEIGHT);
        this.ruinShare = options.ruinShare ?? (multiMachine ? RUIN_SHARE_MULTI_MACHINE : RUIN_SHARE);
        this.best = Int32Array.from(this.state.itemKind);
        this.bestCost = this.state.cost;
        this.bestEnergy = this.energy();
    }

    /**
     * Up to `iterations` move attempts, the temperature multiplied by
     * `cooling` after each; `shouldStop` is asked every 4,096 attempts (first
     * before the first). Returns the attempts made.
     */
    run(iterations: number, cooling = 1, shouldStop?: () => boolean): number {
        if (this.idle) {
            return 0;
        }
        const rng = this.rng;
        const ruinShare = this.ruinShare;
        let iteration = 0;
        for (; iteration < iterations; iteration++) {
            if ((iteration & 4095) === 0 && shouldStop?.()) {
                break;
            }
            const r = rng.next();
            if (r < ruinShare) {
                this.ruin();
            } else if (r < ruinShare + 0.55 * (1 - ruinShare)) {
                this.change();
            } else {
                this.swap();
            }
            this.temperature *= cooling;
        }
        this.iterations += iteration;
        return iteration;
    }

    /** A fresh state holding the best assignment seen (the current one counts). */
    bestState(): PackingState {
        this.remember();
        const p = this.state.p;
        const result = new PackingState(p, this.state.itemComp);
        for (let i = 0; i < this.state.N; i++) {
            result.place(i, this.best[i]);
        }
        return result;
    }

    private termOf(s: number, cpu: number, ram: number, n: number): number {
        if (n === 0) {
            return 0;
        }
        const p = this.state.p;
        const m = p.count[s];
        const f = 0.5 * (cpu / (p.kindCpu[s] * m) + ram / (p.kindRam[s] * m));
        return p.price[s] * m * f * f;
    }

    private touch(s: number): void {
        const state = this.state;
        const t = this.termOf(s, state.cpuSum[s], state.ramSum[s], state.n[s]);
        this.fillSum += t - this.term[s];
        this.term[s] = t;
    }

    private energy(): number {
        return this.state.cost - this.fillWeight * this.fillSum;
    }

    private accept(delta: number): boolean {
        return delta <= 0 || this.rng.next() < Math.exp(-delta / this.temperature);
    }

    private remember(): void {
        const state = this.state;
        const e = this.energy();
        if (state.cost < this.bestCost - 1e-9 || (state.cost <= this.bestCost + 1e-9 && e < this.bestEnergy - 1e-9)) {
            if (state.cost < this.bestCost - 1e-9) {
                this.improvements++;
            }
            this.best = Int32Array.from(state.itemKind);
            this.bestCost = state.cost;
            this.bestEnergy = e;
        }
    }

    private change(): void {
        const { state, rng } = this;
        const p = state.p;
        const i = rng.int(state.N);
        const from = state.itemKind[i];
        const c = state.itemComp[i];
        // Mostly a kind in use (no added cost), sometimes any allowed kind.
        let to: number;
        if (rng.chance(0.85) && state.open.length > 1) {
            to = state.open[rng.int(state.open.length)];
        } else {
            const choices = p.candStart[c + 1] - p.candStart[c];
            if (choices === 0) {
                return;
            }
            to = p.cand[p.candStart[c] + rng.int(choices)];
        }
        if (to === from || to === undefined || p.space.cellMax[c * p.S + to] === 0) {
            return;
        }
        if (p.needsGpu[c] && p.kindGpu[from] && !p.kindGpu[to] && state.gpuInstances[c] === 1) {
            return;
        }
        const term = this.term;
        const dCost = state.moveDelta(i, to);
        const dFill = this.termOf(from, state.cpuSum[from] - p.cpu[c], state.ramSum[from] - p.ram[c], state.n[from] - 1) - term[from]
            + this.termOf(to, state.cpuSum[to] + p.cpu[c], state.ramSum[to] + p.ram[c], state.n[to] + 1) - term[to];
        if (!this.accept(dCost - this.fillWeight * dFill) || !state.fits(to, i)) {
            return;
        }
        state.move(i, to);
        this.touch(from);
        this.touch(to);
        this.accepted.change++;
        if (dCost < 0) {
            this.remember();
        }
    }

    private swap(): void {
        const { state, rng } = this;
        const p = state.p;
        const N = state.N;
        const i = rng.int(N);
        const j = rng.int(N);
        const a = state.itemKind[i];
        const b = state.itemKind[j];
        const ci = state.itemComp[i];
        const cj = state.itemComp[j];
        if (a === b || ci === cj) {
            return;
        }
        const cm = p.space.cellMax;
        if (cm[ci * p.S + b] === 0 || cm[cj * p.S + a] === 0) {
            return;
        }
        if ((p.needsGpu[ci] && p.kindGpu[a] && !p.kindGpu[b] && state.gpuInstances[ci] === 1)
            || (p.needsGpu[cj] && p.kindGpu[b] && !p.kindGpu[a] && state.gpuInstances[cj] === 1)) {
            return;
        }
        const term = this.term;
        const dc = p.cpu[cj] - p.cpu[ci];
        const dr = p.ram[cj] - p.ram[ci];
        const dFill = this.termOf(a, state.cpuSum[a] + dc, state.ramSum[a] + dr, state.n[a]) - term[a]
            + this.termOf(b, state.cpuSum[b] - dc, state.ramSum[b] - dr, state.n[b]) - term[b];
        if (!this.accept(-this.fillWeight * dFill) || !state.fits(a, j, i) || !state.fits(b, i, j)) {
            return;
        }
        state.unplace(i);
        state.unplace(j);
        state.place(i, b);
        state.place(j, a);
        this.touch(a);
        this.touch(b);
        this.accepted.swap++;
    }

    private ruin(): void {
        const { state, rng, removed, previous, touched } = this;
        const p = state.p;
        const N = state.N;
        const before = this.energy();
        const costBefore = state.cost;
        removed.length = 0;
        previous.length = 0;
        touched.clear();
        const machines = rng.chance(0.5) ? 1 : 2 + rng.int(2);
        for (let k = 0; k < machines && state.open.length > 0; k++) {
            // The emptier of two machines in use (the easier one to empty).
            const a = state.open[rng.int(state.open.length)];
            const b = state.open[rng.int(state.open.length)];
            const s = state.fill(a) <= state.fill(b) ? a : b;
            for (const i of [...state.members[s]]) {
                previous.push(s);
                removed.push(i);
                state.unplace(i);
            }
            touched.add(s);
        }
        const extra = rng.int(4);
        for (let k = 0; k < extra; k++) {
            const i = rng.int(N);
            const s = state.itemKind[i];
            if (s >= 0) {
                previous.push(s);
                removed.push(i);
                state.unplace(i);
                touched.add(s);
            }
        }
        let ok = true;
        for (const i of decreasing(p, removed, state.itemComp, rng)) {
            if (!insertItem(state, i, rng.chance(0.8) ? 'best' : 'random', rng)) {
                ok = false;
                break;
            }
            touched.add(state.itemKind[i]);
        }
        for (const s of touched) {
            this.touch(s);
        }
        if (ok && this.accept(this.energy() - before)) {
            this.accepted.ruin++;
            if (state.cost < costBefore) {
                this.remember();
            }
            return;
        }
        for (const i of removed) {
            state.unplace(i);
        }
        for (let k = 0; k < removed.length; k++) {
            state.place(removed[k], previous[k]);
        }
        for (const s of touched) {
            this.touch(s);
        }
    }
}

/** One run of the annealer from `start`: geometric cooling from t0 to t1 over `options.iterations`; the best state. */
export function localSearch(start: PackingState, rng: Rng, options: LocalSearchOptions): LocalSearchResult {
    const annealer = new Annealer(start, rng, options);
    if (annealer.idle) {
        return { state: annealer.state, iterations: 0, accepted: annealer.accepted };
    }
    const cooling = Math.pow(annealer.t1 / annealer.t0, 1 / Math.max(1, options.iterations));
    const iterations = annealer.run(options.iterations, cooling, options.shouldStop);
    return { state: annealer.bestState(), iterations, accepted: annealer.accepted };
}
