/**
 * The discrete-event engine: one replication of one allocation (semantics.md).
 * All state lives in typed arrays owned by the engine and reused between
 * replications and allocations; the event loop allocates nothing and uses no
 * closures.
 *
 * Entities with at most one pending event each (EventHeap): process p (its
 * next arrival), machine m (the next moment a running part on it finishes its
 * CPU or GPU work), instance i (end of its startup, or its keepalive stop).
 *
 * Processor sharing uses the remaining-work technique: every running part
 * keeps its remaining CPU and GPU work and its current rates; on any change at
 * a machine, the machine is first advanced to now (remaining -= rate * dt, over
 * the few parts running there: at most one per instance on the machine), then
 * its rates and its single next-completion event are recomputed.
 */
import type { Layout } from './layout.js';
import type { PreparedModel } from './prepared.js';
import { EventHeap } from './heap.js';
import { seedStream } from './rng.js';
import { DIST_STRIDE, sample } from './sampling.js';
import { HISTOGRAM_BUCKETS, histogramBucket } from './stats.js';

const DOWN = 0, IDLE = 1, STARTING = 2, BUSY = 3;
/** A work amount whose remaining time at the current rate is below this is finished (float noise). */
const DONE_SECONDS = 1e-9;

/**
 * Internal switches for tests, not user options: `singleInstanceFastPaths`
 * false sends machines with one instance through the general machineEvent and
 * recompute (test/sim/golden.test.ts requires the same output both ways).
 * Read when an Engine is constructed.
 */
export const engineSwitches = { singleInstanceFastPaths: true };

export interface EngineSettings {
    horizonSeconds: number;
    warmupSeconds: number;
    keepaliveSeconds: number;
    maxEvents: number;
    maxRunsInSystem: number;
    seed: number;
}

/** Why a replication stopped before all counted runs finished. */
export const END_OK = 0, END_EVENT_BUDGET = 1, END_RUN_CAP = 2, END_STUCK = 3;

/** What one replication measured (overwritten by the next one). */
export interface ReplicationOutput {
    end: number;
    /** Simulated time when the replication ended. */
    endTime: number;
    /** Time from the horizon to the last completion (0 when all finished before it). */
    drainSeconds: number;
    events: number;
    /** Length of the measured window [warmup, min(horizon, end)). */
    windowSeconds: number;
    /** Counted runs still in the system when the replication was stopped (their T is censored). */
    unfinished: number;
    /** The same per process (simulate --json's unfinishedRuns). */
    unfinishedByProcess: Float64Array;
    /**
     * The replication was stopped before the warmup ended: its measures cover [0, stop) instead
     * (runs that arrived before the warmup included), so an overloaded allocation is not seen as ideal.
     */
    measuredFromZero: boolean;
    runs: Float64Array;
    mean: Float64Array;
    m2: Float64Array;
    violations: Float64Array;
    cost: number;
    /** Integrals over the window, per machine: CPU GHz*s, GPU TOPS*s, RAM MB*s. */
    cpuIntegral: Float64Array;
    gpuIntegral: Float64Array;
    ramIntegral: Float64Array;
}

/** Per-process run counts, Welford mean and M2 of T, and deadline violations. */
interface RunMeasures {
    runs: Float64Array;
    mean: Float64Array;
    m2: Float64Array;
    violations: Float64Array;
}

/** Adds one run of process p with execution time T (Welford's update). */
function addRun(into: RunMeasures, p: number, T: number, deadline: number): void {
    const n = ++into.runs[p];
    const delta = T - into.mean[p];
    into.mean[p] += delta / n;
    into.m2[p] += delta * (T - into.mean[p]);
    if (T > deadline) { into.violations[p]++; }
}

