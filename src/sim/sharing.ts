/**
 * Sharing of a machine (docs/semantics.md, "Sharing"): the parts running on a
 * machine share its CPU and its GPU equally among the parts that still have
 * work of that kind, slowed by the machine's network (each direction's
 * bandwidth shared in proportion to the parts' needs).
 *
 * Remaining-work technique: every running part keeps its remaining CPU and
 * GPU work and its current rates; on any change at a machine, the machine is
 * first advanced to now (remaining -= rate * dt for the parts running there,
 * at most one per instance on the machine), then its rates and its single
 * next-completion event are recomputed.
 *
 * Invariants:
 * - lastUpdate[m] <= now; remaining work and the utilization integrals of m
 *   are exact as of lastUpdate[m] (advance brings them to now).
 * - The rates of a machine are those of its last recompute; a machine whose
 *   set of running parts changed in an event is marked dirty and recomputed
 *   once at the end of the event (flush), except a machine with one instance,
 *   recomputed at once (its rates cannot change again in the event).
 * - Heap entity `entityOffset + m` holds the next moment a part on m finishes
 *   its CPU or GPU work (nextInstance[m], nextKind[m]: which one), or is
 *   absent when nothing on m can progress.
 * - Floating-point operations happen in the order of the machine's instance
 *   list, so results are the same bits whatever path computed them.
 * - Time decomposition (only while measure.collectTime): each busy instance
 *   keeps the seconds its part has lost so far to sharing the machine's CPU,
 *   GPU and network (`lost`, 3 per instance), integrated like the remaining
 *   work from per-second loss rates set at each recompute (lossRate; see
 *   sharingLoss for the attribution rule). They never feed back into rates or
 *   events: the simulation's numbers are the same with or without them.
 */
import type { EventHeap } from './heap.js';
import type { Layout } from './layout.js';
import type { Measurement } from './measure.js';
import type { PreparedModel } from './prepared.js';

/**
 * Instance states (shared with the dispatcher, which owns them). FAILED: its
 * machine is being repaired (failures.ts); it is neither free nor up.
 */
export const DOWN = 0, IDLE = 1, STARTING = 2, BUSY = 3, FAILED = 5; // 4 is transfer.ts's TRANSFER
/** A work amount whose remaining time at the current rate is below this is finished (float noise). */
const DONE_SECONDS = 1e-9;

export class Sharing {
    private L!: Layout;
    private instState: Uint8Array = new Uint8Array(0);
    private instPosition: Int32Array = new Int32Array(0);
    // Instances.
    remCpu = new Float64Array(0);
    remGpu = new Float64Array(0);
    private rateCpu = new Float64Array(0);
    private rateGpu = new Float64Array(0);
    // Machines.
    private lastUpdate = new Float64Array(0);
    private cpuRateSum = new Float64Array(0);
    private gpuRateSum = new Float64Array(0);
    /** RAM in use on each machine: idle RAM of the instances that are up, plus the RAM of the running parts. */
    ramUsed = new Float64Array(0);
    private dirty = new Uint8Array(0);
    private dirtyList = new Int32Array(0);
    dirtyCount = 0;
    private nextInstance = new Int32Array(0);
    private nextKind = new Uint8Array(0);
    /** Per instance i at 3i + LOST_CPU/GPU/NET: seconds its part lost to sharing so far (time decomposition only). */
    lost = new Float64Array(0);
    /** The same per second of the current rates (set by recompute). */
    private lossRate = new Float64Array(0);

    /**
     * `fast`: machines with one instance take the short paths (recomputeSingle,
     * settleSingle); false sends them through the general ones (tests compare).
     */
    constructor(private readonly prep: PreparedModel, private heap: EventHeap, private readonly entityOffset: number,
        private readonly measure: Measurement, readonly fast: boolean) {}

    /** Sizes the buffers for a layout; `instState`/`instPosition` are the dispatcher's arrays. */
    setLayout(layout: Layout, heap: EventHeap, instState: Uint8Array, instPosition: Int32Array): void {
        this.L = layout;
        this.heap = heap;
        this.instState = instState;
        this.instPosition = instPosition;
        const M = layout.machineCount, I = layout.instanceCount;
        if (this.remCpu.length < I) {
            this.remCpu = new Float64Array(I);
            this.remGpu = new Float64Array(I);
            this.rateCpu = new Float64Array(I);
            this.rateGpu = new Float64Array(I);
            this.lost = new Float64Array(3 * I);
            this.lossRate = new Float64Array(3 * I);
        }
        if (this.lastUpdate.length < M) {
            this.lastUpdate = new Float64Array(M);
            this.cpuRateSum = new Float64Array(M);
            this.gpuRateSum = new Float64Array(M);
            this.ramUsed = new Float64Array(M);
            this.dirty = new Uint8Array(M);
            this.dirtyList = new Int32Array(M);
            this.nextInstance = new Int32Array(M);
            this.nextKind = new Uint8Array(M);
        }
    }

