/**
 * The analytic model of one allocation: stations (a component's instances
 * that can serve a set of its steps), machines shared by processor sharing,
 * and the fixed point that ties them together.
 *
 * - A station's jobs are step executions; a job of chain position q is split
 *   into k_q parts (src/sim/layout.ts decides k exactly as the simulator).
 *   The station is solved as a birth-death queue in jobs (queue.ts) whose
 *   service rate with b busy instances comes from the machines: a part of an
 *   instance on machine m progresses at 1 / (j + B) of the machine's speed,
 *   j the station's busy instances on m and B the mean number of other
 *   stations' parts running there (processor sharing), and slower when the
 *   machine's bandwidth is short. Instances are taken in the simulator's
 *   dispatch order: permanent (always up) first, then the others, each in
 *   allocation order; instances a step's RAM can never fit on are left out.
 * - The waiting time is corrected for general arrivals and service by the
 *   Allen-Cunneen factor (ca^2 + cs^2) / 2, which makes the M/G/1 mean
 *   (Pollaczek-Khinchine) exact; arrival variability is carried along each
 *   process's chain with Whitt's QNA departure and splitting formulas.
 * - An on-demand instance is down when a part reaches it unless it served a
 *   part less than `keepalive` ago; a part that does not wait in the queue
 *   finds its instance down with probability exp(-nu K), nu the rate at which
 *   the idle instance is picked, and then waits the component's startup.
 * - A station whose load reaches its capacity is saturated: its queue grows
 *   through the whole horizon, and a run arriving at t waits about
 *   (rho - 1) t, which is what the simulator measures (every counted run is
 *   simulated to completion).
 *
 * The stations are solved in turn until the machines' shared loads, the
 * startup probabilities and the arrival variabilities stop changing.
 */
import type { Layout } from '../layout.js';
import { positionPartWork } from '../prepared.js';
import { aloneTimes, ALONE_STRIDE, type AnalyticModel } from './prepare.js';
import { solveBirthDeath } from './queue.js';
import { priorityFactors } from './priority.js';

export interface AnalyticSettings {
    horizonSeconds: number;
    warmupSeconds: number;
    keepaliveSeconds: number;
}

/** A step execution's time at one chain position, by its moments and its cold-start part. */
export interface PositionTime {
    /** Mean and variance of the step's time, cold starts included. */
    mean: number;
    variance: number;
    /** Probability that the step waits for a startup, and that startup, s. */
    coldProbability: number;
    coldSeconds: number;
    /** The station serving it is saturated. */
    saturated: boolean;
}

/**
 * The solution for one allocation. Its arrays belong to the solver and are
 * overwritten by its next solve: read them before solving another allocation.
 */
export interface NetworkSolution {
    positions: readonly PositionTime[];
    /** Per machine: fraction of time at least one instance is up; CPU/GPU work done per second; mean RAM used. */
    machineUp: Float64Array;
    machineCpuGHz: Float64Array;
    machineGpuTOPS: Float64Array;
    machineRamMB: Float64Array;
    /** Per component with a saturated station: its offered load over its capacity. */
    saturated: { component: number; rho: number }[];
    iterations: number;
}

const EMPTY_I32 = new Int32Array(0);
const EMPTY_F64 = new Float64Array(0);

/**
 * A component's instances that can serve a set of its steps. The objects are
 * kept by the solver and refilled for each allocation; their arrays grow to
 * the largest allocation seen and are used up to N (instances), T (machines)
 * and nq (positions), so an estimate allocates nothing in its loops.
 */