export class Engine {
    private readonly P: number;
    private heap: EventHeap;
    private L!: Layout;
    private s!: EngineSettings;
    private readonly rng: Int32Array;
    // Runs (grown on demand up to maxRunsInSystem).
    private runCap = 0;
    private runProcess = new Int32Array(0);
    private runArrival = new Float64Array(0);
    private runPosition = new Int32Array(0);
    private runStep = new Int32Array(0);
    private runSplit = new Int32Array(0);
    private runToDispatch = new Int32Array(0);
    private runOutstanding = new Int32Array(0);
    private runNext = new Int32Array(0);
    private runSeq = new Float64Array(0);
    private runWork = new Float64Array(0);
    private runInUse = new Uint8Array(0);
    private freeRun = -1;
    private runsInSystem = 0;
    /** When the last run of the replication ended (the drain after the horizon ends there, not at the last keepalive stop). */
    private lastRunEnd = 0;
    // The same measures over [0, warmup), used only when a replication stops before the warmup ends.
    private pre: RunMeasures;
    private preCpu = new Float64Array(0);
    private preGpu = new Float64Array(0);
    private preRam = new Float64Array(0);
    private preCost = 0;
    private seq = 0;
    // Instances.
    private instState = new Uint8Array(0);
    private instRun = new Int32Array(0);
    private instPosition = new Int32Array(0);
    private remCpu = new Float64Array(0);
    private remGpu = new Float64Array(0);
    private rateCpu = new Float64Array(0);
    private rateGpu = new Float64Array(0);
    // Machines.
    private lastUpdate = new Float64Array(0);
    private cpuRateSum = new Float64Array(0);
    private gpuRateSum = new Float64Array(0);
    private ramUsed = new Float64Array(0);
    private ramTaken = new Float64Array(0);
    private upCount = new Int32Array(0);
    private upSince = new Float64Array(0);
    private blocked = new Uint8Array(0);
    private dirty = new Uint8Array(0);
    private dirtyList = new Int32Array(0);
    private dirtyCount = 0;
    private nextInstance = new Int32Array(0);
    private nextKind = new Uint8Array(0);
    // Components: two FIFO queues each (parts that need a GPU, and the others).
    private headAny: Int32Array;
    private tailAny: Int32Array;
    private headGpu: Int32Array;
    private tailGpu: Int32Array;
    private freeCount: Int32Array;
    /**
     * Bit sets of the idle (up, no part) and of the down instances of each
     * component, in allocation order: words compWordFirst[c] .. compWordFirst[c+1].
     * dispatch finds the first candidate with Math.clz32 instead of a scan.
     */
    private compWordFirst: Int32Array;
    private idleMask = new Int32Array(0);
    private downMask = new Int32Array(0);
    private maskWord = new Int32Array(0);
    private maskBit = new Int32Array(0);
    private doneList = new Int32Array(0);
    /** Percentile histograms per process (P x HISTOGRAM_BUCKETS counts), allocated and filled only when collecting. */
    histogram = new Uint32Array(0);
    collectHistogram = false;
    readonly out: ReplicationOutput;
    private readonly fast: boolean;

    constructor(private readonly prep: PreparedModel) {
        this.P = prep.processCount;
        this.fast = engineSwitches.singleInstanceFastPaths;
        const streams = prep.processCount + prep.positionCount;
        this.rng = new Int32Array(4 * Math.max(1, streams));
        const C = prep.componentCount;
        this.headAny = new Int32Array(C);
        this.tailAny = new Int32Array(C);
        this.headGpu = new Int32Array(C);
        this.tailGpu = new Int32Array(C);
        this.freeCount = new Int32Array(C);
        this.compWordFirst = new Int32Array(C + 1);
        this.heap = new EventHeap(0);
        this.pre = { runs: new Float64Array(this.P), mean: new Float64Array(this.P), m2: new Float64Array(this.P), violations: new Float64Array(this.P) };
        this.out = {
            end: END_OK, endTime: 0, drainSeconds: 0, events: 0, windowSeconds: 0, unfinished: 0, unfinishedByProcess: new Float64Array(this.P), measuredFromZero: false,
            runs: new Float64Array(this.P), mean: new Float64Array(this.P), m2: new Float64Array(this.P),
            violations: new Float64Array(this.P), cost: 0,
            cpuIntegral: new Float64Array(0), gpuIntegral: new Float64Array(0), ramIntegral: new Float64Array(0)
        };
        this.growRuns(1024);
    }

    /** Prepares the per-allocation buffers (reused when the sizes allow). */
    setLayout(layout: Layout): void {
        this.L = layout;
        const M = layout.machineCount, I = layout.instanceCount;
        const entities = this.P + M + I;
        if (this.heap.time.length < entities) { this.heap = new EventHeap(entities); }
        if (this.instState.length < I) {
            this.instState = new Uint8Array(I);
            this.instRun = new Int32Array(I);
            this.instPosition = new Int32Array(I);
            this.remCpu = new Float64Array(I);
            this.remGpu = new Float64Array(I);
            this.rateCpu = new Float64Array(I);
            this.rateGpu = new Float64Array(I);
            this.doneList = new Int32Array(I);
        }
        if (this.lastUpdate.length < M) {
            this.lastUpdate = new Float64Array(M);
            this.cpuRateSum = new Float64Array(M);
            this.gpuRateSum = new Float64Array(M);
            this.ramUsed = new Float64Array(M);
            this.ramTaken = new Float64Array(M);
            this.upCount = new Int32Array(M);
            this.upSince = new Float64Array(M);
            this.blocked = new Uint8Array(M);
            this.dirty = new Uint8Array(M);
            this.dirtyList = new Int32Array(M);
            this.nextInstance = new Int32Array(M);
            this.nextKind = new Uint8Array(M);
        }
        // Bit positions of the instances in their component's bit sets.
        const C = this.prep.componentCount;
        for (let c = 0; c < C; c++) {
            const n = layout.componentFirst[c + 1] - layout.componentFirst[c];
            this.compWordFirst[c + 1] = this.compWordFirst[c] + ((n + 31) >> 5);
        }
        const words = this.compWordFirst[C];
        if (this.idleMask.length < words) { this.idleMask = new Int32Array(words); this.downMask = new Int32Array(words); }
        if (this.maskWord.length < I) { this.maskWord = new Int32Array(I); this.maskBit = new Int32Array(I); }
        for (let c = 0; c < C; c++) {
            for (let k = layout.componentFirst[c]; k < layout.componentFirst[c + 1]; k++) {
                const local = k - layout.componentFirst[c];
                const i = layout.componentInstances[k];
                this.maskWord[i] = this.compWordFirst[c] + (local >> 5);
                this.maskBit[i] = 1 << (local & 31);
            }
        }
        if (this.preCpu.length !== M) {
            this.preCpu = new Float64Array(M);
            this.preGpu = new Float64Array(M);
            this.preRam = new Float64Array(M);
        }
        if (this.out.cpuIntegral.length !== M) {
            this.out.cpuIntegral = new Float64Array(M);
            this.out.gpuIntegral = new Float64Array(M);
            this.out.ramIntegral = new Float64Array(M);
        }
    }