    reset(): void {
        const M = this.L.machineCount, I = this.L.instanceCount;
        for (let m = 0; m < M; m++) {
            this.lastUpdate[m] = 0; this.cpuRateSum[m] = 0; this.gpuRateSum[m] = 0; this.ramUsed[m] = 0; this.dirty[m] = 0;
        }
        this.dirtyCount = 0;
        for (let i = 0; i < I; i++) { this.remCpu[i] = 0; this.remGpu[i] = 0; this.rateCpu[i] = 0; this.rateGpu[i] = 0; }
        this.lost.fill(0, 0, 3 * I);
        this.lossRate.fill(0, 0, 3 * I);
    }

    lastUpdateOf(m: number): number { return this.lastUpdate[m]; }

    /** Brings machine m to time t: remaining work, and the utilization integrals. */
    advance(m: number, t: number): void {
        const last = this.lastUpdate[m];
        const dt = t - last;
        if (dt <= 0) { return; }
        const cpuRate = this.cpuRateSum[m], gpuRate = this.gpuRateSum[m];
        this.measure.integrate(m, last, t, cpuRate, gpuRate, this.ramUsed[m]);
        if (cpuRate > 0 || gpuRate > 0) {
            const L = this.L, state = this.instState, remCpu = this.remCpu, remGpu = this.remGpu, rateCpu = this.rateCpu, rateGpu = this.rateGpu;
            const collect = this.measure.collectTime;
            for (let k = L.machineFirst[m], kEnd = L.machineFirst[m + 1]; k < kEnd; k++) {
                const i = L.machineInstances[k];
                if (state[i] !== BUSY) { continue; }
                remCpu[i] -= rateCpu[i] * dt;
                remGpu[i] -= rateGpu[i] * dt;
                if (collect) { this.addLoss(i, dt); }
            }
        }
        this.lastUpdate[m] = t;
    }

    /** Instance i on machine m starts a part with this work (the instance is BUSY already). */
    startWork(i: number, m: number, cpuWork: number, gpuWork: number, t: number): void {
        this.remCpu[i] = cpuWork;
        this.remGpu[i] = gpuWork;
        this.rateCpu[i] = 0;
        this.rateGpu[i] = 0;
        if (this.measure.collectTime) {
            const o = 3 * i, lost = this.lost, lossRate = this.lossRate;
            lost[o] = 0; lost[o + 1] = 0; lost[o + 2] = 0;
            lossRate[o] = 0; lossRate[o + 1] = 0; lossRate[o + 2] = 0;
        }
        // A machine with one instance cannot change again in this event: its rates are final now.
        if (this.fast && this.L.machineFirst[m + 1] - this.L.machineFirst[m] === 1) { this.recomputeSingle(m, i, t); } else { this.markDirty(m); }
    }

    /** Instance i's part on machine m is interrupted (preemption; advanced to now by the caller): no work, no rate. */
    stopWork(i: number, m: number): void {
        this.remCpu[i] = 0; this.remGpu[i] = 0; this.rateCpu[i] = 0; this.rateGpu[i] = 0;
        this.markDirty(m);
    }

    markDirty(m: number): void {
        if (this.dirty[m]) { return; }
        this.dirty[m] = 1;
        this.dirtyList[this.dirtyCount++] = m;
    }

    /** Recomputes every machine marked in this event. */
    flush(t: number): void {
        for (let d = 0; d < this.dirtyCount; d++) {
            const m = this.dirtyList[d];
            this.dirty[m] = 0;
            this.recompute(m, t);
        }
        this.dirtyCount = 0;
    }

