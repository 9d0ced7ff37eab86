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
import type { AnalyticModel } from './prepare.js';
import { maxOfGammas } from './math.js';
import { solveBirthDeath } from './queue.js';

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

export interface NetworkSolution {
    positions: PositionTime[];
    /** Per machine: fraction of time at least one instance is up; CPU/GPU work done per second; mean RAM used. */
    machineUp: Float64Array;
    machineCpuGHz: Float64Array;
    machineGpuTOPS: Float64Array;
    machineRamMB: Float64Array;
    /** Per component with a saturated station: its offered load over its capacity. */
    saturated: { component: number; rho: number }[];
    iterations: number;
}

interface Station {
    component: number;
    /** Chain positions served, their job rates (1/s), splits and arrival SCVs. */
    positions: number[];
    lambda: Float64Array;
    split: Int32Array;
    /** Job rate, mean parts per job, and mean instances held by a job in service (work-weighted). */
    Lambda: number;
    k: number;
    kBusy: number;
    /** Mean part time alone of each position over the station's instances (for kBusy). */
    heldTime: Float64Array;
    /** The step follows a step of the same run on the same component: its first part gets the instance just freed, warm. */
    warmFirst: Uint8Array;
    /** Lowest-numbered (first in allocation order) permanent instance of the station, or -1. */
    firstPermanent: number;
    /** Fraction of the parts that can meet a cold instance (not the warm first part of a chained step). */
    coldShare: number;
    /** Instances in dispatch order, and their machines. */
    instances: Int32Array;
    machine: Int32Array;
    /** Per server kind: mean part time alone (no sharing), its CPU and GPU parts, by part-rate-weighted mix. */
    alone: Float64Array;
    aloneCpu: Float64Array;
    aloneGpu: Float64Array;
    /** Per position x kind: mean and SCV of the part time alone. */
    posAlone: Float64Array;
    posScv: Float64Array;
    /** Part-rate-weighted mean network rates, mean CPU/GPU work and RAM per part. */
    netIn: number;
    netOut: number;
    cpuPerPart: number;
    gpuPerPart: number;
    ramPerPart: number;
    startup: number;
    /** Another station of the same component sharing instances (GPU and non-GPU steps), or -1. */
    partner: number;
    // Iteration state, per instance position.
    busy: Float64Array;
    coldP: Float64Array;
    up: Float64Array;
    partRate: Float64Array;
    /** Parts per second taken by each instance. */
    rate: Float64Array;
    /** Machines the station uses, the slot of each instance's machine in `touched`, and its own load there (CHANNELS per slot). */
    touched: Int32Array;
    slotOf: Int32Array;
    own: Float64Array;
    // Scratch of solveStation, allocated once per station.
    foreign: Float64Array;
    next: Float64Array;
    avail: Float64Array;
    work: Float64Array;
    perSlot: Float64Array;
    saturated: boolean;
    rho: number;
}

const MIN_TIME = 1e-9;

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

export function solveNetwork(am: AnalyticModel, L: Layout, s: AnalyticSettings): NetworkSolution {
    const prep = am.prep;
    const M = L.machineCount;
    const stations = buildStations(am, L);
    const positionStation = new Int32Array(am.prep.positionCount).fill(-1);
    stations.forEach((st, x) => { for (const q of st.positions) { positionStation[q] = x; } });
    const Q = prep.positionCount;
    const flow: Flow = { ca2: new Float64Array(Q), rate: new Float64Array(Q), theta: new Float64Array(Q) };
    for (let p = 0; p < prep.processCount; p++) {
        for (let q = prep.chainStart[p]; q < prep.chainStart[p] + prep.chainLength[p]; q++) {
            flow.ca2[q] = am.everyScv[p];
            flow.rate[q] = prep.arrivalRate[p];
            flow.theta[q] = 1;
        }
    }
    const load = new Float64Array(M * CHANNELS);
    const positions: PositionTime[] = Array.from({ length: Q }, () => ({ mean: 0, variance: 0, coldProbability: 0, coldSeconds: 0, saturated: false }));
    const window = { mean: (s.warmupSeconds + s.horizonSeconds) / 2, spread: s.horizonSeconds - s.warmupSeconds };
    let iterations = 0;
    for (let it = 0; it < 60; it++) {
        iterations = it + 1;
        let change = 0;
        for (const st of stations) {
            change = Math.max(change, solveStation(am, L, s, st, stations, positionStation, load, flow, positions, window));
        }
        if (it > 2 && change < 1e-4) { break; }
    }
    // Machines: up time, work done, RAM.
    const instUp = new Float64Array(L.instanceCount);
    const machineCpuGHz = new Float64Array(M), machineGpuTOPS = new Float64Array(M), machineRamMB = new Float64Array(M);
    for (let i = 0; i < L.instanceCount; i++) { instUp[i] = L.instancePermanent[i] ? 1 : 0; }
    for (const st of stations) {
        for (let r = 0; r < st.instances.length; r++) {
            const i = st.instances[r], m = st.machine[r];
            if (!L.instancePermanent[i]) { instUp[i] = Math.min(1, instUp[i] + st.up[r]); }
            machineCpuGHz[m] += st.rate[r] * st.cpuPerPart;
            machineGpuTOPS[m] += st.rate[r] * st.gpuPerPart;
            machineRamMB[m] += st.busy[r] * st.ramPerPart;
        }
    }
    const machineUp = new Float64Array(M);
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
    const saturated = stations.filter(st => st.saturated).map(st => ({ component: st.component, rho: st.rho }));
    return { positions, machineUp, machineCpuGHz, machineGpuTOPS, machineRamMB, saturated, iterations };
}

