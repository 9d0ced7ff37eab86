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
 * be emptied. Changes and swaps are priced in O(1) (delta evaluation); the
 * best state by cost (then E) is kept. Deterministic for a given Rng. Pure.
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
    /** Weight of the fill term (default FILL_WEIGHT). */
    fillWeight?: number;
    /** Share of ruin-and-recreate moves (default RUIN_SHARE or RUIN_SHARE_MULTI_MACHINE); the rest is changes and swaps. */
    ruinShare?: number;
    /** Called every 4,096 iterations; returning true stops the search (a time limit, a cancel). */
    shouldStop?: () => boolean;
}

export const FILL_WEIGHT = 0.5;
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

export function localSearch(start: PackingState, rng: Rng, options: LocalSearchOptions): LocalSearchResult {
    const state = start.clone();
    const p = state.p;
    const N = state.N;
    const accepted = { change: 0, swap: 0, ruin: 0 };
    if (N === 0 || p.S < 2) {
        return { state, iterations: 0, accepted };
    }
    let meanPrice = 0;
    for (let s = 0; s < p.S; s++) {
        meanPrice += p.price[s] / p.S;
    }
    const t0 = (options.startTemperature ?? 0.05) * Math.max(meanPrice, 1e-9);
    const t1 = (options.endTemperature ?? 0.0005) * Math.max(meanPrice, 1e-9);
    const cooling = Math.pow(t1 / t0, 1 / Math.max(1, options.iterations));
    let temperature = t0;

    const term = new Float64Array(p.S);
    let fillSum = 0;
    const termOf = (s: number, cpu: number, ram: number, n: number) => {
        if (n === 0) {
            return 0;
        }
        const m = p.count[s];
        const f = 0.5 * (cpu / (p.kindCpu[s] * m) + ram / (p.kindRam[s] * m));
        return p.price[s] * m * f * f;
    };
    const touch = (s: number) => {
        const t = termOf(s, state.cpuSum[s], state.ramSum[s], state.n[s]);
        fillSum += t - term[s];
        term[s] = t;
    };
    for (let s = 0; s < p.S; s++) {
        touch(s);
    }
    const fillWeight = options.fillWeight ?? FILL_WEIGHT;
    const ruinShare = options.ruinShare ?? (p.count.some(m => m > 1) ? RUIN_SHARE_MULTI_MACHINE : RUIN_SHARE);
    const energy = () => state.cost - fillWeight * fillSum;
    const accept = (delta: number) => delta <= 0 || rng.next() < Math.exp(-delta / temperature);

    let best = Int32Array.from(state.itemKind);
    let bestCost = state.cost;
    let bestEnergy = energy();
    const remember = () => {
        const e = energy();
        if (state.cost < bestCost - 1e-9 || (state.cost <= bestCost + 1e-9 && e < bestEnergy - 1e-9)) {
            best = Int32Array.from(state.itemKind);
            bestCost = state.cost;
            bestEnergy = e;
        }
    };

    const change = (): void => {
        const i = rng.int(N);
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
        const dCost = state.moveDelta(i, to);
        const dFill = termOf(from, state.cpuSum[from] - p.cpu[c], state.ramSum[from] - p.ram[c], state.n[from] - 1) - term[from]
            + termOf(to, state.cpuSum[to] + p.cpu[c], state.ramSum[to] + p.ram[c], state.n[to] + 1) - term[to];
        if (!accept(dCost - fillWeight * dFill) || !state.fits(to, i)) {
            return;
        }
        state.move(i, to);
        touch(from);
        touch(to);
        accepted.change++;
        if (dCost < 0) {
            remember();
        }
    };

    const swap = (): void => {
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
        const dc = p.cpu[cj] - p.cpu[ci];
        const dr = p.ram[cj] - p.ram[ci];
        const dFill = termOf(a, state.cpuSum[a] + dc, state.ramSum[a] + dr, state.n[a]) - term[a]
            + termOf(b, state.cpuSum[b] - dc, state.ramSum[b] - dr, state.n[b]) - term[b];
        if (!accept(-fillWeight * dFill) || !state.fits(a, j, i) || !state.fits(b, i, j)) {
            return;
        }
        state.unplace(i);
        state.unplace(j);
        state.place(i, b);
        state.place(j, a);
        touch(a);
        touch(b);
        accepted.swap++;
    };

    const removed: number[] = [];
    const previous: number[] = [];
    const touched = new Set<number>();
    const ruin = (): void => {
        const before = energy();
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
            touch(s);
        }
        if (ok && accept(energy() - before)) {
            accepted.ruin++;
            if (state.cost < costBefore) {
                remember();
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
            touch(s);
        }
    };

    let iteration = 0;
    for (; iteration < options.iterations; iteration++) {
        if ((iteration & 4095) === 0 && options.shouldStop?.()) {
            break;
        }
        const r = rng.next();
        if (r < ruinShare) {
            ruin();
        } else if (r < ruinShare + 0.55 * (1 - ruinShare)) {
            change();
        } else {
            swap();
        }
        temperature *= cooling;
    }
    remember();
    const result = new PackingState(p, state.itemComp);
    for (let i = 0; i < N; i++) {
        result.place(i, best[i]);
    }
    return { state: result, iterations: iteration, accepted };
}
