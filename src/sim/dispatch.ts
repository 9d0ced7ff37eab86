/**
 * Dispatch and queues (docs/semantics.md, "Dispatch"): runs arrive, each step
 * is split into parts queued at its component, free instances take parts,
 * instances start and stop.
 *
 * Invariants:
 * - Each component has two FIFO queues of runs with parts left to hand out:
 *   parts that need a GPU, and the others; a run is in at most one queue, and
 *   its sequence number (F_SEQ) orders the two queues' heads.
 * - idleMask / downMask: bit sets of the idle (up, no part) and the down
 *   instances of each component, in allocation order (words
 *   compWordFirst[c] .. compWordFirst[c+1]); a starting or busy instance is in
 *   neither. freeCount[c] counts the component's idle and down instances.
 * - An instance takes the oldest part it may serve; when that part does not
 *   fit in its machine's free RAM (ramTaken: reserved idle RAM + parts'
 *   RAM), it takes nothing and the machine is marked blocked, so every
 *   component on it is dispatched again when RAM frees there.
 * - Every random draw of a run (its work samples) happens at its arrival, from
 *   the streams of its process's steps: dispatch order never changes numbers
 *   drawn (common random numbers across allocations).
 * - Parts that finish in one machine event are all taken off their instances
 *   (run, and the timestamps of the time decomposition) before any run moves
 *   on: moving a run on dispatches, which may hand one of those instances a
 *   new part before its old part's run was told.
 * - Time decomposition (measure.ts, when collecting): each instance keeps when
 *   it took its part (instAssigned), when the part's work started
 *   (instWorkStart, later by the startup when it was down) and how long the
 *   part waited for RAM: from the first refusal of its run's step for lack of
 *   RAM to its dispatch. Only the head of a component's queue is ever refused
 *   (no overtaking), so each queue keeps the run refused at its head and
 *   since when (blockedRun, blockedSince), until that run's last part is
 *   handed out. The last part to finish gives its step's parts, and the
 *   seconds it lost to sharing the CPU, GPU and network (sharing.ts's `lost`).
 * - Transfers (transfer.ts; only for models whose hops move data): a run
 *   remembers the machine its previous step ended on (runs.home); a part
 *   taken on another machine receives its data after the startup and before
 *   its work (state TRANSFER, instTransferStart). Models without data take
 *   none of these paths: their numbers are the same bits as before.
 * - Failures (failures.ts decides when; docs/semantics.md, "Failures and
 *   availability"): the instances of a failed machine are FAILED (in neither
 *   bit set, not free, not up) until the repair. A part they held goes back
 *   to its component's queue, in sequence order, and runs again from its
 *   start, with its step's work drawn again from the position's retry stream
 *   (preemptive-repeat-different; parts of the step not yet handed out get
 *   that draw too, parts running elsewhere keep theirs). A permanent instance on a failed machine may have a stand-in
 *   (standIn): an on-demand instance of its component on a working machine,
 *   held up (held, never stopped by the keepalive) until the repair. A
 *   stand-in started only to stand in is STARTING with no run (instRun -1).
 */
import type { EventHeap } from './heap.js';
import type { Layout } from './layout.js';
import type { Measurement } from './measure.js';
import type { PreparedModel } from './prepared.js';
import { D_ARRIVAL, D_SEQ, D_STEP_START, D_WORK, F_NEXT, F_OUTSTANDING, F_POSITION, F_PROCESS, F_STEP, F_TO_DISPATCH, RunTable } from './runs.js';
import { DIST_STRIDE, sample } from './sampling.js';
import { S_COLD, S_COLD_COUNT, S_COUNT, S_LOST_CPU, S_LOST_GPU, S_LOST_NET, S_MIXED_SERVICE, S_RAM, S_TRANSFER, S_WAIT, S_WORK, STEP_SUMS } from './measure.js';
import { positionPartWork } from './prepared.js';
import { ArrivalClock } from './profile.js';
import { PriorityQueues, queueKey } from './priority.js';
import { aloneSeconds, BUSY, DOWN, FAILED, IDLE, STARTING, type Sharing } from './sharing.js';
import { TRANSFER, Transfers } from './transfer.js';