    /**
     * At m's completion event: brings m to t (as advance does, in the same
     * loop), the part that defined the event finishes exactly now (no float
     * residue), and work within DONE_SECONDS of its end is finished too.
     * Writes the instances whose part finished (both kinds of work done) into
     * `done`, in instance-list order, zeroing their work and rates; returns
     * how many. Marks m dirty.
     */
    advanceAndCollect(m: number, t: number, done: Int32Array): number {
        const L = this.L, state = this.instState, remCpu = this.remCpu, remGpu = this.remGpu, rateCpu = this.rateCpu, rateGpu = this.rateGpu;
        const last = this.lastUpdate[m];
        const dt = t - last;
        let moving = false;
        if (dt > 0) {
            const cpuRate = this.cpuRateSum[m], gpuRate = this.gpuRateSum[m];
            this.measure.integrate(m, last, t, cpuRate, gpuRate, this.ramUsed[m]);
            moving = cpuRate > 0 || gpuRate > 0;
            this.lastUpdate[m] = t;
        }
        const bi = this.nextInstance[m], biKind = this.nextKind[m];
        const collect = moving && this.measure.collectTime;
        let n = 0;
        for (let k = L.machineFirst[m], kEnd = L.machineFirst[m + 1]; k < kEnd; k++) {
            const i = L.machineInstances[k];
            if (state[i] !== BUSY) { continue; }
            if (moving) {
                remCpu[i] -= rateCpu[i] * dt;
                remGpu[i] -= rateGpu[i] * dt;
                if (collect) { this.addLoss(i, dt); }
            }
            if (i === bi) { if (biKind === 0) { remCpu[i] = 0; } else { remGpu[i] = 0; } }
            if (remCpu[i] <= rateCpu[i] * DONE_SECONDS) { remCpu[i] = 0; }
            if (remGpu[i] <= rateGpu[i] * DONE_SECONDS) { remGpu[i] = 0; }
            if (remCpu[i] > 0 || remGpu[i] > 0) { continue; }
            remCpu[i] = 0; remGpu[i] = 0; rateCpu[i] = 0; rateGpu[i] = 0;
            done[n++] = i;
        }
        this.markDirty(m);
        return n;
    }

    /**
     * collectDone for a machine with one instance i (after advance): true when
     * its part finished (rates zeroed); otherwise only one kind of work
     * finished, and the new rates and next completion are set at once.
     */
    settleSingle(m: number, i: number, t: number): boolean {
        if (this.nextKind[m] === 0) { this.remCpu[i] = 0; } else { this.remGpu[i] = 0; }
        if (this.remCpu[i] <= this.rateCpu[i] * DONE_SECONDS) { this.remCpu[i] = 0; }
        if (this.remGpu[i] <= this.rateGpu[i] * DONE_SECONDS) { this.remGpu[i] = 0; }
        if (this.remCpu[i] > 0 || this.remGpu[i] > 0) { this.recomputeSingle(m, i, t); return false; }
        this.rateCpu[i] = 0; this.rateGpu[i] = 0;
        return true;
    }

    /** Instance i's part ran dt more seconds at its current loss rates. */
    private addLoss(i: number, dt: number): void {
        const o = 3 * i, lost = this.lost, lossRate = this.lossRate;
        lost[o] += lossRate[o] * dt;
        lost[o + 1] += lossRate[o + 1] * dt;
        lost[o + 2] += lossRate[o + 2] * dt;
    }