    /** Clears (allocating on first use) the percentile histograms before a simulate(). */
    resetHistogram(): void {
        if (this.histogram.length === 0) { this.histogram = new Uint32Array(this.P * HISTOGRAM_BUCKETS); } else { this.histogram.fill(0); }
    }

    private growRuns(capacity: number): void {
        const old = this.runCap;
        const W = 2 * this.prep.maxChain;
        const grow = <T extends Int32Array | Float64Array | Uint8Array>(a: T, make: (n: number) => T, per = 1): T => {
            const b = make(capacity * per);
            b.set(a);
            return b;
        };
        this.runProcess = grow(this.runProcess, n => new Int32Array(n));
        this.runArrival = grow(this.runArrival, n => new Float64Array(n));
        this.runPosition = grow(this.runPosition, n => new Int32Array(n));
        this.runStep = grow(this.runStep, n => new Int32Array(n));
        this.runSplit = grow(this.runSplit, n => new Int32Array(n));
        this.runToDispatch = grow(this.runToDispatch, n => new Int32Array(n));
        this.runOutstanding = grow(this.runOutstanding, n => new Int32Array(n));
        this.runNext = grow(this.runNext, n => new Int32Array(n));
        this.runSeq = grow(this.runSeq, n => new Float64Array(n));
        this.runInUse = grow(this.runInUse, n => new Uint8Array(n));
        this.runWork = grow(this.runWork, n => new Float64Array(n), W);
        // New slots go on the free list, lowest first.
        for (let r = capacity - 1; r >= old; r--) {
            this.runNext[r] = this.freeRun;
            this.freeRun = r;
        }
        this.runCap = capacity;
    }

    /** Runs replication `replication` of the current layout; results in `this.out`. */
    run(settings: EngineSettings, replication: number): ReplicationOutput {
        this.s = settings;
        const L = this.L, prep = this.prep, P = this.P, heap = this.heap, out = this.out;
        const M = L.machineCount;
        const H = settings.horizonSeconds, W = settings.warmupSeconds;
        this.reset(replication);
        const rng = this.rng;
        // First arrivals: one sample after 0.
        for (let p = 0; p < P; p++) {
            const t = sample(prep.every, p, rng, p);
            if (t < H) { heap.set(p, t); }
        }
        const entityMachine0 = P, entityInstance0 = P + M;
        let events = 0;
        let end = END_OK;
        let t = 0;
        const maxEvents = settings.maxEvents;
        while (heap.size > 0) {
            if (events >= maxEvents) { end = END_EVENT_BUDGET; break; }
            const e = heap.top();
            t = heap.time[e];
            events++;
            if (e < entityMachine0) {
                if (this.runsInSystem >= settings.maxRunsInSystem) { end = END_RUN_CAP; break; }
                this.arrival(e, t);
            } else if (e < entityInstance0) {
                this.machineEvent(e - entityMachine0, t);
            } else {
                this.instanceEvent(e - entityInstance0, t);
            }
            if (this.dirtyCount > 0) { this.flush(t); }
        }
        if (end === END_OK && this.runsInSystem > 0) { end = END_STUCK; }
        // Stopped before the warmup ended: nothing was measured in [warmup, horizon), so measure [0, stop).
        const early = end !== END_OK && t <= W;
        // Close the window: integrate every machine up to its end, bill machines still up.
        const windowEnd = end === END_OK ? H : early ? t : Math.min(t, H);
        for (let m = 0; m < M; m++) {
            if (this.lastUpdate[m] < windowEnd) { this.advance(m, windowEnd); }
            if (this.upCount[m] > 0) {
                out.cost += L.pricePerSecond[m] * overlap(this.upSince[m], windowEnd, W, H);
                this.preCost += L.pricePerSecond[m] * overlap(this.upSince[m], windowEnd, 0, W);
            }
        }
        out.unfinished = 0;
        out.unfinishedByProcess.fill(0);
        out.measuredFromZero = early;
        if (early) {
            const pre = this.pre;
            out.runs.set(pre.runs); out.mean.set(pre.mean); out.m2.set(pre.m2); out.violations.set(pre.violations);
            out.cpuIntegral.set(this.preCpu); out.gpuIntegral.set(this.preGpu); out.ramIntegral.set(this.preRam);
            out.cost = this.preCost;
        }
        if (end !== END_OK) {
            // Counted runs still in the system: T censored at the stop time (docs/semantics.md).
            const from = early ? 0 : W;
            for (let r = 0; r < this.runCap; r++) {
                if (this.runInUse[r] && this.runArrival[r] >= from && this.runArrival[r] < H) {
                    this.record(this.runProcess[r], t - this.runArrival[r]);
                    out.unfinished++;
                    out.unfinishedByProcess[this.runProcess[r]]++;
                }
            }
        }
        out.end = end;
        out.endTime = t;
        out.drainSeconds = Math.max(0, (end === END_OK ? this.lastRunEnd : t) - H);
        out.events = events;
        out.windowSeconds = early ? t : Math.max(0, windowEnd - W);
        return out;
    }