export class Dispatcher {
    private L!: Layout;
    private heap!: EventHeap;
    private keepaliveSeconds = 0;
    private horizonSeconds = 0;
    readonly runs: RunTable;
    /** When the last run of the replication ended (the drain after the horizon ends there, not at the last keepalive stop). */
    lastRunEnd = 0;
    private seq = 0;
    /** Operational time of the processes with an arrival profile (profile.ts); null when none has one. */
    readonly clock: ArrivalClock | null;
    /** The queues by priority level (priority.ts); null when no process has a priority. */
    private readonly pq: PriorityQueues | null;
    /** Remaining CPU and GPU work of the preempted parts of each run (pairs), until an instance resumes them. */
    private readonly suspended = new Map<number, number[]>();
    // Instances.
    instState = new Uint8Array(0);
    instPosition = new Int32Array(0);
    private instRun = new Int32Array(0);
    private instAssigned = new Float64Array(0);
    private instWorkStart = new Float64Array(0);
    private instRamWait = new Float64Array(0);
    /** When the part's transfer started (after the startup); equal to instWorkStart without one. */
    private instTransferStart = new Float64Array(0);
    private doneList = new Int32Array(0);
    /** The runs and decomposition timestamps of the parts done in one machine event (see the invariants). */
    private doneRun = new Int32Array(0);
    /** Per done part d: its instance's instAssigned, instWorkStart, instRamWait, instTransferStart at 4d .. 4d + 3. */
    private doneStamps = new Float64Array(0);
    /** Per done part d: its instance's seconds lost to sharing (CPU, GPU, network) at 3d .. 3d + 2. */
    private doneLost = new Float64Array(0);
    /** Failures: an on-demand instance kept up as a stand-in (1), and the stand-in of each permanent instance (-1: none). */
    private held = new Uint8Array(0);
    private standIn = new Int32Array(0);
    /** Stream of the retried parts of chain position 0 (failures.ts); -1 in a model without failures. */
    retryStream0 = -1;
    // Machines.
    private ramTaken = new Float64Array(0);
    upCount = new Int32Array(0);
    upSince = new Float64Array(0);
    private blocked = new Uint8Array(0);
    // Components.
    private readonly headAny: Int32Array;
    private readonly tailAny: Int32Array;
    private readonly headGpu: Int32Array;
    private readonly tailGpu: Int32Array;
    private readonly freeCount: Int32Array;
    /** Per component c and queue (2c: any, 2c + 1: GPU): the run refused at the head for lack of RAM (-1: none), and since when. */
    private readonly blockedRun: Int32Array;
    private readonly blockedSince: Float64Array;
    private readonly compWordFirst: Int32Array;
    private idleMask = new Int32Array(0);
    private downMask = new Int32Array(0);
    private maskWord = new Int32Array(0);
    private maskBit = new Int32Array(0);
    /** Server kinds (the time decomposition's stepKind is per chain position and kind). */
    private readonly kinds: number;
    /** Heap entity of instance 0 (processes, then machines, then instances). */
    private instanceEntity0 = 0;
    /** Transfers between machines; null when no hop of the model moves data. */
    private readonly transfers: Transfers | null;

    constructor(private readonly prep: PreparedModel, private readonly sharing: Sharing, private readonly measure: Measurement,
        private readonly rng: Int32Array) {
        const C = prep.componentCount;
        this.headAny = new Int32Array(C);
        this.tailAny = new Int32Array(C);
        this.headGpu = new Int32Array(C);
        this.tailGpu = new Int32Array(C);
        this.freeCount = new Int32Array(C);
        this.blockedRun = new Int32Array(2 * C);
        this.blockedSince = new Float64Array(2 * C);
        this.compWordFirst = new Int32Array(C + 1);
        this.runs = new RunTable(prep.maxChain, 1024);
        this.kinds = prep.model.servers.length;
        this.transfers = prep.hasTransfers ? new Transfers(prep.latencySeconds) : null;
        this.clock = prep.profiles ? new ArrivalClock(prep.profiles) : null;
        this.pq = prep.prioritized ? new PriorityQueues(prep) : null;
    }