/** Stations of every component with steps: one, or two when GPU steps can use only some of its instances. */
function buildStations(am: AnalyticModel, L: Layout): Station[] {
    const prep = am.prep;
    const stations: Station[] = [];
    for (let c = 0; c < prep.componentCount; c++) {
        const qs = am.positionsOf[c];
        if (qs.length === 0) { continue; }
        const all: number[] = [];
        for (let x = L.componentFirst[c]; x < L.componentFirst[c + 1]; x++) { all.push(L.componentInstances[x]); }
        const gpuInstances = all.filter(i => L.instanceHasGpu[i]);
        const gpuQ = qs.filter(q => prep.needsGpu[q]), cpuQ = qs.filter(q => !prep.needsGpu[q]);
        if (gpuQ.length === 0 || gpuInstances.length === all.length) {
            stations.push(makeStation(am, L, c, qs, all));
        } else if (cpuQ.length === 0) {
            stations.push(makeStation(am, L, c, qs, gpuInstances));
        } else {
            const a = stations.length;
            stations.push(makeStation(am, L, c, gpuQ, gpuInstances), makeStation(am, L, c, cpuQ, all));
            stations[a].partner = a + 1;
            stations[a + 1].partner = a;
        }
    }
    return stations;
}

function makeStation(am: AnalyticModel, L: Layout, c: number, qs: number[], instances: number[]): Station {
    const prep = am.prep;
    const S = prep.model.servers.length;
    const n = qs.length;
    const lambda = Float64Array.from(qs, q => prep.arrivalRate[am.processOf[q]]);
    const split = Int32Array.from(qs, q => L.split[q]);
    let Lambda = 0, parts = 0;
    for (let x = 0; x < n; x++) { Lambda += lambda[x]; parts += lambda[x] * split[x]; }
    const k = Lambda > 0 ? parts / Lambda : 1;
    // Part-rate weights of the positions.
    const w = Float64Array.from(qs, (_, x) => (parts > 0 ? lambda[x] * split[x] / parts : 1 / n));
    let netIn = 0, netOut = 0, cpuPerPart = 0, gpuPerPart = 0, ramPerPart = 0;
    qs.forEach((q, x) => {
        netIn += w[x] * prep.netInMbps[q];
        netOut += w[x] * prep.netOutMbps[q];
        cpuPerPart += w[x] * prep.cpuMean[q] / split[x];
        gpuPerPart += w[x] * prep.gpuMean[q] / split[x];
        ramPerPart += w[x] * prep.ramMB[q];
    });
    // Dispatch order: permanent (always up) instances first, then the others, each in allocation order.
    const ordered = [...instances.filter(i => L.instancePermanent[i]), ...instances.filter(i => !L.instancePermanent[i])];
    // RAM admission: at most floor(free RAM / part RAM) parts of this station at once on a machine.
    const perMachine = new Map<number, number>();
    const kept = ordered.filter(i => {
        const m = L.instanceMachine[i];
        const free = L.ramMB[m] - L.reservedIdleRamMB[m];
        const cap = ramPerPart > 0 ? Math.floor(free / ramPerPart + 1e-9) : Infinity;
        const used = perMachine.get(m) ?? 0;
        if (used >= cap) { return false; }
        perMachine.set(m, used + 1);
        return true;
    });
    const inst = kept.length > 0 ? kept : ordered.slice(0, 1);
    const N = inst.length;
    const alone = new Float64Array(S), aloneCpu = new Float64Array(S), aloneGpu = new Float64Array(S);
    const posAlone = new Float64Array(n * S), posScv = new Float64Array(n * S);
    const servers = prep.model.servers;
    for (let sk = 0; sk < S; sk++) {
        const cpu = servers[sk].cpuGHz, gpu = servers[sk].gpuTOPS;
        qs.forEach((q, x) => {
            const kq = split[x];
            const cm = prep.cpuMean[q] > 0 ? prep.cpuMean[q] / kq / cpu : 0;
            const cv = prep.cpuMean[q] > 0 ? am.cpuVar[q] / (kq * kq * cpu * cpu) : 0;
            const gm = prep.gpuMean[q] > 0 ? (gpu > 0 ? prep.gpuMean[q] / kq / gpu : Infinity) : 0;
            const gv = prep.gpuMean[q] > 0 && gpu > 0 ? am.gpuVar[q] / (kq * kq * gpu * gpu) : 0;
            let mean: number, variance: number;
            if (gm === 0) { mean = cm; variance = cv; } else if (cm === 0) { mean = gm; variance = gv; } else {
                const key = `${q}:${cm}:${gm}`;
                let mx = am.maxCache.get(key);
                if (!mx) { mx = maxOfGammas(cm, cv, gm, gv); am.maxCache.set(key, mx); }
                mean = mx.mean; variance = mx.variance;
            }
            posAlone[x * S + sk] = mean;
            posScv[x * S + sk] = mean > 0 ? variance / (mean * mean) : 0;
            alone[sk] += w[x] * mean;
            aloneCpu[sk] += w[x] * cm;
            aloneGpu[sk] += w[x] * (Number.isFinite(gm) ? gm : 0);
        });
    }
    const touched = [...new Set(inst.map(i => L.instanceMachine[i]))];
    let held = 0, time = 0;
    qs.forEach((_, x) => {
        let t = 0;
        for (const i of inst) { t += posAlone[x * S + L.machineKind[L.instanceMachine[i]]] / N; }
        held += lambda[x] * split[x] * t;
        time += lambda[x] * t;
    });
    const kBusy = time > 0 ? held / time : k;
    const heldTime = Float64Array.from(qs, (_, x) => {
        let t = 0;
        for (const i of inst) { t += posAlone[x * S + L.machineKind[L.instanceMachine[i]]] / N; }
        return t;
    });
    let coldShare = 0;
    qs.forEach((q, x) => { coldShare += w[x] * (1 - warmFirstOf(am, q, c) / split[x]); });
    const warmFirst = Uint8Array.from(qs, q => warmFirstOf(am, q, c));
    return {
        component: c, positions: qs, lambda, split, Lambda, k, kBusy, heldTime, warmFirst, coldShare,
        firstPermanent: inst.filter(i => L.instancePermanent[i]).reduce((a, i) => (a < 0 || i < a ? i : a), -1),
        instances: Int32Array.from(inst), machine: Int32Array.from(inst, i => L.instanceMachine[i]),
        alone, aloneCpu, aloneGpu, posAlone, posScv,
        netIn, netOut, cpuPerPart, gpuPerPart, ramPerPart,
        startup: prep.startupSeconds[c], partner: -1,
        busy: new Float64Array(N + 1), coldP: Float64Array.from(inst, i => (L.instancePermanent[i] ? 0 : 1)),
        up: new Float64Array(N), partRate: new Float64Array(N + 1), rate: new Float64Array(N),
        touched: Int32Array.from(touched), slotOf: Int32Array.from(inst, i => touched.indexOf(L.instanceMachine[i])),
        own: new Float64Array(touched.length * CHANNELS), foreign: new Float64Array(touched.length * CHANNELS),
        next: new Float64Array(touched.length * CHANNELS), avail: new Float64Array(N).fill(1), work: new Float64Array(N),
        perSlot: new Float64Array(touched.length * 4),
        saturated: false, rho: 0
    };
}