    private reset(replication: number): void {
        const L = this.L, prep = this.prep, P = this.P, out = this.out, s = this.s;
        const M = L.machineCount, I = L.instanceCount;
        this.heap.clear();
        for (let k = 0; k < P + prep.positionCount; k++) { seedStream(this.rng, k, s.seed, replication, k); }
        // Free list of runs, lowest first.
        this.runInUse.fill(0);
        this.freeRun = -1;
        for (let r = this.runCap - 1; r >= 0; r--) { this.runNext[r] = this.freeRun; this.freeRun = r; }
        this.runsInSystem = 0;
        this.lastRunEnd = 0;
        this.seq = 0;
        this.headAny.fill(-1); this.tailAny.fill(-1); this.headGpu.fill(-1); this.tailGpu.fill(-1);
        for (let c = 0; c < prep.componentCount; c++) { this.freeCount[c] = L.componentFirst[c + 1] - L.componentFirst[c]; }
        for (let m = 0; m < M; m++) {
            this.lastUpdate[m] = 0; this.cpuRateSum[m] = 0; this.gpuRateSum[m] = 0;
            this.ramUsed[m] = 0; this.ramTaken[m] = L.reservedIdleRamMB[m];
            this.upCount[m] = 0; this.upSince[m] = 0; this.blocked[m] = 0; this.dirty[m] = 0;
            out.cpuIntegral[m] = 0; out.gpuIntegral[m] = 0; out.ramIntegral[m] = 0;
            this.preCpu[m] = 0; this.preGpu[m] = 0; this.preRam[m] = 0;
        }
        this.dirtyCount = 0;
        this.idleMask.fill(0);
        this.downMask.fill(0);
        for (let i = 0; i < I; i++) {
            this.instRun[i] = -1; this.remCpu[i] = 0; this.remGpu[i] = 0; this.rateCpu[i] = 0; this.rateGpu[i] = 0;
            if (L.instancePermanent[i]) {
                const m = L.instanceMachine[i];
                this.instState[i] = IDLE;
                this.idleMask[this.maskWord[i]] |= this.maskBit[i];
                this.upCount[m]++;
                this.ramUsed[m] += prep.idleRamMB[L.instanceComponent[i]];
            } else {
                this.instState[i] = DOWN;
                this.downMask[this.maskWord[i]] |= this.maskBit[i];
            }
        }
        out.runs.fill(0); out.mean.fill(0); out.m2.fill(0); out.violations.fill(0);
        out.cost = 0;
        this.pre.runs.fill(0); this.pre.mean.fill(0); this.pre.m2.fill(0); this.pre.violations.fill(0);
        this.preCost = 0;
    }

    // ---- events ----