    /** New rates of the parts running on m (processor and bandwidth sharing) and its next completion. */
    recompute(m: number, t: number): void {
        const L = this.L, prep = this.prep;
        const first = L.machineFirst[m], last = L.machineFirst[m + 1];
        if (this.fast && last - first === 1) { this.recomputeSingle(m, L.machineInstances[first], t); return; }
        const state = this.instState, position = this.instPosition, remCpu = this.remCpu, remGpu = this.remGpu;
        // Without a bandwidth limit on m every part runs at its full share (f = 1): the network sums are not needed.
        const netLimited = L.netInMbps[m] !== Infinity || L.netOutMbps[m] !== Infinity;
        // Preemptive priorities (docs/semantics.md, "Priorities"): parts below the highest priority of a
        // preemptive part running here with CPU (GPU) work left get no CPU (GPU) until it is done.
        const floorCpu = prep.preemptive ? this.preemptionFloor(m, remCpu) : -Infinity;
        const floorGpu = prep.preemptive ? this.preemptionFloor(m, remGpu) : -Infinity;
        const priority = prep.positionPriority;
        let nCpu = 0, nGpu = 0, nBusy = 0, sumIn = 0, sumOut = 0;
        for (let k = first; k < last; k++) {
            const i = L.machineInstances[k];
            if (state[i] !== BUSY) { continue; }
            nBusy++;
            if (remCpu[i] > 0 && (floorCpu === -Infinity || priority[position[i]] >= floorCpu)) { nCpu++; }
            if (remGpu[i] > 0 && (floorGpu === -Infinity || priority[position[i]] >= floorGpu)) { nGpu++; }
            if (netLimited) {
                const q = position[i];
                sumIn += prep.netInMbps[q];
                sumOut += prep.netOutMbps[q];
            }
        }
        const entity = this.entityOffset + m;
        if (nBusy === 0) {
            this.cpuRateSum[m] = 0;
            this.gpuRateSum[m] = 0;
            this.heap.remove(entity);
            return;
        }
        const fIn = sumIn > L.netInMbps[m] ? L.netInMbps[m] / sumIn : 1;
        const fOut = sumOut > L.netOutMbps[m] ? L.netOutMbps[m] / sumOut : 1;
        const cpuShare = nCpu > 0 ? L.cpuGHz[m] / nCpu : 0;
        const gpuShare = nGpu > 0 ? L.gpuTOPS[m] / nGpu : 0;
        const collect = this.measure.collectTime;
        let best = Infinity, bestInstance = -1, bestKind = 0, cpuSum = 0, gpuSum = 0;
        for (let k = first; k < last; k++) {
            const i = L.machineInstances[k];
            if (state[i] !== BUSY) { continue; }
            let f = 1;
            if (netLimited) {
                const q = position[i];
                if (prep.netInMbps[q] > 0 && fIn < f) { f = fIn; }
                if (prep.netOutMbps[q] > 0 && fOut < f) { f = fOut; }
            }
            // A part below the preemption floor gets no CPU (GPU) now (priorities).
            const cpuOn = remCpu[i] > 0 && (floorCpu === -Infinity || priority[position[i]] >= floorCpu);
            const gpuOn = remGpu[i] > 0 && (floorGpu === -Infinity || priority[position[i]] >= floorGpu);
            if (collect) {
                // The part's network factor relative to running alone there (its own need against the bandwidth).
                const alone = netLimited ? aloneNetFactor(prep, position[i], L.netInMbps[m], L.netOutMbps[m]) : 1;
                const net = alone > 0 && f < alone ? f / alone : 1;
                // The critical kind: the one that would finish last at the part's alone speed.
                const cpuCritical = remCpu[i] > 0 && !(remGpu[i] > 0 && remGpu[i] / L.gpuTOPS[m] > remCpu[i] / L.cpuGHz[m]);
                const n = cpuCritical ? nCpu : remGpu[i] > 0 ? nGpu : 0;
                // A suspended part (preemptive priorities) loses all of its processor time.
                const on = cpuCritical ? cpuOn : remGpu[i] > 0 ? gpuOn : true;
                sharingLoss(this.lossRate, 3 * i, cpuCritical, !on ? 0 : n > 0 ? 1 / n : 1, net);
            }
            const rc = cpuOn ? cpuShare * f : 0;
            const rg = gpuOn ? gpuShare * f : 0;
            this.rateCpu[i] = rc;
            this.rateGpu[i] = rg;
            cpuSum += rc;
            gpuSum += rg;
            if (rc > 0) {
                const d = remCpu[i] / rc;
                if (d < best) { best = d; bestInstance = i; bestKind = 0; }
            }
            if (rg > 0) {
                const d = remGpu[i] / rg;
                if (d < best) { best = d; bestInstance = i; bestKind = 1; }
            }
            // A part with no work left ends now; one whose rate underflowed to 0 (work left) must not.
            if (remCpu[i] <= 0 && remGpu[i] <= 0 && best > 0) { best = 0; bestInstance = i; bestKind = 0; }
        }
        this.cpuRateSum[m] = cpuSum;
        this.gpuRateSum[m] = gpuSum;
        this.nextInstance[m] = bestInstance;
        this.nextKind[m] = bestKind;
        // No part can progress (rates underflowed to 0): no completion event; the run is reported as stuck.
        if (best === Infinity) { this.heap.remove(entity); } else { this.heap.set(entity, t + best); }
    }

    /** The highest priority of a preemptive part running on m with work left in `remaining` (CPU or GPU), or -Infinity. */
    private preemptionFloor(m: number, remaining: Float64Array): number {
        const L = this.L, prep = this.prep, state = this.instState, position = this.instPosition;
        let floor = -Infinity;
        for (let k = L.machineFirst[m], kEnd = L.machineFirst[m + 1]; k < kEnd; k++) {
            const i = L.machineInstances[k];
            if (state[i] !== BUSY || remaining[i] <= 0 || !prep.positionPreemptive[position[i]]) { continue; }
            const p = prep.positionPriority[position[i]];
            if (p > floor) { floor = p; }
        }
        return floor;
    }