class Station {
    component = 0;
    /** Chain positions served (the model's array, not a copy), and how many. */
    positions: Int32Array = EMPTY_I32;
    nq = 0;
    /** Per position: job rate (1/s), split, mean part time alone over the station's instances (for kBusy). */
    lambda: Float64Array;
    split: Int32Array;
    heldTime: Float64Array;
    /** Per position: the aloneTimes table of (q, split) (ALONE_STRIDE values per server kind). */
    tables: Float64Array[] = [];
    /** Per position scratch: part-rate weight, mean and SCV of the part time, probability of a cold job. */
    w: Float64Array;
    posMean: Float64Array;
    posScv: Float64Array;
    coldJob: Float64Array;
    /** Job rate, mean parts per job, and mean instances held by a job in service (work-weighted). */
    Lambda = 0;
    k = 1;
    kBusy = 1;
    /** Lowest-numbered (first in allocation order) permanent instance of the station, or -1. */
    firstPermanent = -1;
    /** Instances in dispatch order (N of them), their machines, their machines' slots in `touched`. */
    N = 0;
    instances: Int32Array = EMPTY_I32;
    machine: Int32Array = EMPTY_I32;
    slotOf: Int32Array = EMPTY_I32;
    /** Position of each instance in the partner station's instances, or -1. */
    partnerIndex: Int32Array = EMPTY_I32;
    /** Per server kind: mean part time alone (no sharing), its CPU and GPU parts, by part-rate-weighted mix. */
    alone: Float64Array;
    aloneCpu: Float64Array;
    aloneGpu: Float64Array;
    /** Part-rate-weighted mean network rates, mean CPU/GPU work and RAM per part. */
    netIn = 0;
    netOut = 0;
    cpuPerPart = 0;
    gpuPerPart = 0;
    ramPerPart = 0;
    startup = 0;
    /** The other station of the same component sharing instances (GPU and non-GPU steps). */
    partner: Station | undefined;
    // Iteration state, per instance position (busy and partRate: N + 1 entries).
    busy: Float64Array = EMPTY_F64;
    coldP: Float64Array = EMPTY_F64;
    up: Float64Array = EMPTY_F64;
    partRate: Float64Array = EMPTY_F64;
    /** Parts per second taken by each instance. */
    rate: Float64Array = EMPTY_F64;
    avail: Float64Array = EMPTY_F64;
    work: Float64Array = EMPTY_F64;
    /** Machines the station uses (T of them) and its own load there (CHANNELS per slot). */
    T = 0;
    touched: Int32Array = EMPTY_I32;
    own: Float64Array = EMPTY_F64;
    foreign: Float64Array = EMPTY_F64;
    next: Float64Array = EMPTY_F64;
    /** Per slot: busy count, sum of availabilities of the busy instances, group rate, mean busy count. */
    perSlot: Float64Array = EMPTY_F64;
    saturated = false;
    rho = 0;

    constructor(maxPositions: number, S: number) {
        this.lambda = new Float64Array(maxPositions);
        this.split = new Int32Array(maxPositions);
        this.heldTime = new Float64Array(maxPositions);
        this.w = new Float64Array(maxPositions);
        this.posMean = new Float64Array(maxPositions);
        this.posScv = new Float64Array(maxPositions);
        this.coldJob = new Float64Array(maxPositions);
        this.alone = new Float64Array(S);
        this.aloneCpu = new Float64Array(S);
        this.aloneGpu = new Float64Array(S);
    }

    /** Room for n instances (on at most n machines). */
    reserve(n: number): void {
        if (this.instances.length >= n) { return; }
        const cap = Math.max(4, 2 * n);
        this.instances = new Int32Array(cap);
        this.machine = new Int32Array(cap);
        this.slotOf = new Int32Array(cap);
        this.partnerIndex = new Int32Array(cap);
        this.busy = new Float64Array(cap + 1);
        this.coldP = new Float64Array(cap);
        this.up = new Float64Array(cap);
        this.partRate = new Float64Array(cap + 1);
        this.rate = new Float64Array(cap);
        this.avail = new Float64Array(cap);
        this.work = new Float64Array(cap);
        this.touched = new Int32Array(cap);
        this.own = new Float64Array(cap * CHANNELS);
        this.foreign = new Float64Array(cap * CHANNELS);
        this.next = new Float64Array(cap * CHANNELS);
        this.perSlot = new Float64Array(cap * 4);
    }
}

const MIN_TIME = 1e-9;
/** Iterations end when no step's mean time changes by more than this share (after at least 4). */
const TOLERANCE = 1e-4;
const MAX_ITERATIONS = 60;
/**
 * The machines' loads are taken undamped for the first UNDAMPED iterations (most allocations
 * converge within them), then half-way between the old and the new value (stations on one machine
 * feed back on each other and can oscillate).
 */
const UNDAMPED = 8;

/**
 * Per chain position: the arrivals' squared coefficient of variation, their rate, and the share of
 * the process's runs that got through the positions before it per unit of time (below 1 behind a
 * saturated station, which passes only its capacity on: fluid throttling).
 */
interface Flow {
    ca2: Float64Array;
    rate: Float64Array;
    theta: Float64Array;
}

/**
 * What a machine's running parts offer to sharing, per machine (and per station for its own share):
 * mean number of parts running CPU work and GPU work, their net in/out rates (Mbps), and the sums of
 * count x part duration (to know how long the other parts on a machine last).
 */
const CPU = 0, GPU = 1, NET_IN = 2, NET_OUT = 3, CPU_DUR = 4, GPU_DUR = 5, CHANNELS = 6;

export type NetworkSolver = (L: Layout, s: AnalyticSettings) => NetworkSolution;

/**
 * A solver for one model: the stations, the per-machine and per-position
 * arrays are made once and reused by every solve (the model fixes the
 * machines, the chain positions and the positions of each component; only
 * the instances vary with the allocation).
 */