    private arrival(p: number, t: number): void {
        const prep = this.prep, s = this.s;
        const next = t + sample(prep.every, p, this.rng, p);
        if (next < s.horizonSeconds) { this.heap.set(p, next); } else { this.heap.remove(p); }
        if (this.freeRun < 0) { this.growRuns(Math.min(this.runCap * 2, Math.max(this.runCap + 1, s.maxRunsInSystem))); }
        const r = this.freeRun;
        this.freeRun = this.runNext[r];
        this.runInUse[r] = 1;
        this.runsInSystem++;
        this.runProcess[r] = p;
        this.runArrival[r] = t;
        // All work samples of the run are drawn now, from the stream of each (process, position):
        // the n-th run of p gets the same samples whatever the allocation (common random numbers).
        const first = prep.chainStart[p], len = prep.chainLength[p];
        const base = r * 2 * prep.maxChain;
        const rng = this.rng, P = this.P;
        for (let j = 0; j < len; j++) {
            const q = first + j;
            this.runWork[base + 2 * j] = prep.cpuWork[q * DIST_STRIDE] !== 0 ? sample(prep.cpuWork, q, rng, P + q) : 0;
            this.runWork[base + 2 * j + 1] = prep.gpuWork[q * DIST_STRIDE] !== 0 ? sample(prep.gpuWork, q, rng, P + q) : 0;
        }
        this.startStep(r, 0, t);
    }

    private machineEvent(m: number, t: number): void {
        const L = this.L, prep = this.prep;
        if (this.fast && L.machineFirst[m + 1] - L.machineFirst[m] === 1) { this.machineEventSingle(m, L.machineInstances[L.machineFirst[m]], t); return; }
        this.advance(m, t);
        // The part that defined this event finishes exactly now (no float residue).
        const bi = this.nextInstance[m];
        if (this.nextKind[m] === 0) { this.remCpu[bi] = 0; } else { this.remGpu[bi] = 0; }
        let done = 0;
        const doneList = this.doneList;
        for (let k = L.machineFirst[m], kEnd = L.machineFirst[m + 1]; k < kEnd; k++) {
            const i = L.machineInstances[k];
            if (this.instState[i] !== BUSY) { continue; }
            if (this.remCpu[i] <= this.rateCpu[i] * DONE_SECONDS) { this.remCpu[i] = 0; }
            if (this.remGpu[i] <= this.rateGpu[i] * DONE_SECONDS) { this.remGpu[i] = 0; }
            if (this.remCpu[i] > 0 || this.remGpu[i] > 0) { continue; }
            // Finished: the instance becomes idle and gives back the part's RAM.
            const q = this.instPosition[i];
            this.instState[i] = IDLE;
            this.idleMask[this.maskWord[i]] |= this.maskBit[i];
            this.remCpu[i] = 0; this.remGpu[i] = 0; this.rateCpu[i] = 0; this.rateGpu[i] = 0;
            this.ramTaken[m] -= prep.ramMB[q];
            this.ramUsed[m] -= prep.ramMB[q];
            this.freeCount[L.instanceComponent[i]]++;
            doneList[done++] = i;
        }
        this.markDirty(m);
        for (let d = 0; d < done; d++) {
            const i = doneList[d];
            const r = this.instRun[i];
            this.instRun[i] = -1;
            this.partDone(r, t);
        }
        if (this.blocked[m]) {
            this.blocked[m] = 0;
            for (let k = L.machineComponentsFirst[m]; k < L.machineComponentsFirst[m + 1]; k++) { this.dispatch(L.machineComponents[k], t); }
        } else {
            for (let d = 0; d < done; d++) { this.dispatch(L.instanceComponent[doneList[d]], t); }
        }
        for (let d = 0; d < done; d++) {
            this.releaseIfIdle(doneList[d], t);
        }
    }

    /** machineEvent for a machine with one instance: the same steps in the same order, without the lists. */
    private machineEventSingle(m: number, i: number, t: number): void {
        const L = this.L, prep = this.prep;
        this.advance(m, t);
        if (this.nextKind[m] === 0) { this.remCpu[i] = 0; } else { this.remGpu[i] = 0; }
        if (this.remCpu[i] <= this.rateCpu[i] * DONE_SECONDS) { this.remCpu[i] = 0; }
        if (this.remGpu[i] <= this.rateGpu[i] * DONE_SECONDS) { this.remGpu[i] = 0; }
        // Only one kind of work finished: new rates and next completion at once.
        if (this.remCpu[i] > 0 || this.remGpu[i] > 0) { this.recomputeSingle(m, i, t); return; }
        const q = this.instPosition[i];
        const c = L.instanceComponent[i];
        this.instState[i] = IDLE;
        this.idleMask[this.maskWord[i]] |= this.maskBit[i];
        this.rateCpu[i] = 0; this.rateGpu[i] = 0;
        this.ramTaken[m] -= prep.ramMB[q];
        this.ramUsed[m] -= prep.ramMB[q];
        this.freeCount[c]++;
        const r = this.instRun[i];
        this.instRun[i] = -1;
        this.partDone(r, t);
        if (this.blocked[m]) {
            this.blocked[m] = 0;
            for (let k = L.machineComponentsFirst[m]; k < L.machineComponentsFirst[m + 1]; k++) { this.dispatch(L.machineComponents[k], t); }
        } else {
            this.dispatch(c, t);
        }
        this.releaseIfIdle(i, t);
        // Taken again: startPart already set the rates. Otherwise the machine has no event any more.
        if (this.instState[i] !== BUSY) { this.recomputeSingle(m, i, t); }
    }