function warmFirstOf(am: AnalyticModel, q: number, c: number): number {
    const prep = am.prep, p = am.processOf[q];
    return q > prep.chainStart[p] && prep.component[q - 1] === c && (!prep.needsGpu[q] || prep.needsGpu[q - 1]) ? 1 : 0;
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
function solveStation(am: AnalyticModel, L: Layout, s: AnalyticSettings, st: Station, stations: Station[], positionStation: Int32Array,
    load: Float64Array, flow: Flow, positions: PositionTime[], window: { mean: number; spread: number }): number {
    const N = st.instances.length;
    const T = st.touched.length;
    // Arrival rates as throttled by saturated stations upstream.
    let Lambda = 0, parts = 0, held = 0, time = 0;
    for (let x = 0; x < st.positions.length; x++) {
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
    const partner = st.partner >= 0 ? stations[st.partner] : undefined;
    const avail = st.avail;
    if (partner) {
        for (let r = 0; r < N; r++) {
            const i = st.instances[r];
            let b = 0;
            for (let x = 0; x < partner.instances.length; x++) { if (partner.instances[x] === i) { b = partner.busy[x]; break; } }
            avail[r] = Math.max(0.05, 1 - b);
        }
    }
    // Part completion rate with the first b instances busy (work only: startups happen when an instance
    // was idle, so they lengthen busy periods without taking capacity from a queue; see the delay below).
    // perSlot: busy count, sum of availabilities of the busy instances, group rate, mean busy count.
    const ps = st.perSlot;
    ps.fill(0);
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
    // New contribution to the machines' loads (damped).
    const next = st.next;
    next.fill(0);
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
    // New contribution to the machines' loads, damped (the stations on a machine feed back on each other).
    for (let t = 0; t < T; t++) {
        const m = st.touched[t];
        for (let c = 0; c < CHANNELS; c++) {
            const x = t * CHANNELS + c;
            const v = 0.5 * st.own[x] + 0.5 * next[x];
            load[m * CHANNELS + c] += v - st.own[x];
            st.own[x] = v;
        }
    }
    // Step times per position.
    const S = am.prep.model.servers.length;
    const nq = st.positions.length;
    let rsum = 0;
    for (let r = 0; r < N; r++) { rsum += st.rate[r]; }
    // Per position: part time alone on the instances' machines, weighted by the parts they take.
    const posMean = new Float64Array(nq), posScv = new Float64Array(nq);
    let mixPart = 0;
    for (let x = 0; x < nq; x++) {
        let mean = 0, scv = 0, base = 0;
        for (let r = 0; r < N; r++) {
            const wgt = rsum > 0 ? st.rate[r] / rsum : 1 / N;
            base += wgt * st.posAlone[x * S + L.machineKind[st.machine[r]]];
        }
        const prev = st.warmFirst[x] && st.split[x] === 1 ? stations[positionStation[st.positions[x] - 1]] : undefined;
        if (prev) {
            // A chained one-part step runs on the instance its predecessor just freed (idle, so first in line),
            // unless an idle permanent instance comes before it in allocation order.
            let total = 0;
            for (let r = 0; r < prev.instances.length; r++) { total += prev.rate[r]; }
            for (let r = 0; r < prev.instances.length; r++) {
                const i = prev.instances[r];
                const target = st.firstPermanent >= 0 && st.firstPermanent < i ? st.firstPermanent : i;
                const sk = L.machineKind[L.instanceMachine[target]];
                const wgt = total > 0 ? prev.rate[r] / total : 1 / prev.instances.length;
                mean += wgt * st.posAlone[x * S + sk];
                scv += wgt * st.posScv[x * S + sk];
            }
        } else {
            for (let r = 0; r < N; r++) {
                const wgt = rsum > 0 ? st.rate[r] / rsum : 1 / N;
                const sk = L.machineKind[st.machine[r]];
                mean += wgt * st.posAlone[x * S + sk];
                scv += wgt * st.posScv[x * S + sk];
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
    const coldJob = new Float64Array(nq);
    for (let x = 0; x < nq; x++) {
        const wq = st.lambda[x] / st.Lambda;
        const pc = 1 - Math.pow(1 - coldInstance, st.split[x] - st.warmFirst[x]);
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
        const service = posMean[x] * slowdown;
        const theta = Math.max(1e-6, flow.theta[q]);
        const wait = sol.saturated ? waitBase / theta + diffusion : waitBase;
        const waitVar = sol.saturated ? waitVarBase / (theta * theta) + diffusion * diffusion * (Math.PI / 2 - 1) : waitVarBase;
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