export function createNetworkSolver(am: AnalyticModel): NetworkSolver {
    const prep = am.prep;
    const Q = prep.positionCount;
    const C = prep.componentCount;
    const S = am.S;
    // One station per component, two for a component with GPU and non-GPU steps (made when first needed).
    const first: (Station | undefined)[] = new Array(C).fill(undefined);
    const second: (Station | undefined)[] = new Array(C).fill(undefined);
    const stations: Station[] = [];
    const positionStation: Station[] = [];
    const flow: Flow = { ca2: new Float64Array(Q), rate: new Float64Array(Q), theta: new Float64Array(Q) };
    const positions: PositionTime[] = Array.from({ length: Q }, () => ({ mean: 0, variance: 0, coldProbability: 0, coldSeconds: 0, saturated: false }));
    let M = -1;
    let load = EMPTY_F64, machineUp = EMPTY_F64, machineCpuGHz = EMPTY_F64, machineGpuTOPS = EMPTY_F64, machineRamMB = EMPTY_F64;
    /** Per machine: RAM admission count and machine slot, valid where the stamp is the current one. */
    let admitted = EMPTY_I32, admittedStamp = EMPTY_I32, slot = EMPTY_I32, slotStamp = EMPTY_I32;
    let stamp = 0;
    let instUp = EMPTY_F64;
    const solution: NetworkSolution = { positions, machineUp, machineCpuGHz, machineGpuTOPS, machineRamMB, saturated: [], iterations: 0 };

    const station = (list: (Station | undefined)[], c: number): Station => {
        let st = list[c];
        if (!st) {
            st = new Station(am.positionsOf[c].length, S);
            list[c] = st;
        }
        return st;
    };

    /** Fills `st` for component c serving positions qs with its instances (GPU ones only when `gpuOnly`). */
    const fill = (st: Station, L: Layout, c: number, qs: Int32Array, gpuOnly: boolean): void => {
        const n = qs.length;
        st.component = c;
        st.positions = qs;
        st.nq = n;
        st.partner = undefined;
        let Lambda = 0, parts = 0;
        for (let x = 0; x < n; x++) {
            const q = qs[x];
            const l = prep.arrivalRate[am.processOf[q]];
            st.lambda[x] = l;
            st.split[x] = L.split[q];
            st.tables[x] = aloneTimes(am, q, L.split[q]);
            Lambda += l;
            parts += l * L.split[q];
        }
        st.Lambda = Lambda;
        st.k = Lambda > 0 ? parts / Lambda : 1;
        // Part-rate weights of the positions.
        let netIn = 0, netOut = 0, cpuPerPart = 0, gpuPerPart = 0, ramPerPart = 0;
        for (let x = 0; x < n; x++) {
            const q = qs[x];
            const w = parts > 0 ? st.lambda[x] * st.split[x] / parts : 1 / n;
            st.w[x] = w;
            netIn += w * prep.netInMbps[q];
            netOut += w * prep.netOutMbps[q];
            if (prep.splitCost[q]) {
                // A part's mean work under the split cost (src/model/split-cost.ts is affine in the work).
                cpuPerPart += w * positionPartWork(prep, q, prep.cpuMean[q], st.split[x], false);
                gpuPerPart += w * positionPartWork(prep, q, prep.gpuMean[q], st.split[x], true);
            } else {
                cpuPerPart += w * prep.cpuMean[q] / st.split[x];
                gpuPerPart += w * prep.gpuMean[q] / st.split[x];
            }
            ramPerPart += w * prep.ramMB[q];
        }
        st.netIn = netIn; st.netOut = netOut; st.cpuPerPart = cpuPerPart; st.gpuPerPart = gpuPerPart; st.ramPerPart = ramPerPart;
        // Dispatch order: permanent (always up) instances first, then the others, each in allocation order.
        // RAM admission: at most floor(free RAM / part RAM) parts of this station at once on a machine.
        const from = L.componentFirst[c], to = L.componentFirst[c + 1];
        st.reserve(to - from);
        stamp++;
        let N = 0, fallback = -1;
        for (let pass = 1; pass >= 0; pass--) {
            for (let x = from; x < to; x++) {
                const i = L.componentInstances[x];
                if (L.instancePermanent[i] !== pass || (gpuOnly && !L.instanceHasGpu[i])) { continue; }
                if (fallback < 0) { fallback = i; }
                const m = L.instanceMachine[i];
                const used = admittedStamp[m] === stamp ? admitted[m] : 0;
                const cap = ramPerPart > 0 ? Math.floor((L.ramMB[m] - L.reservedIdleRamMB[m]) / ramPerPart + 1e-9) : Infinity;
                if (used >= cap) { continue; }
                admittedStamp[m] = stamp;
                admitted[m] = used + 1;
                st.instances[N++] = i;
            }
        }
        if (N === 0) { st.instances[N++] = fallback; }
        st.N = N;
        // Machines used, in order of first use.
        let T = 0, firstPermanent = -1;
        for (let r = 0; r < N; r++) {
            const i = st.instances[r], m = L.instanceMachine[i];
            st.machine[r] = m;
            if (slotStamp[m] !== stamp) {
                slotStamp[m] = stamp;
                slot[m] = T;
                st.touched[T++] = m;
            }
            st.slotOf[r] = slot[m];
            if (L.instancePermanent[i] && (firstPermanent < 0 || i < firstPermanent)) { firstPermanent = i; }
            st.busy[r] = 0;
            st.coldP[r] = L.instancePermanent[i] ? 0 : 1;
            st.up[r] = 0;
            st.partRate[r] = 0;
            st.rate[r] = 0;
            st.avail[r] = 1;
            st.work[r] = 0;
        }
        st.busy[N] = 0;
        st.partRate[N] = 0;
        st.T = T;
        st.firstPermanent = firstPermanent;
        st.own.fill(0, 0, T * CHANNELS);
        // Per server kind: part time alone and its CPU and GPU parts, by the part-rate-weighted mix.
        for (let sk = 0; sk < S; sk++) {
            const o = sk * ALONE_STRIDE;
            let alone = 0, cpu = 0, gpu = 0;
            for (let x = 0; x < n; x++) {
                const table = st.tables[x], w = st.w[x];
                alone += w * table[o];
                cpu += w * table[o + 2];
                gpu += w * table[o + 3];
            }
            st.alone[sk] = alone; st.aloneCpu[sk] = cpu; st.aloneGpu[sk] = gpu;
        }
        let held = 0, time = 0;
        for (let x = 0; x < n; x++) {
            const table = st.tables[x];
            let t = 0;
            for (let r = 0; r < N; r++) { t += table[L.machineKind[st.machine[r]] * ALONE_STRIDE] / N; }
            st.heldTime[x] = t;
            held += st.lambda[x] * st.split[x] * t;
            time += st.lambda[x] * t;
        }
        st.kBusy = time > 0 ? held / time : st.k;
        st.startup = prep.startupSeconds[c];
        st.saturated = false;
        st.rho = 0;
    };

    /** Stations of every component with steps: one, or two when GPU steps can use only some of its instances. */
    const build = (L: Layout): void => {
        stations.length = 0;
        for (let c = 0; c < C; c++) {
            const qs = am.positionsOf[c];
            if (qs.length === 0) { continue; }
            const from = L.componentFirst[c], to = L.componentFirst[c + 1];
            let withGpu = 0;
            for (let x = from; x < to; x++) { withGpu += L.instanceHasGpu[L.componentInstances[x]]; }
            const gpuQ = am.gpuPositionsOf[c], cpuQ = am.cpuPositionsOf[c];
            if (gpuQ.length === 0 || withGpu === to - from) {
                const st = station(first, c);
                fill(st, L, c, qs, false);
                stations.push(st);
            } else if (cpuQ.length === 0) {
                const st = station(first, c);
                fill(st, L, c, qs, true);
                stations.push(st);
            } else {
                const a = station(first, c), b = station(second, c);
                fill(a, L, c, gpuQ, true);
                fill(b, L, c, cpuQ, false);
                a.partner = b;
                b.partner = a;
                linkPartners(a, b);
                linkPartners(b, a);
                stations.push(a, b);
            }
        }
        for (const st of stations) {
            for (let x = 0; x < st.nq; x++) { positionStation[st.positions[x]] = st; }
        }
    };

    /** partnerIndex of a's instances in b. */
    const linkPartners = (a: Station, b: Station): void => {
        for (let r = 0; r < a.N; r++) {
            a.partnerIndex[r] = -1;
            const i = a.instances[r];
            for (let x = 0; x < b.N; x++) { if (b.instances[x] === i) { a.partnerIndex[r] = x; break; } }
        }
    };

    return (L, s) => {
        if (M !== L.machineCount) {
            M = L.machineCount;
            load = new Float64Array(M * CHANNELS);
            machineUp = new Float64Array(M); machineCpuGHz = new Float64Array(M); machineGpuTOPS = new Float64Array(M); machineRamMB = new Float64Array(M);
            admitted = new Int32Array(M); admittedStamp = new Int32Array(M); slot = new Int32Array(M); slotStamp = new Int32Array(M);
            solution.machineUp = machineUp; solution.machineCpuGHz = machineCpuGHz; solution.machineGpuTOPS = machineGpuTOPS; solution.machineRamMB = machineRamMB;
        }
        if (instUp.length < L.instanceCount) { instUp = new Float64Array(2 * L.instanceCount); }
        build(L);
        for (let p = 0; p < prep.processCount; p++) {
            for (let q = prep.chainStart[p]; q < prep.chainStart[p] + prep.chainLength[p]; q++) {
                flow.ca2[q] = am.everyScv[p];
                flow.rate[q] = prep.arrivalRate[p];
                flow.theta[q] = 1;
                const pos = positions[q];
                pos.mean = 0; pos.variance = 0; pos.coldProbability = 0; pos.coldSeconds = 0; pos.saturated = false;
            }
        }
        load.fill(0);
        const window = { mean: (s.warmupSeconds + s.horizonSeconds) / 2, spread: s.horizonSeconds - s.warmupSeconds };
        let iterations = 0;
        for (let it = 0; it < MAX_ITERATIONS; it++) {
            iterations = it + 1;
            let change = 0;
            const damping = it < UNDAMPED ? 1 : 0.5;
            for (let x = 0; x < stations.length; x++) {
                change = Math.max(change, solveStation(am, L, s, stations[x], positionStation, load, flow, positions, window, damping));
            }
            if (it > 2 && change < TOLERANCE) { break; }
        }
        // Machines: up time, work done, RAM.
        for (let i = 0; i < L.instanceCount; i++) { instUp[i] = L.instancePermanent[i] ? 1 : 0; }
        machineCpuGHz.fill(0); machineGpuTOPS.fill(0); machineRamMB.fill(0);
        for (const st of stations) {
            for (let r = 0; r < st.N; r++) {
                const i = st.instances[r], m = st.machine[r];
                if (!L.instancePermanent[i]) { instUp[i] = Math.min(1, instUp[i] + st.up[r]); }
                machineCpuGHz[m] += st.rate[r] * st.cpuPerPart;
                machineGpuTOPS[m] += st.rate[r] * st.gpuPerPart;
                machineRamMB[m] += st.busy[r] * st.ramPerPart;
            }
        }
        for (let m = 0; m < M; m++) {
            let down = 1;
            for (let x = L.machineFirst[m]; x < L.machineFirst[m + 1]; x++) {
                const i = L.machineInstances[x];
                down *= 1 - instUp[i];
                machineRamMB[m] += instUp[i] * prep.idleRamMB[L.instanceComponent[i]];
            }
            machineUp[m] = L.machineFirst[m + 1] > L.machineFirst[m] ? 1 - down : 0;
            machineCpuGHz[m] = Math.min(machineCpuGHz[m], L.cpuGHz[m]);
            machineGpuTOPS[m] = Math.min(machineGpuTOPS[m], L.gpuTOPS[m]);
            machineRamMB[m] = Math.min(machineRamMB[m], L.ramMB[m]);
        }
        solution.saturated = [];
        for (const st of stations) {
            if (st.saturated) { solution.saturated.push({ component: st.component, rho: st.rho }); }
        }
        solution.iterations = iterations;
        return solution;
    };
}