    private instanceEvent(i: number, t: number): void {
        this.heap.remove(this.P + this.L.machineCount + i);
        if (this.instState[i] === STARTING) {
            this.startPart(i, t);
        } else if (this.instState[i] === IDLE) {
            this.stop(i, t);
        }
    }

    // ---- runs, steps, parts ----

    private startStep(r: number, j: number, t: number): void {
        const prep = this.prep;
        const q = prep.chainStart[this.runProcess[r]] + j;
        const k = this.L.split[q];
        this.runStep[r] = j;
        this.runPosition[r] = q;
        this.runSplit[r] = k;
        this.runToDispatch[r] = k;
        this.runOutstanding[r] = k;
        this.runSeq[r] = this.seq++;
        this.runNext[r] = -1;
        const c = prep.component[q];
        if (prep.needsGpu[q]) {
            if (this.tailGpu[c] < 0) { this.headGpu[c] = r; } else { this.runNext[this.tailGpu[c]] = r; }
            this.tailGpu[c] = r;
        } else {
            if (this.tailAny[c] < 0) { this.headAny[c] = r; } else { this.runNext[this.tailAny[c]] = r; }
            this.tailAny[c] = r;
        }
        this.dispatch(c, t);
    }

    private partDone(r: number, t: number): void {
        if (--this.runOutstanding[r] > 0) { return; }
        const p = this.runProcess[r];
        const j = this.runStep[r] + 1;
        if (j < this.prep.chainLength[p]) { this.startStep(r, j, t); return; }
        // The run is complete.
        const arrival = this.runArrival[r];
        if (arrival >= this.s.warmupSeconds) {
            if (arrival < this.s.horizonSeconds) { this.record(p, t - arrival); }
        } else {
            // kept only for replications stopped before the warmup ends
            addRun(this.pre, p, t - arrival, this.prep.deadline[p]);
        }
        this.runInUse[r] = 0;
        this.runNext[r] = this.freeRun;
        this.freeRun = r;
        this.runsInSystem--;
        this.lastRunEnd = t;
    }

    private record(p: number, T: number): void {
        addRun(this.out, p, T, this.prep.deadline[p]);
        if (this.collectHistogram) { this.histogram[p * HISTOGRAM_BUCKETS + histogramBucket(T)]++; }
    }

    /**
     * Free instances of component c take parts from its queues. Idle (up)
     * instances first, then down ones (which must start), each in allocation
     * order. An instance takes the oldest part it may serve (a part with GPU
     * work only on a machine with a GPU); when that part does not fit in its
     * machine's free RAM, the instance takes nothing (no overtaking by RAM).
     */
    private dispatch(c: number, t: number): void {
        if (this.freeCount[c] === 0) { return; }
        const L = this.L, prep = this.prep;
        const first = L.componentFirst[c];
        const w0 = this.compWordFirst[c], w1 = this.compWordFirst[c + 1];
        // When an instance declined the head for lack of RAM and a later one then took it, the scan
        // starts again: the declining instance may fit the new head (bounded: each restart follows an assignment).
        let restart = true;
        while (restart) {
            restart = false;
            let declined = false;
            scan: for (let pass = 0; pass < 2; pass++) {
                const mask = pass === 0 ? this.idleMask : this.downMask;
                for (let w = w0; w < w1; w++) {
                    let bits = mask[w];
                    while (bits !== 0) {
                        const headAny = this.headAny[c], headGpu = this.headGpu[c];
                        if (headAny < 0 && headGpu < 0) { return; }
                        const low = bits & -bits;
                        bits ^= low;
                        const i = L.componentInstances[first + ((w - w0) << 5) + (31 - Math.clz32(low))];
                        let r = headAny;
                        let fromGpu = false;
                        if (L.instanceHasGpu[i] && headGpu >= 0 && (r < 0 || this.runSeq[headGpu] < this.runSeq[r])) { r = headGpu; fromGpu = true; }
                        if (r < 0) { continue; }
                        const q = this.runPosition[r];
                        const m = L.instanceMachine[i];
                        if (this.ramTaken[m] + prep.ramMB[q] > L.ramMB[m] * (1 + 1e-12)) { this.blocked[m] = 1; declined = true; continue; }
                        if (--this.runToDispatch[r] === 0) {
                            const next = this.runNext[r];
                            if (fromGpu) {
                                this.headGpu[c] = next;
                                if (next < 0) { this.tailGpu[c] = -1; }
                            } else {
                                this.headAny[c] = next;
                                if (next < 0) { this.tailAny[c] = -1; }
                            }
                        }
                        this.assign(i, r, q, m, t);
                        if (this.freeCount[c] === 0) { return; }
                        if (declined) { restart = true; break scan; }
                    }
                }
            }
        }
    }