    /** recompute for a machine with one instance: the same arithmetic without the loops. */
    recomputeSingle(m: number, i: number, t: number): void {
        const L = this.L, prep = this.prep;
        const entity = this.entityOffset + m;
        if (this.instState[i] !== BUSY) {
            this.cpuRateSum[m] = 0;
            this.gpuRateSum[m] = 0;
            this.heap.remove(entity);
            return;
        }
        const f = aloneNetFactor(prep, this.instPosition[i], L.netInMbps[m], L.netOutMbps[m]);
        const remCpu = this.remCpu[i], remGpu = this.remGpu[i];
        const rc = remCpu > 0 ? L.cpuGHz[m] * f : 0;
        const rg = remGpu > 0 ? L.gpuTOPS[m] * f : 0;
        this.rateCpu[i] = rc;
        this.rateGpu[i] = rg;
        this.cpuRateSum[m] = rc;
        this.gpuRateSum[m] = rg;
        // Alone on its machine: nothing is lost to sharing (startWork zeroed the loss rates).
        // No work left: ends now. Work left at a rate that underflowed to 0: never (not at once).
        let best = remCpu > 0 || remGpu > 0 ? Infinity : 0, kind = 0;
        if (rc > 0) {
            best = remCpu / rc;
            if (rg > 0 && remGpu / rg < best) { best = remGpu / rg; kind = 1; }
        } else if (rg > 0) {
            best = remGpu / rg;
            kind = 1;
        }
        this.nextInstance[m] = i;
        this.nextKind[m] = kind;
        if (best === Infinity) { this.heap.remove(entity); } else { this.heap.set(entity, t + best); }
    }
}

/** Offsets of the three causes in Sharing.lost and in the loss rates. */
export const LOST_CPU = 0, LOST_GPU = 1, LOST_NET = 2;

/**
 * The attribution rule of the sharing slowdown (docs/semantics.md, "Where the
 * time goes"). A running part progresses at `share` x `net` of the speed it
 * would have alone on its machine: `share` = 1/n of the CPU (or GPU) among
 * the n parts with work of that kind, `net` = its network factor relative to
 * running alone. Per second it loses 1 - share x net seconds of progress,
 * split over the two causes symmetrically (the Shapley value of the two
 * factors, so neither is counted "first"): the processor gets
 * (1 - share)(1 + net) / 2, the network (1 - net)(1 + share) / 2. A part with
 * both CPU and GPU work is charged on its critical kind (`cpu` true: CPU).
 */
export function sharingLoss(into: Float64Array, o: number, cpu: boolean, share: number, net: number): void {
    const processor = (1 - share) * (1 + net) / 2;
    into[o + LOST_CPU] = cpu ? processor : 0;
    into[o + LOST_GPU] = cpu ? 0 : processor;
    into[o + LOST_NET] = (1 - net) * (1 + share) / 2;
}

/**
 * The rate factor of a part of chain position q running alone on a machine
 * with these bandwidths: its own network need against them (1 when it fits).
 */
export function aloneNetFactor(prep: PreparedModel, q: number, machineNetIn: number, machineNetOut: number): number {
    const netIn = prep.netInMbps[q], netOut = prep.netOutMbps[q];
    let f = 1;
    if (netIn > 0 && netIn > machineNetIn) { f = machineNetIn / netIn; }
    if (netOut > 0 && netOut > machineNetOut) { const g = machineNetOut / netOut; if (g < f) { f = g; } }
    return f;
}

/**
 * Seconds a part (CPU and GPU work, done at the same time) of chain position q
 * takes alone on a machine of these speeds and bandwidths: the "service" of
 * the time decomposition. Work that cannot progress there gives Infinity.
 */
export function aloneSeconds(prep: PreparedModel, q: number, cpuGHz: number, gpuTOPS: number, netIn: number, netOut: number,
    cpuWork: number, gpuWork: number): number {
    const f = aloneNetFactor(prep, q, netIn, netOut);
    const cpu = cpuWork > 0 ? cpuWork / (cpuGHz * f) : 0;
    const gpu = gpuWork > 0 ? gpuWork / (gpuTOPS * f) : 0;
    return cpu > gpu ? cpu : gpu;
}