    setLayout(layout: Layout, heap: EventHeap): void {
        this.L = layout;
        this.heap = heap;
        const M = layout.machineCount, I = layout.instanceCount;
        this.instanceEntity0 = this.prep.processCount + M;
        if (this.instState.length < I) {
            this.instState = new Uint8Array(I);
            this.instRun = new Int32Array(I);
            this.instPosition = new Int32Array(I);
            this.instAssigned = new Float64Array(I);
            this.instWorkStart = new Float64Array(I);
            this.instRamWait = new Float64Array(I);
            this.instTransferStart = new Float64Array(I);
            this.doneList = new Int32Array(I);
            this.doneRun = new Int32Array(I);
            this.doneStamps = new Float64Array(4 * I);
            this.doneLost = new Float64Array(3 * I);
            this.held = new Uint8Array(I);
            this.standIn = new Int32Array(I);
        }
        if (this.transfers) { this.transfers.setLayout(layout, heap, this.instanceEntity0); }
        if (this.ramTaken.length < M) {
            this.ramTaken = new Float64Array(M);
            this.upCount = new Int32Array(M);
            this.upSince = new Float64Array(M);
            this.blocked = new Uint8Array(M);
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
    }

    /** Empty queues, no run; permanent instances up (their idle RAM in ramUsed, which the sharing reset to 0). */
    reset(keepaliveSeconds: number, horizonSeconds: number): void {
        const L = this.L, prep = this.prep, ramUsed = this.sharing.ramUsed;
        this.keepaliveSeconds = keepaliveSeconds;
        this.horizonSeconds = horizonSeconds;
        this.runs.reset();
        this.lastRunEnd = 0;
        this.seq = 0;
        this.headAny.fill(-1); this.tailAny.fill(-1); this.headGpu.fill(-1); this.tailGpu.fill(-1);
        this.blockedRun.fill(-1);
        if (this.pq !== null) { this.pq.reset(); this.suspended.clear(); }
        for (let c = 0; c < prep.componentCount; c++) { this.freeCount[c] = L.componentFirst[c + 1] - L.componentFirst[c]; }
        for (let m = 0; m < L.machineCount; m++) {
            this.ramTaken[m] = L.reservedIdleRamMB[m];
            this.upCount[m] = 0; this.upSince[m] = 0; this.blocked[m] = 0;
        }
        this.idleMask.fill(0);
        this.downMask.fill(0);
        if (this.transfers) { this.transfers.reset(); }
        for (let i = 0; i < L.instanceCount; i++) {
            this.instRun[i] = -1;
            this.held[i] = 0;
            this.standIn[i] = -1;
            if (L.instancePermanent[i]) {
                const m = L.instanceMachine[i];
                this.instState[i] = IDLE;
                this.idleMask[this.maskWord[i]] |= this.maskBit[i];
                this.upCount[m]++;
                ramUsed[m] += prep.idleRamMB[L.instanceComponent[i]];
            } else {
                this.instState[i] = DOWN;
                this.downMask[this.maskWord[i]] |= this.maskBit[i];
            }
        }
    }

    // ---- events ----

    /** Process p's run arrives at t: the next arrival is scheduled, all work of the run drawn, its first step queued. */
    arrival(p: number, t: number, maxRunsInSystem: number): void {
        const prep = this.prep, rng = this.rng, clock = this.clock;
        const gap = sample(prep.every, p, rng, p);
        const next = clock !== null && clock.profiles[p] !== null ? clock.next(p, gap) : t + gap;
        if (next < this.horizonSeconds) { this.heap.set(p, next); } else { this.heap.remove(p); }
        const runs = this.runs;
        const r = runs.take(maxRunsInSystem, p);
        const doubles = runs.doubles;
        const base = r * runs.stride;
        doubles[base + D_ARRIVAL] = t;
        if (this.transfers) { runs.home[r] = -1; }
        // All work samples of the run are drawn now, from the stream of each (process, position):
        // the n-th run of p gets the same samples whatever the allocation (common random numbers).
        const first = prep.chainStart[p], len = prep.chainLength[p], P = prep.processCount;
        for (let j = 0; j < len; j++) {
            const q = first + j;
            doubles[base + D_WORK + 2 * j] = prep.cpuWork[q * DIST_STRIDE] !== 0 ? sample(prep.cpuWork, q, rng, P + q) : 0;
            doubles[base + D_WORK + 2 * j + 1] = prep.gpuWork[q * DIST_STRIDE] !== 0 ? sample(prep.gpuWork, q, rng, P + q) : 0;
        }
        this.startStep(r, 0, t);
    }

    /** A part on machine m finished its CPU or GPU work at t. */
    machineEvent(m: number, t: number): void {
        const L = this.L, prep = this.prep, sharing = this.sharing;
        const first = L.machineFirst[m];
        if (sharing.fast && L.machineFirst[m + 1] - first === 1) { this.machineEventSingle(m, L.machineInstances[first], t); return; }
        const doneList = this.doneList, doneRun = this.doneRun;
        const done = sharing.advanceAndCollect(m, t, doneList);
        const collect = this.measure.collectTime;
        // Finished parts: their instances become idle, give back the parts' RAM and are taken off their runs.
        for (let d = 0; d < done; d++) {
            const i = doneList[d];
            const q = this.instPosition[i];
            this.instState[i] = IDLE;
            this.idleMask[this.maskWord[i]] |= this.maskBit[i];
            this.ramTaken[m] -= prep.ramMB[q];
            sharing.ramUsed[m] -= prep.ramMB[q];
            this.freeCount[L.instanceComponent[i]]++;
            doneRun[d] = this.instRun[i];
            this.instRun[i] = -1;
            if (collect) {
                const stamps = this.doneStamps;
                stamps[4 * d] = this.instAssigned[i]; stamps[4 * d + 1] = this.instWorkStart[i]; stamps[4 * d + 2] = this.instRamWait[i];
                stamps[4 * d + 3] = this.instTransferStart[i];
                const lost = sharing.lost, doneLost = this.doneLost;
                doneLost[3 * d] = lost[3 * i]; doneLost[3 * d + 1] = lost[3 * i + 1]; doneLost[3 * d + 2] = lost[3 * i + 2];
            }
        }
        for (let d = 0; d < done; d++) {
            this.partDone(doneRun[d], doneList[d], t, d);
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
        const L = this.L, prep = this.prep, sharing = this.sharing;
        sharing.advance(m, t);
        if (!sharing.settleSingle(m, i, t)) { return; }
        const q = this.instPosition[i];
        const c = L.instanceComponent[i];
        this.instState[i] = IDLE;
        this.idleMask[this.maskWord[i]] |= this.maskBit[i];
        this.ramTaken[m] -= prep.ramMB[q];
        sharing.ramUsed[m] -= prep.ramMB[q];
        this.freeCount[c]++;
        const r = this.instRun[i];
        this.instRun[i] = -1;
        this.partDone(r, i, t, -1);
        if (this.blocked[m]) {
            this.blocked[m] = 0;
            for (let k = L.machineComponentsFirst[m]; k < L.machineComponentsFirst[m + 1]; k++) { this.dispatch(L.machineComponents[k], t); }
        } else {
            this.dispatch(c, t);
        }
        this.releaseIfIdle(i, t);
        // Taken again: startPart already set the rates. Otherwise the machine has no event any more.
        if (this.instState[i] !== BUSY) { sharing.recomputeSingle(m, i, t); }
    }

    /** Instance i's startup ended, or its keepalive ran out. */
    instanceEvent(i: number, t: number): void {
        this.heap.remove(this.instanceEntity0 + i);
        if (this.instState[i] === STARTING) {
            if (this.instRun[i] >= 0) { this.beginPart(i, t); } else { this.warmedUp(i, t); }
        } else if (this.instState[i] === IDLE) {
            this.stop(i, t);
        } else if (this.instState[i] === TRANSFER) {
            if (this.transfers!.event(i, t)) { this.startPart(i, t); }
        }
    }

    // ---- runs, steps, parts ----

    /** Queues step j of run r (k parts) at its component and dispatches there. */
    private startStep(r: number, j: number, t: number): void {
        const prep = this.prep, runs = this.runs, ints = runs.ints;
        const o = r * runs.intStride;
        const q = prep.chainStart[ints[o + F_PROCESS]] + j;
        const k = this.L.split[q];
        ints[o + F_STEP] = j;
        ints[o + F_POSITION] = q;
        ints[o + F_TO_DISPATCH] = k;
        ints[o + F_OUTSTANDING] = k;
        ints[o + F_NEXT] = -1;
        const pq = this.pq;
        runs.doubles[r * runs.stride + D_SEQ] = pq === null ? this.seq++ : queueKey(this.seq++, prep.positionPriority[q]);
        if (this.measure.collectTime) { runs.doubles[r * runs.stride + D_STEP_START] = t; }
        const c = prep.component[q];
        const S = runs.intStride;
        if (pq !== null) {
            const gpu = prep.needsGpu[q];
            const head = pq.push(ints, S, 2 * c + gpu, r, pq.levelOf[q]);
            if (gpu) { this.headGpu[c] = head; } else { this.headAny[c] = head; }
            this.dispatch(c, t);
            if (prep.positionPreemptive[q] && ints[o + F_TO_DISPATCH] > 0) { this.preemptFor(r, q, c, t); }
            return;
        }
        if (prep.needsGpu[q]) {
            if (this.tailGpu[c] < 0) { this.headGpu[c] = r; } else { ints[this.tailGpu[c] * S + F_NEXT] = r; }
            this.tailGpu[c] = r;
        } else {
            if (this.tailAny[c] < 0) { this.headAny[c] = r; } else { ints[this.tailAny[c] * S + F_NEXT] = r; }
            this.tailAny[c] = r;
        }
        this.dispatch(c, t);
    }

    /**
     * One part of run r's current step finished on instance i; the last one
     * moves the run on (or ends it), and gives the step's time decomposition
     * from the part's timestamps: those of instance i, or when `d` >= 0 the
     * copy in doneStamps (instance i may hold a new part by now). Numbers go
     * through typed arrays, not arguments: a double argument of a call that is
     * not inlined is boxed (an allocation per call).
     */
    private partDone(r: number, i: number, t: number, d: number): void {
        const runs = this.runs, ints = runs.ints;
        const o = r * runs.intStride;
        if (--ints[o + F_OUTSTANDING] > 0) { return; }
        if (this.measure.collectTime) { this.addStepTime(r, i, t, d); }
        if (this.transfers) { runs.home[r] = this.L.instanceMachine[i]; }
        const p = ints[o + F_PROCESS];
        const j = ints[o + F_STEP] + 1;
        if (j < this.prep.chainLength[p]) { this.startStep(r, j, t); return; }
        // The run is complete.
        const arrival = runs.doubles[r * runs.stride + D_ARRIVAL];
        this.measure.addRun(p, arrival, t - arrival);
        runs.release(r);
        this.lastRunEnd = t;
    }

    /**
     * Free instances of component c take parts from its queues. Idle (up)
     * instances first, then down ones (which must start), each in allocation
     * order. An instance takes the oldest part it may serve (a part with GPU
     * work only on a machine with a GPU); when that part does not fit in its
     * machine's free RAM, the instance takes nothing (no overtaking by RAM).
     */
    private dispatch(c: number, t: number): void {
        if (this.freeCount[c] === 0 || (this.headAny[c] < 0 && this.headGpu[c] < 0)) { return; }
        const L = this.L, prep = this.prep, runs = this.runs;
        const S = runs.intStride, SD = runs.stride, ints = runs.ints, doubles = runs.doubles;
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
                        if (L.instanceHasGpu[i] && headGpu >= 0 && (r < 0 || doubles[headGpu * SD + D_SEQ] < doubles[r * SD + D_SEQ])) { r = headGpu; fromGpu = true; }
                        if (r < 0) { continue; }
                        const q = ints[r * S + F_POSITION];
                        const m = L.instanceMachine[i];
                        if (this.ramTaken[m] + prep.ramMB[q] > L.ramMB[m] * (1 + 1e-12)) {
                            this.blocked[m] = 1;
                            declined = true;
                            const x = 2 * c + (fromGpu ? 1 : 0);
                            if (this.blockedRun[x] !== r) { this.blockedRun[x] = r; this.blockedSince[x] = t; }
                            continue;
                        }
                        const x = 2 * c + (fromGpu ? 1 : 0);
                        const ramWait = this.blockedRun[x] === r ? t - this.blockedSince[x] : 0;
                        if (--ints[r * S + F_TO_DISPATCH] === 0) {
                            if (this.blockedRun[x] === r) { this.blockedRun[x] = -1; }
                            const next = ints[r * S + F_NEXT];
                            if (this.pq !== null) {
                                const head = this.pq.pop(ints, S, x);
                                if (fromGpu) { this.headGpu[c] = head; } else { this.headAny[c] = head; }
                            } else if (fromGpu) {
                                this.headGpu[c] = next;
                                if (next < 0) { this.tailGpu[c] = -1; }
                            } else {
                                this.headAny[c] = next;
                                if (next < 0) { this.tailAny[c] = -1; }
                            }
                        }
                        this.assign(i, r, q, m, t, ramWait);
                        if (this.freeCount[c] === 0) { return; }
                        if (declined) { restart = true; break scan; }
                    }
                }
            }
        }
    }

    /** Instance i (idle or down) on machine m takes a part of run r at position q, which waited `ramWait` for RAM. */
    private assign(i: number, r: number, q: number, m: number, t: number, ramWait: number): void {
        const L = this.L, prep = this.prep, sharing = this.sharing;
        sharing.advance(m, t);
        this.ramTaken[m] += prep.ramMB[q];
        sharing.ramUsed[m] += prep.ramMB[q];
        this.freeCount[L.instanceComponent[i]]--;
        this.instRun[i] = r;
        this.instPosition[i] = q;
        this.instAssigned[i] = t;
        this.instRamWait[i] = ramWait;
        if (this.instState[i] === IDLE) {
            this.heap.remove(this.instanceEntity0 + i);
            this.beginPart(i, t);
            return;
        }
        // Down: start it; the part waits for the startup.
        const c = L.instanceComponent[i];
        if (this.upCount[m]++ === 0) { this.upSince[m] = t; }
        sharing.ramUsed[m] += prep.idleRamMB[c];
        const startup = prep.startupSeconds[c];
        if (startup > 0) {
            this.instState[i] = STARTING;
            this.downMask[this.maskWord[i]] &= ~this.maskBit[i];
            this.heap.set(this.instanceEntity0 + i, t + startup);
        } else {
            this.beginPart(i, t);
        }
    }

    /**
     * Instance i (up) is ready for its part: the part first receives its share
     * of the hop's data when the run's previous step ended on another machine
     * (transfer.ts), then works.
     */
    private beginPart(i: number, t: number): void {
        const transfers = this.transfers;
        if (transfers === null) { this.startPart(i, t); return; }
        this.instTransferStart[i] = t;
        const runs = this.runs, prep = this.prep;
        const r = this.instRun[i];
        const q = runs.ints[r * runs.intStride + F_POSITION];
        const from = runs.home[r], m = this.L.instanceMachine[i];
        if (prep.hopMegabits[q] > 0 && from >= 0 && from !== m) {
            this.instState[i] = TRANSFER;
            this.idleMask[this.maskWord[i]] &= ~this.maskBit[i];
            this.downMask[this.maskWord[i]] &= ~this.maskBit[i];
            // Each part of a split receives its share of the data.
            if (!transfers.start(i, from, m, prep.hopMegabits[q] / this.L.split[q], t)) { return; }
        }
        this.startPart(i, t);
    }

    /** Instance i (up) starts working on its part. */
    private startPart(i: number, t: number): void {
        const m = this.L.instanceMachine[i];
        const sharing = this.sharing, runs = this.runs;
        sharing.advance(m, t);
        const r = this.instRun[i];
        const o = r * runs.intStride;
        const q = runs.ints[o + F_POSITION];
        const k = this.L.split[q];
        const w = r * runs.stride + D_WORK + 2 * runs.ints[o + F_STEP];
        this.instState[i] = BUSY;
        this.instWorkStart[i] = t;
        this.idleMask[this.maskWord[i]] &= ~this.maskBit[i];
        this.downMask[this.maskWord[i]] &= ~this.maskBit[i];
        // A preempted part of this run is resumed first, with the work it has left.
        const stack = this.suspended.size > 0 ? this.suspended.get(r) : undefined;
        if (stack !== undefined) {
            const gpu = stack.pop()!, cpu = stack.pop()!;
            if (stack.length === 0) { this.suspended.delete(r); }
            sharing.startWork(i, m, cpu, gpu, t);
            return;
        }
        const prep = this.prep;
        if (prep.splitCost[q]) {
            sharing.startWork(i, m, positionPartWork(prep, q, runs.doubles[w], k, false), positionPartWork(prep, q, runs.doubles[w + 1], k, true), t);
        } else {
            sharing.startWork(i, m, runs.doubles[w] / k, runs.doubles[w + 1] / k, t);
        }
    }

    /**
     * Run r's step at position q (preemptive) still has parts no instance
     * took: each takes an instance of component c that serves a part of lower
     * priority (the lowest, the latest assigned among equals; a GPU one when
     * the step needs a GPU), while there is one (docs/semantics.md, "Priorities").
     */
    private preemptFor(r: number, q: number, c: number, t: number): void {
        const L = this.L, prep = this.prep, ints = this.runs.ints, o = r * this.runs.intStride;
        const priority = prep.positionPriority[q], gpu = prep.needsGpu[q];
        while (ints[o + F_TO_DISPATCH] > 0) {
            let victim = -1, lowest = priority, latest = -Infinity;
            for (let k = L.componentFirst[c]; k < L.componentFirst[c + 1]; k++) {
                const i = L.componentInstances[k];
                if (this.instState[i] !== BUSY || (gpu && !L.instanceHasGpu[i])) { continue; }
                const p = prep.positionPriority[this.instPosition[i]];
                if (p < lowest || (victim >= 0 && p === lowest && this.instAssigned[i] > latest)) { victim = i; lowest = p; latest = this.instAssigned[i]; }
            }
            if (victim < 0) { return; }
            this.preempt(victim, t);
            this.dispatch(c, t);
            // Not taken (the head's part does not fit in its machine's RAM): no more preemption for it.
            if (this.instState[victim] !== BUSY) { this.releaseIfIdle(victim, t); return; }
        }
    }

    /** Instance i's part is interrupted at t: its remaining work is kept, the part goes back first in its priority in the queue, the instance is idle. */
    private preempt(i: number, t: number): void {
        const L = this.L, prep = this.prep, sharing = this.sharing, runs = this.runs, ints = runs.ints, S = runs.intStride;
        const m = L.instanceMachine[i], c = L.instanceComponent[i];
        sharing.advance(m, t);
        const r = this.instRun[i], q = this.instPosition[i];
        let stack = this.suspended.get(r);
        if (stack === undefined) { stack = []; this.suspended.set(r, stack); }
        stack.push(sharing.remCpu[i], sharing.remGpu[i]);
        sharing.stopWork(i, m);
        this.instState[i] = IDLE;
        this.idleMask[this.maskWord[i]] |= this.maskBit[i];
        this.ramTaken[m] -= prep.ramMB[q];
        sharing.ramUsed[m] -= prep.ramMB[q];
        this.freeCount[c]++;
        this.instRun[i] = -1;
        if (ints[r * S + F_TO_DISPATCH]++ === 0) {
            const gpu = prep.needsGpu[q];
            const head = this.pq!.pushFront(ints, S, 2 * c + gpu, r, this.pq!.levelOf[q]);
            if (gpu) { this.headGpu[c] = head; } else { this.headAny[c] = head; }
        }
    }

    /**
     * Step of run r ended at t with its last part, run by instance i (its
     * timestamps in doneStamps at d when d >= 0): the step's time split along
     * that part's path (docs/semantics.md, "Where the time goes"), added to
     * the window of the run's arrival (measure.ts's stepSums and stepKind).
     * Service (the part's work alone on its machine) is summed as work per
     * server kind and divided once at the end (time-parts.ts), except for
     * steps with both CPU and GPU work.
     */
    private addStepTime(r: number, i: number, t: number, d: number): void {
        const runs = this.runs, ints = runs.ints, doubles = runs.doubles, L = this.L, prep = this.prep;
        const b = r * runs.stride;
        const x = this.measure.windowOf(doubles[b + D_ARRIVAL]);
        if (x === null) { return; }
        const o = r * runs.intStride;
        const q = ints[o + F_POSITION];
        const w = b + D_WORK + 2 * ints[o + F_STEP];
        const m = L.instanceMachine[i];
        let assigned: number, workStart: number, ramWait: number, transferStart: number;
        let lost: Float64Array, l: number;
        if (d >= 0) {
            const stamps = this.doneStamps;
            assigned = stamps[4 * d]; workStart = stamps[4 * d + 1]; ramWait = stamps[4 * d + 2]; transferStart = stamps[4 * d + 3];
            lost = this.doneLost; l = 3 * d;
        } else {
            assigned = this.instAssigned[i]; workStart = this.instWorkStart[i]; ramWait = this.instRamWait[i]; transferStart = this.instTransferStart[i];
            lost = this.sharing.lost; l = 3 * i;
        }
        // Without transfers the cold start runs to the work's start (instTransferStart is not kept).
        const coldEnd = this.transfers ? transferStart : workStart;
        const start = doubles[b + D_STEP_START];
        const wait = assigned - start;
        const sums = x.stepSums, s = q * STEP_SUMS;
        sums[s + S_WAIT] += wait;
        if (ramWait > 0) { sums[s + S_RAM] += ramWait < wait ? ramWait : wait; }
        if (coldEnd > assigned) { sums[s + S_COLD] += coldEnd - assigned; sums[s + S_COLD_COUNT]++; }
        if (workStart > coldEnd) { sums[s + S_TRANSFER] += workStart - coldEnd; }
        sums[s + S_WORK] += t - workStart;
        sums[s + S_COUNT]++;
        sums[s + S_LOST_CPU] += lost[l]; sums[s + S_LOST_GPU] += lost[l + 1]; sums[s + S_LOST_NET] += lost[l + 2];
        const byKind = x.stepKind, k = (q * this.kinds + L.machineKind[m]) * 2;
        if (prep.mixedWork[q] || prep.splitCost[q]) {
            const split = L.split[q];
            sums[s + S_MIXED_SERVICE] += aloneSeconds(prep, q, L.cpuGHz[m], L.gpuTOPS[m], L.netInMbps[m], L.netOutMbps[m],
                positionPartWork(prep, q, doubles[w], split, false), positionPartWork(prep, q, doubles[w + 1], split, true));
        } else {
            byKind[k] += doubles[w] + doubles[w + 1];
        }
        byKind[k + 1] += t - start;
    }

    /** An on-demand instance left idle stops after the keepalive (at once when it is 0). */
    private releaseIfIdle(i: number, t: number): void {
        if (this.instState[i] === IDLE && !this.L.instancePermanent[i] && !this.held[i]) {
            if (this.keepaliveSeconds > 0) { this.heap.set(this.instanceEntity0 + i, t + this.keepaliveSeconds); } else { this.stop(i, t); }
        }
    }

    private stop(i: number, t: number): void {
        const L = this.L;
        const m = L.instanceMachine[i];
        this.sharing.advance(m, t);
        this.instState[i] = DOWN;
        this.idleMask[this.maskWord[i]] &= ~this.maskBit[i];
        this.downMask[this.maskWord[i]] |= this.maskBit[i];
        this.sharing.ramUsed[m] -= this.prep.idleRamMB[L.instanceComponent[i]];
        if (--this.upCount[m] === 0) { this.measure.bill(L.pricePerSecond[m], this.upSince[m], t); }
    }

    // ---- failures (failures.ts calls these; docs/semantics.md, "Failures and availability") ----

    /**
     * Machine m fails at t: every instance on it becomes FAILED; parts it held
     * (running, or waiting for its startup) go back to their queues and will
     * start again from the beginning; the machine stops being billed. Then
     * permanent instances without a working machine get stand-ins, and the
     * components whose parts were put back dispatch again.
     */
    failMachine(m: number, t: number): void {
        const L = this.L, prep = this.prep, sharing = this.sharing;
        sharing.advance(m, t);
        const wasUp = this.upCount[m] > 0;
        for (let k = L.machineFirst[m]; k < L.machineFirst[m + 1]; k++) {
            const i = L.machineInstances[k];
            const state = this.instState[i];
            const c = L.instanceComponent[i];
            const r = this.instRun[i];
            // A part receiving its data stops receiving it (the data stays where it was sent from).
            if (state === TRANSFER) { this.transfers!.cancel(i, t); }
            if ((state === BUSY || state === STARTING || state === TRANSFER) && r >= 0) {
                const q = this.instPosition[i];
                this.ramTaken[m] -= prep.ramMB[q];
                sharing.ramUsed[m] -= prep.ramMB[q];
                sharing.stopWork(i, m);
                this.instRun[i] = -1;
                this.requeue(r, q);
            }
            if (state === IDLE || state === DOWN) { this.freeCount[c]--; }
            if (state !== DOWN) {
                sharing.ramUsed[m] -= prep.idleRamMB[c];
                this.upCount[m]--;
            }
            // A pending startup or keepalive stop of the instance is void.
            this.heap.remove(this.instanceEntity0 + i);
            this.idleMask[this.maskWord[i]] &= ~this.maskBit[i];
            this.downMask[this.maskWord[i]] &= ~this.maskBit[i];
            this.instState[i] = FAILED;
            // A stand-in on this machine stands in no more.
            if (this.held[i]) {
                this.held[i] = 0;
                for (let j = 0; j < L.instanceCount; j++) { if (this.standIn[j] === i) { this.standIn[j] = -1; } }
            }
        }
        if (wasUp && this.upCount[m] === 0) { this.measure.bill(L.pricePerSecond[m], this.upSince[m], t); }
        this.blocked[m] = 0;
        sharing.markDirty(m);
        this.findStandIns(t);
        for (let c = 0; c < prep.componentCount; c++) { this.dispatch(c, t); }
    }

    /**
     * Machine m is repaired at t: its instances are back as at time 0
     * (permanent ones up and idle at once, the others down), stand-ins of its
     * permanent instances are released (they stop after the keepalive when
     * idle), and its components dispatch again.
     */
    repairMachine(m: number, t: number): void {
        const L = this.L, prep = this.prep, sharing = this.sharing;
        sharing.advance(m, t);
        for (let k = L.machineFirst[m]; k < L.machineFirst[m + 1]; k++) {
            const i = L.machineInstances[k];
            const c = L.instanceComponent[i];
            this.freeCount[c]++;
            if (L.instancePermanent[i]) {
                this.instState[i] = IDLE;
                this.idleMask[this.maskWord[i]] |= this.maskBit[i];
                if (this.upCount[m]++ === 0) { this.upSince[m] = t; }
                sharing.ramUsed[m] += prep.idleRamMB[c];
                const j = this.standIn[i];
                if (j >= 0) {
                    this.standIn[i] = -1;
                    this.held[j] = 0;
                    this.releaseIfIdle(j, t);
                }
            } else {
                this.instState[i] = DOWN;
                this.downMask[this.maskWord[i]] |= this.maskBit[i];
            }
        }
        // Primaries still on failed machines may find a stand-in here now.
        this.findStandIns(t);
        for (let k = L.machineComponentsFirst[m]; k < L.machineComponentsFirst[m + 1]; k++) { this.dispatch(L.machineComponents[k], t); }
    }

    /**
     * Every permanent instance on a failed machine without a stand-in gets
     * one if its component has room elsewhere: the first on-demand instance of
     * the component (allocation order) on a working machine that stands in
     * for no one. Its place, idle load included, was already checked by the
     * spreading and fit rules of src/model/placement-rules.ts when the
     * allocation was laid out, so no machine gets more than the allocation
     * put on it. A down one is started (its startup is paid); an idle one's
     * keepalive stop is cancelled.
     */
    private findStandIns(t: number): void {
        const L = this.L;
        for (let i = 0; i < L.instanceCount; i++) {
            if (!L.instancePermanent[i] || this.instState[i] !== FAILED || this.standIn[i] >= 0) { continue; }
            const c = L.instanceComponent[i];
            for (let k = L.componentFirst[c]; k < L.componentFirst[c + 1]; k++) {
                const j = L.componentInstances[k];
                if (L.instancePermanent[j] || this.held[j] || this.instState[j] === FAILED) { continue; }
                this.standIn[i] = j;
                this.held[j] = 1;
                if (this.instState[j] === IDLE) {
                    this.heap.remove(this.instanceEntity0 + j);
                } else if (this.instState[j] === DOWN) {
                    this.bringUp(j, t);
                }
                break;
            }
        }
    }

    /** Down instance j starts without a part (a stand-in): up now, idle after its startup. */
    private bringUp(j: number, t: number): void {
        const L = this.L, prep = this.prep;
        const m = L.instanceMachine[j], c = L.instanceComponent[j];
        this.sharing.advance(m, t);
        this.downMask[this.maskWord[j]] &= ~this.maskBit[j];
        this.freeCount[c]--;
        if (this.upCount[m]++ === 0) { this.upSince[m] = t; }
        this.sharing.ramUsed[m] += prep.idleRamMB[c];
        this.instRun[j] = -1;
        this.instState[j] = STARTING;
        const startup = prep.startupSeconds[c];
        if (startup > 0) { this.heap.set(this.instanceEntity0 + j, t + startup); } else { this.warmedUp(j, t); }
    }

    /** Instance i, started without a part, is up: idle, it takes a part or waits (stopped by the keepalive unless held). */
    private warmedUp(i: number, t: number): void {
        this.instState[i] = IDLE;
        this.idleMask[this.maskWord[i]] |= this.maskBit[i];
        this.freeCount[this.L.instanceComponent[i]]++;
        this.dispatch(this.L.instanceComponent[i], t);
        this.releaseIfIdle(i, t);
    }

    /**
     * A part of run r at chain position q goes back to its component's queue
     * (its instance failed), with its step's work drawn again: one more part
     * to hand out, and the run rejoins the queue, in sequence order, when it
     * had left it.
     */
    private requeue(r: number, q: number): void {
        const runs = this.runs, ints = runs.ints, doubles = runs.doubles, S = runs.intStride, SD = runs.stride, prep = this.prep;
        // A new attempt, a new draw (repeat-different): exponential work then behaves as if resumed.
        const w = r * SD + D_WORK + 2 * ints[r * S + F_STEP], stream = this.retryStream0 + q;
        doubles[w] = prep.cpuWork[q * DIST_STRIDE] !== 0 ? sample(prep.cpuWork, q, this.rng, stream) : 0;
        doubles[w + 1] = prep.gpuWork[q * DIST_STRIDE] !== 0 ? sample(prep.gpuWork, q, this.rng, stream) : 0;
        if (ints[r * S + F_TO_DISPATCH]++ > 0) { return; }
        const c = this.prep.component[q];
        if (this.pq !== null) {
            // Priority queues (priority.ts): first in its priority, as a preempted part.
            const level = this.pq.levelOf[q], x = 2 * c + prep.needsGpu[q];
            const head = this.pq.pushFront(ints, S, x, r, level);
            if (prep.needsGpu[q]) { this.headGpu[c] = head; } else { this.headAny[c] = head; }
            return;
        }
        const gpu = this.prep.needsGpu[q] === 1;
        const seq = doubles[r * SD + D_SEQ];
        let previous = -1, next = gpu ? this.headGpu[c] : this.headAny[c];
        while (next >= 0 && doubles[next * SD + D_SEQ] < seq) { previous = next; next = ints[next * S + F_NEXT]; }
        ints[r * S + F_NEXT] = next;
        if (previous < 0) {
            if (gpu) { this.headGpu[c] = r; } else { this.headAny[c] = r; }
        } else {
            ints[previous * S + F_NEXT] = r;
        }
        if (next < 0) {
            if (gpu) { this.tailGpu[c] = r; } else { this.tailAny[c] = r; }
        }
    }
}