    private assign(i: number, r: number, q: number, m: number, t: number): void {
        const L = this.L, prep = this.prep;
        this.advance(m, t);
        this.ramTaken[m] += prep.ramMB[q];
        this.ramUsed[m] += prep.ramMB[q];
        this.freeCount[L.instanceComponent[i]]--;
        this.instRun[i] = r;
        this.instPosition[i] = q;
        if (this.instState[i] === IDLE) {
            this.heap.remove(this.P + L.machineCount + i);
            this.startPart(i, t);
            return;
        }
        // Down: start it; the part waits for the startup.
        const c = L.instanceComponent[i];
        if (this.upCount[m]++ === 0) { this.upSince[m] = t; }
        this.ramUsed[m] += prep.idleRamMB[c];
        const startup = prep.startupSeconds[c];
        if (startup > 0) {
            this.instState[i] = STARTING;
            this.downMask[this.maskWord[i]] &= ~this.maskBit[i];
            this.heap.set(this.P + L.machineCount + i, t + startup);
        } else {
            this.startPart(i, t);
        }
    }

    private startPart(i: number, t: number): void {
        const m = this.L.instanceMachine[i];
        this.advance(m, t);
        const r = this.instRun[i];
        const k = this.runSplit[r];
        const w = r * 2 * this.prep.maxChain + 2 * this.runStep[r];
        this.instState[i] = BUSY;
        this.idleMask[this.maskWord[i]] &= ~this.maskBit[i];
        this.downMask[this.maskWord[i]] &= ~this.maskBit[i];
        this.remCpu[i] = this.runWork[w] / k;
        this.remGpu[i] = this.runWork[w + 1] / k;
        this.rateCpu[i] = 0;
        this.rateGpu[i] = 0;
        // A machine with one instance cannot change again in this event: its rates are final now.
        if (this.fast && this.L.machineFirst[m + 1] - this.L.machineFirst[m] === 1) { this.recomputeSingle(m, i, t); } else { this.markDirty(m); }
    }

    /** An on-demand instance left idle stops after the keepalive (at once when it is 0). */
    private releaseIfIdle(i: number, t: number): void {
        if (this.instState[i] === IDLE && !this.L.instancePermanent[i]) {
            if (this.s.keepaliveSeconds > 0) { this.heap.set(this.P + this.L.machineCount + i, t + this.s.keepaliveSeconds); } else { this.stop(i, t); }
        }
    }

    private stop(i: number, t: number): void {
        const L = this.L;
        const m = L.instanceMachine[i];
        this.advance(m, t);
        this.instState[i] = DOWN;
        this.idleMask[this.maskWord[i]] &= ~this.maskBit[i];
        this.downMask[this.maskWord[i]] |= this.maskBit[i];
        this.ramUsed[m] -= this.prep.idleRamMB[L.instanceComponent[i]];
        if (--this.upCount[m] === 0) {
            this.out.cost += L.pricePerSecond[m] * overlap(this.upSince[m], t, this.s.warmupSeconds, this.s.horizonSeconds);
            this.preCost += L.pricePerSecond[m] * overlap(this.upSince[m], t, 0, this.s.warmupSeconds);
        }
    }

    // ---- machines ----

    private markDirty(m: number): void {
        if (this.dirty[m]) { return; }
        this.dirty[m] = 1;
        this.dirtyList[this.dirtyCount++] = m;
    }

    private flush(t: number): void {
        for (let d = 0; d < this.dirtyCount; d++) {
            const m = this.dirtyList[d];
            this.dirty[m] = 0;
            this.recompute(m, t);
        }
        this.dirtyCount = 0;
    }

    /** Brings machine m to time t: remaining work, and the utilization integrals over [warmup, horizon). */
    private advance(m: number, t: number): void {
        const last = this.lastUpdate[m];
        const dt = t - last;
        if (dt <= 0) { return; }
        const out = this.out;
        const W = this.s.warmupSeconds, H = this.s.horizonSeconds;
        if (last < W) {
            const span = (t < W ? t : W) - last;
            this.preCpu[m] += this.cpuRateSum[m] * span;
            this.preGpu[m] += this.gpuRateSum[m] * span;
            this.preRam[m] += this.ramUsed[m] * span;
        }
        if (t > W && last < H) {
            const span = (t < H ? t : H) - (last > W ? last : W);
            out.cpuIntegral[m] += this.cpuRateSum[m] * span;
            out.gpuIntegral[m] += this.gpuRateSum[m] * span;
            out.ramIntegral[m] += this.ramUsed[m] * span;
        }
        if (this.cpuRateSum[m] > 0 || this.gpuRateSum[m] > 0) {
            const L = this.L;
            for (let k = L.machineFirst[m], kEnd = L.machineFirst[m + 1]; k < kEnd; k++) {
                const i = L.machineInstances[k];
                if (this.instState[i] !== BUSY) { continue; }
                this.remCpu[i] -= this.rateCpu[i] * dt;
                this.remGpu[i] -= this.rateGpu[i] * dt;
            }
        }
        this.lastUpdate[m] = t;
    }