/** Solves one allocation with a solver made for the call (tests; the evaluator keeps one solver per model). */
export function solveNetwork(am: AnalyticModel, L: Layout, s: AnalyticSettings): NetworkSolution {
    return createNetworkSolver(am)(L, s);
}

/**
 * Slowdown of a part sharing a resource with j - 1 parts of its own station and, on average, f
 * parts of others whose mean duration is d, against a part alone (own: the part's own duration).
 * Parts that last about as long as the others see the mean number of companions (j + f: exact for
 * processor sharing with equal classes, M/G/1-PS); a part much longer than the others sees their
 * number fluctuate many times and progresses at the mean rate 1 / (j + n), n Poisson with mean f,
 * which gives f / (1 - exp(-f / j)); between the two, a blend by the ratio of durations.
 */
function sharing(j: number, f: number, d: number, own: number): number {
    if (!(f > 1e-12)) { return j; }
    const linear = j + f;
    const w = own > 0 ? Math.min(1, Math.max(0, 1 - d / own)) : 0;
    if (w === 0) { return linear; }
    const harmonic = f / (1 - Math.exp(-f / j));
    return w * harmonic + (1 - w) * linear;
}

/** Mean time of one part on machine m (its slot t) with j of the station's parts running there. */
function workTime(st: Station, L: Layout, m: number, t: number, j: number): number {
    const sk = L.machineKind[m];
    const a = st.alone[sk];
    if (!(a > 0)) { return 0; }
    const f = st.foreign, o = t * CHANNELS;
    const ac = st.aloneCpu[sk], ag = st.aloneGpu[sk];
    let slow = j;
    if (ac + ag > 0) {
        const fc = f[o + CPU], fg = f[o + GPU];
        const sc = sharing(j, fc, fc > 0 ? f[o + CPU_DUR] / fc : 0, ac);
        const sg = sharing(j, fg, fg > 0 ? f[o + GPU_DUR] / fg : 0, ag);
        slow = (ac * sc + ag * sg) / (ac + ag);
    }
    let g = 1;
    if (st.netIn > 0) { const h = L.netInMbps[m] / (j * st.netIn + f[o + NET_IN]); if (h < g) { g = h; } }
    if (st.netOut > 0) { const h = L.netOutMbps[m] / (j * st.netOut + f[o + NET_OUT]); if (h < g) { g = h; } }
    return a * slow / g;
}

/**
 * One pass over a station: its queue with the current loads of its machines,
 * then its new contribution to those loads. Returns the largest relative
 * change of a step's mean time.
 */
function solveStation(am: AnalyticModel, L: Layout, s: AnalyticSettings, st: Station, positionStation: readonly Station[],
    load: Float64Array, flow: Flow, positions: PositionTime[], window: { mean: number; spread: number }, damping: number): number {
    const N = st.N;
    const T = st.T;
    // Arrival rates as throttled by saturated stations upstream.
    let Lambda = 0, parts = 0, held = 0, time = 0;
    for (let x = 0; x < st.nq; x++) {
        const l = flow.rate[st.positions[x]];
        st.lambda[x] = l;
        Lambda += l;
        parts += l * st.split[x];
        held += l * st.split[x] * st.heldTime[x];
        time += l * st.heldTime[x];
    }
    st.Lambda = Lambda;
    st.k = Lambda > 0 ? parts / Lambda : 1;
    st.kBusy = time > 0 ? held / time : st.k;
    // Foreign loads on the machines this station uses.
    const slotOf = st.slotOf;
    for (let t = 0; t < T; t++) {
        const m = st.touched[t];
        for (let c = 0; c < CHANNELS; c++) { st.foreign[t * CHANNELS + c] = Math.max(0, load[m * CHANNELS + c] - st.own[t * CHANNELS + c]); }
    }
    const partner = st.partner;
    const avail = st.avail;
    if (partner) {
        for (let r = 0; r < N; r++) {
            const x = st.partnerIndex[r];
            // A shared instance serves the GPU and the other queue in the order their runs came (dispatch.ts):
            // while the two loads fit, each takes the other's busy time off; when they do not, the instance is
            // split in proportion to the offered loads (a saturated partner does not starve this station).
            let taken = x >= 0 ? partner.busy[x] : 0;
            if (x >= 0 && (partner.saturated || st.saturated)) {
                const theirs = partner.rho * partner.avail[x], ours = st.rho * avail[r];
                if (theirs + ours > 1) { taken = theirs / (theirs + ours); }
            }
            avail[r] = Math.max(0.05, 1 - taken);
        }
    }
    // Part completion rate with the first b instances busy (work only: startups happen when an instance
    // was idle, so they lengthen busy periods without taking capacity from a queue; see the delay below).
    // perSlot: busy count, sum of availabilities of the busy instances, group rate, mean busy count.
    const ps = st.perSlot;
    ps.fill(0, 0, T * 4);
    const U = st.startup;
    const R = st.partRate;
    R[0] = 0;
    for (let b = 0; b < N; b++) {
        const t = slotOf[b];
        ps[t * 4]++;
        ps[t * 4 + 1] += avail[b];
        const wt = Math.max(MIN_TIME, workTime(st, L, st.machine[b], t, ps[t * 4]));
        const g = ps[t * 4 + 1] / wt;
        R[b + 1] = R[b] - ps[t * 4 + 2] + g;
        ps[t * 4 + 2] = g;
    }
    const sol = solveBirthDeath(st.Lambda, st.kBusy, st.k, R, N, st.busy);
    st.saturated = sol.saturated;
    st.rho = sol.rho;
    // Parts taken by each instance, and the mean busy count per machine.
    for (let r = 0; r < N; r++) { ps[slotOf[r] * 4 + 3] += st.busy[r]; }
    const work = st.work;
    let rateSum = 0;
    for (let r = 0; r < N; r++) {
        const t = slotOf[r];
        work[r] = Math.max(MIN_TIME, workTime(st, L, st.machine[r], t, Math.max(1, ps[t * 4 + 3])));
        st.rate[r] = st.busy[r] / work[r];
        rateSum += st.rate[r];
    }
    const throughput = sol.saturated ? R[N] : st.Lambda * st.k;
    if (rateSum > 0) { for (let r = 0; r < N; r++) { st.rate[r] *= throughput / rateSum; } }
    // Startups. A part that does not wait finds an on-demand instance down unless the instance was picked
    // within the keepalive (idle periods taken as exponential with the rate nu at which it is picked).
    // The delay is that of the M/G/1 queue with setup times (Welch 1964; Takagi 1991, vol. 1):
    // (2U + lambda U^2) / (2 (1 + lambda U)), exact for one instance with keepalive 0; with N instances a
    // part that finds a free one waits U, one that waits in the queue meets a startup only on one of the N.
    const K = s.keepaliveSeconds;
    const fresh = 1 - sol.waitProbability;
    let downSum = 0;
    const lambdaInstance = throughput / N;
    for (let r = 0; r < N; r++) {
        if (L.instancePermanent[st.instances[r]]) { st.up[r] = 1; st.coldP[r] = 0; continue; }
        const idle = Math.max(1e-9, 1 - st.busy[r]);
        const nu = st.rate[r] * fresh / idle;
        const keep = K > 0 ? 1 - Math.exp(-nu * K) : 0;
        st.coldP[r] = 1 - keep;
        const setup = U > 0 ? (1 - keep) * nu * U / (1 + nu * U) : 0;
        st.up[r] = Math.min(1, st.busy[r] + (1 - st.busy[r]) * Math.min(1, keep + setup));
        downSum += st.rate[r] * st.coldP[r];
    }
    const down = throughput > 0 ? Math.min(1, downSum / throughput) : 0;
    // With more instances a part arriving during a startup starts another free one rather than wait.
    const welch = N === 1 ? (2 * U + lambdaInstance * U * U) / (2 * (1 + lambdaInstance * U)) : U * (fresh + sol.waitProbability / N);
    /** Startup delay of a part that can meet one, as a probability of waiting the whole startup. */
    const coldInstance = U > 0 ? Math.min(1, down * welch / U) : 0;
    // What the station now puts on its machines.
    const next = st.next;
    next.fill(0, 0, T * CHANNELS);
    for (let r = 0; r < N; r++) {
        const o = slotOf[r] * CHANNELS;
        const sk = L.machineKind[st.machine[r]];
        const a = st.alone[sk];
        if (!(a > 0)) { continue; }
        const running = st.busy[r];
        const cpu = running * Math.min(1, st.aloneCpu[sk] / a), gpu = running * Math.min(1, st.aloneGpu[sk] / a);
        next[o + CPU] += cpu;
        next[o + GPU] += gpu;
        next[o + CPU_DUR] += cpu * work[r];
        next[o + GPU_DUR] += gpu * work[r];
        if (st.netIn > 0) { next[o + NET_IN] += running * st.netIn; }
        if (st.netOut > 0) { next[o + NET_OUT] += running * st.netOut; }
    }
    // New contribution to the machines' loads, damped after the first iterations (see UNDAMPED).
    for (let t = 0; t < T; t++) {
        const m = st.touched[t];
        for (let c = 0; c < CHANNELS; c++) {
            const x = t * CHANNELS + c;
            const v = (1 - damping) * st.own[x] + damping * next[x];
            load[m * CHANNELS + c] += v - st.own[x];
            st.own[x] = v;
        }
    }
    // Step times per position.
    const nq = st.nq;
    let rsum = 0;
    for (let r = 0; r < N; r++) { rsum += st.rate[r]; }
    // Per position: part time alone on the instances' machines, weighted by the parts they take.
    const posMean = st.posMean, posScv = st.posScv;
    let mixPart = 0;
    for (let x = 0; x < nq; x++) {
        const table = st.tables[x];
        let mean = 0, scv = 0, base = 0;
        for (let r = 0; r < N; r++) {
            const wgt = rsum > 0 ? st.rate[r] / rsum : 1 / N;
            base += wgt * table[L.machineKind[st.machine[r]] * ALONE_STRIDE];
        }
        const prev = am.warmFirst[st.positions[x]] && st.split[x] === 1 ? positionStation[st.positions[x] - 1] : undefined;
        if (prev) {
            // A chained one-part step runs on the instance its predecessor just freed (idle, so first in line),
            // unless an idle permanent instance comes before it in allocation order.
            let total = 0;
            for (let r = 0; r < prev.N; r++) { total += prev.rate[r]; }
            for (let r = 0; r < prev.N; r++) {
                const i = prev.instances[r];
                const target = st.firstPermanent >= 0 && st.firstPermanent < i ? st.firstPermanent : i;
                const o = L.machineKind[L.instanceMachine[target]] * ALONE_STRIDE;
                const wgt = total > 0 ? prev.rate[r] / total : 1 / prev.N;
                mean += wgt * table[o];
                scv += wgt * table[o + 1];
            }
        } else {
            for (let r = 0; r < N; r++) {
                const wgt = rsum > 0 ? st.rate[r] / rsum : 1 / N;
                const o = L.machineKind[st.machine[r]] * ALONE_STRIDE;
                mean += wgt * table[o];
                scv += wgt * table[o + 1];
            }
        }
        posMean[x] = mean;
        posScv[x] = scv;
        // The queue's instances (in its dispatch order) set the slowdown's reference.
        mixPart += st.lambda[x] * st.split[x] / (st.Lambda * st.k) * base;
    }
    // Mean part time in service from the queue (Little: slowdowns included) over the part time alone:
    // the slowdown by sharing.
    const servicePart = sol.saturated || !(st.Lambda > 0) ? NaN : (sol.meanJobs - sol.meanQueued) / st.Lambda * st.kBusy / st.k;
    const slowdown = !(st.Lambda > 0) ? 1 : sol.saturated || !(mixPart > 0) ? saturatedSlowdown(st, L, R, N, rsum > 0 ? st.rate : undefined)
        : servicePart / mixPart;
    // Variability of the jobs' service (work only: the startup delay adds to the wait, Welch) and arrivals.
    let es = 0, es2 = 0, ca2 = 0;
    const coldJob = st.coldJob;
    for (let x = 0; x < nq; x++) {
        const wq = st.lambda[x] / st.Lambda;
        const pc = 1 - Math.pow(1 - coldInstance, st.split[x] - am.warmFirst[st.positions[x]]);
        coldJob[x] = pc;
        const m = posMean[x] * slowdown;
        es += wq * m;
        es2 += wq * m * m * (1 + posScv[x]);
        ca2 += wq * flow.ca2[st.positions[x]];
    }
    const cs2 = es > 0 ? Math.max(0, es2 / (es * es) - 1) : 0;
    const servers = N / st.kBusy;
    const tau = window.mean;
    const diffusion = st.Lambda > 0 ? Math.sqrt(2 * (ca2 + cs2) * tau / (Math.PI * st.Lambda)) : 0;
    let waitBase: number, waitVarBase: number;
    if (sol.saturated) {
        // Scaled per position below by the throttling upstream (runs arriving at t reach this station at t / theta).
        waitBase = (sol.rho - 1) * tau;
        // Linear growth over the window plus the spread of a reflected Brownian motion (variance (pi/2 - 1) mean^2).
        waitVarBase = ((sol.rho - 1) * window.spread) ** 2 / 12;
    } else {
        const steady = st.Lambda > 0 ? sol.meanQueued / st.Lambda * (ca2 + cs2) / 2 : 0;
        waitBase = Math.min(steady, diffusion);
        const pw = Math.max(1e-12, sol.waitProbability);
        waitVarBase = Math.max(0, 2 * waitBase * waitBase / pw - waitBase * waitBase);
    }
    // Departures of each flow (QNA): the next step of the same process sees this variability.
    const rho = Math.min(1, sol.rho);
    const cd2 = 1 + (1 - rho * rho) * (ca2 - 1) + rho * rho * (cs2 - 1) / Math.sqrt(Math.max(1, servers));
    // Priorities (priority.ts): the FIFO wait split between the classes; none without priorities or when saturated.
    const prioritized = am.prep.prioritized && !sol.saturated && nq > 1;
    if (prioritized) {
        if (waitFactor.length < nq) { waitFactor = new Float64Array(2 * nq); serviceFactor = new Float64Array(2 * nq); }
        priorityFactors(am.prep, nq, st.positions, st.lambda, y => posMean[y] * slowdown, rho, waitFactor, serviceFactor);
    }
    let change = 0;
    for (let x = 0; x < nq; x++) {
        const q = st.positions[x];
        const share = st.lambda[x] / st.Lambda;
        const p = am.processOf[q];
        const through = sol.saturated ? 1 / sol.rho : 1;
        if (q + 1 < am.prep.chainStart[p] + am.prep.chainLength[p]) {
            flow.ca2[q + 1] = share * cd2 + 1 - share;
            flow.rate[q + 1] = flow.rate[q] * through;
            flow.theta[q + 1] = flow.theta[q] * through;
        }
        const service = prioritized ? posMean[x] * slowdown * serviceFactor[x] : posMean[x] * slowdown;
        const theta = Math.max(1e-6, flow.theta[q]);
        const wait = sol.saturated ? waitBase / theta + diffusion : prioritized ? waitBase * waitFactor[x] : waitBase;
        const waitVar = sol.saturated ? waitVarBase / (theta * theta) + diffusion * diffusion * (Math.PI / 2 - 1)
            : prioritized ? waitVarBase * waitFactor[x] * waitFactor[x] : waitVarBase;
        const mean = wait + service + coldJob[x] * U;
        // A part waits in the queue or for a startup, rarely both: the two delays are taken as exclusive.
        const pc = coldJob[x];
        const delay2 = pc * U * U + waitVar + wait * wait, delay = pc * U + wait;
        const variance = service * service * posScv[x] + Math.max(0, delay2 - delay * delay);
        const pos = positions[q];
        const rel = Math.abs(mean - pos.mean) / Math.max(1e-12, Math.abs(mean));
        if (rel > change) { change = rel; }
        pos.mean = mean;
        pos.variance = variance;
        pos.coldProbability = coldJob[x];
        pos.coldSeconds = U;
        pos.saturated = sol.saturated;
    }
    return change;
}

/** Scratch of priorityFactors, per position of a station (grown as needed). */
let waitFactor = new Float64Array(16);
let serviceFactor = new Float64Array(16);

/** Slowdown of the parts of a saturated station: every instance busy. */
function saturatedSlowdown(st: Station, L: Layout, R: Float64Array, N: number, rate?: Float64Array): number {
    // Mean part time with all N busy, relative to the mean part time alone.
    let alone = 0, weight = 0;
    for (let r = 0; r < N; r++) {
        const wgt = rate ? rate[r] : 1;
        alone += wgt * st.alone[L.machineKind[st.machine[r]]];
        weight += wgt;
    }
    alone /= weight;
    if (!(alone > 0) || !(R[N] > 0)) { return 1; }
    return N / R[N] / alone;
}