    /** New rates of the parts running on m (processor and bandwidth sharing) and its next completion. */
    private recompute(m: number, t: number): void {
        const L = this.L, prep = this.prep;
        const first = L.machineFirst[m], last = L.machineFirst[m + 1];
        if (this.fast && last - first === 1) { this.recomputeSingle(m, L.machineInstances[first], t); return; }
        let nCpu = 0, nGpu = 0, nBusy = 0, sumIn = 0, sumOut = 0;
        for (let k = first; k < last; k++) {
            const i = L.machineInstances[k];
            if (this.instState[i] !== BUSY) { continue; }
            nBusy++;
            if (this.remCpu[i] > 0) { nCpu++; }
            if (this.remGpu[i] > 0) { nGpu++; }
            const q = this.instPosition[i];
            sumIn += prep.netInMbps[q];
            sumOut += prep.netOutMbps[q];
        }
        const entity = this.P + m;
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
        let best = Infinity, bestInstance = -1, bestKind = 0, cpuSum = 0, gpuSum = 0;
        for (let k = first; k < last; k++) {
            const i = L.machineInstances[k];
            if (this.instState[i] !== BUSY) { continue; }
            const q = this.instPosition[i];
            let f = 1;
            if (prep.netInMbps[q] > 0 && fIn < f) { f = fIn; }
            if (prep.netOutMbps[q] > 0 && fOut < f) { f = fOut; }
            const rc = this.remCpu[i] > 0 ? cpuShare * f : 0;
            const rg = this.remGpu[i] > 0 ? gpuShare * f : 0;
            this.rateCpu[i] = rc;
            this.rateGpu[i] = rg;
            cpuSum += rc;
            gpuSum += rg;
            if (rc > 0) {
                const d = this.remCpu[i] / rc;
                if (d < best) { best = d; bestInstance = i; bestKind = 0; }
            }
            if (rg > 0) {
                const d = this.remGpu[i] / rg;
                if (d < best) { best = d; bestInstance = i; bestKind = 1; }
            }
            // A part with no work left ends now; one whose rate underflowed to 0 (work left) must not.
            if (this.remCpu[i] <= 0 && this.remGpu[i] <= 0 && best > 0) { best = 0; bestInstance = i; bestKind = 0; }
        }
        this.cpuRateSum[m] = cpuSum;
        this.gpuRateSum[m] = gpuSum;
        this.nextInstance[m] = bestInstance;
        this.nextKind[m] = bestKind;
        // No part can progress (rates underflowed to 0): no completion event; the run is reported as stuck.
        if (best === Infinity) { this.heap.remove(entity); } else { this.heap.set(entity, t + best); }
    }
    /** recompute for a machine with one instance: the same arithmetic without the loops. */
    private recomputeSingle(m: number, i: number, t: number): void {
        const L = this.L, prep = this.prep;
        if (this.instState[i] !== BUSY) {
            this.cpuRateSum[m] = 0;
            this.gpuRateSum[m] = 0;
            this.heap.remove(this.P + m);
            return;
        }
        const q = this.instPosition[i];
        const netIn = prep.netInMbps[q], netOut = prep.netOutMbps[q];
        let f = 1;
        if (netIn > 0 && netIn > L.netInMbps[m]) { f = L.netInMbps[m] / netIn; }
        if (netOut > 0 && netOut > L.netOutMbps[m]) { const g = L.netOutMbps[m] / netOut; if (g < f) { f = g; } }
        const remCpu = this.remCpu[i], remGpu = this.remGpu[i];
        const rc = remCpu > 0 ? L.cpuGHz[m] * f : 0;
        const rg = remGpu > 0 ? L.gpuTOPS[m] * f : 0;
        this.rateCpu[i] = rc;
        this.rateGpu[i] = rg;
        this.cpuRateSum[m] = rc;
        this.gpuRateSum[m] = rg;
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
        if (best === Infinity) { this.heap.remove(this.P + m); } else { this.heap.set(this.P + m, t + best); }
    }
}

/** Length of [a, b) inside [w, h). */
function overlap(a: number, b: number, w: number, h: number): number {
    const lo = a > w ? a : w;
    const hi = b < h ? b : h;
    return hi > lo ? hi - lo : 0;
}
