/**
 * Transfers of data between machines (docs/semantics.md, "Communication"):
 * when a part of a step is taken by an instance on another machine than the
 * one the run's previous step ended on, and the hop moves data, the part first
 * receives its share of the data (after the instance's startup, before its
 * work), then waits the latency, then works.
 *
 * Sharing: each machine's `net out` is shared equally by the transfers
 * leaving it, its `net in` by the transfers entering it; a transfer moves at
 * the smaller of its two shares. A machine without `net` is unlimited in that
 * direction; a transfer between two unlimited ends takes the latency only.
 *
 * Remaining-data technique, as sharing.ts does for work: every transfer keeps
 * its remaining megabits, its rate and when they were last brought up to
 * date; when a transfer starts or ends, the transfers through the same
 * sending and receiving machines are advanced at their old rates, then given
 * their new rates and completion events.
 *
 * Invariants:
 * - An instance in state TRANSFER has exactly one pending instance event
 *   (heap entity entity0 + i): the end of its data (phase DATA) or of its
 *   latency (phase LATENCY). In phase DATA it is on the out-list of its
 *   sending machine and the in-list of its receiving machine, and counted in
 *   their outCount/inCount; otherwise on no list.
 * - Lists are kept in insertion order and walked in it, so the same events
 *   give the same bits on every run.
 */
import type { EventHeap } from './heap.js';
import type { Layout } from './layout.js';

/** Instance state of a part that receives its data (beside sharing.ts's DOWN, IDLE, STARTING, BUSY). */
export const TRANSFER = 4;
const DATA = 1, LATENCY = 2;

export class Transfers {
    private L!: Layout;
    private heap!: EventHeap;
    private entity0 = 0;
    // Instances.
    private phase = new Uint8Array(0);
    private src = new Int32Array(0);
    private dst = new Int32Array(0);
    private rem = new Float64Array(0);
    private rate = new Float64Array(0);
    private last = new Float64Array(0);
    private outNext = new Int32Array(0);
    private outPrev = new Int32Array(0);
    private inNext = new Int32Array(0);
    private inPrev = new Int32Array(0);
    // Machines.
    private outHead = new Int32Array(0);
    private outTail = new Int32Array(0);
    private inHead = new Int32Array(0);
    private inTail = new Int32Array(0);
    private outCount = new Int32Array(0);
    private inCount = new Int32Array(0);

    constructor(private readonly latencySeconds: number) {}

    /** Sizes the buffers; instance i's events go to heap entity entity0 + i. */
    setLayout(layout: Layout, heap: EventHeap, entity0: number): void {
        this.L = layout;
        this.heap = heap;
        this.entity0 = entity0;
        const I = layout.instanceCount, M = layout.machineCount;
        if (this.phase.length < I) {
            this.phase = new Uint8Array(I);
            this.src = new Int32Array(I); this.dst = new Int32Array(I);
            this.rem = new Float64Array(I); this.rate = new Float64Array(I); this.last = new Float64Array(I);
            this.outNext = new Int32Array(I); this.outPrev = new Int32Array(I);
            this.inNext = new Int32Array(I); this.inPrev = new Int32Array(I);
        }
        if (this.outHead.length < M) {
            this.outHead = new Int32Array(M); this.outTail = new Int32Array(M);
            this.inHead = new Int32Array(M); this.inTail = new Int32Array(M);
            this.outCount = new Int32Array(M); this.inCount = new Int32Array(M);
        }
    }

    reset(): void {
        const I = this.L.instanceCount, M = this.L.machineCount;
        this.phase.fill(0, 0, I);
        this.outHead.fill(-1, 0, M); this.outTail.fill(-1, 0, M);
        this.inHead.fill(-1, 0, M); this.inTail.fill(-1, 0, M);
        this.outCount.fill(0, 0, M); this.inCount.fill(0, 0, M);
    }

    /**
     * Instance i starts receiving `megabits` sent by machine `from` to machine
     * `to` at t. Returns true when there is nothing to wait for (no data time
     * and no latency): the part works at once; otherwise its event is set.
     */
    start(i: number, from: number, to: number, megabits: number, t: number): boolean {
        const L = this.L;
        if (L.netOutMbps[from] === Infinity && L.netInMbps[to] === Infinity) {
            return !this.waitLatency(i, t);
        }
        this.phase[i] = DATA;
        this.src[i] = from;
        this.dst[i] = to;
        this.rem[i] = megabits;
        this.last[i] = t;
        // Link at the tails; counts up; then everything through the two machines gets its new rate.
        this.outNext[i] = -1; this.outPrev[i] = this.outTail[from];
        if (this.outTail[from] >= 0) { this.outNext[this.outTail[from]] = i; } else { this.outHead[from] = i; }
        this.outTail[from] = i;
        this.inNext[i] = -1; this.inPrev[i] = this.inTail[to];
        if (this.inTail[to] >= 0) { this.inNext[this.inTail[to]] = i; } else { this.inHead[to] = i; }
        this.inTail[to] = i;
        this.outCount[from]++;
        this.inCount[to]++;
        this.rerate(from, to, t);
        return false;
    }

    /** Instance i's event at t (its data arrived, or its latency passed): true when the part may now work. */
    event(i: number, t: number): boolean {
        if (this.phase[i] === LATENCY) { this.phase[i] = 0; return true; }
        const from = this.src[i], to = this.dst[i];
        // Unlink from both lists, counts down, then the others through the two machines speed up.
        this.unlink(i, from, to);
        this.phase[i] = 0;
        this.rerate(from, to, t);
        return !this.waitLatency(i, t);
    }

    /**
     * Instance i's machine failed (failures.ts) during its transfer: it leaves
     * the lists, the others through the two machines speed up. Its pending
     * event is the caller's to remove.
     */
    cancel(i: number, t: number): void {
        if (this.phase[i] === DATA) {
            const from = this.src[i], to = this.dst[i];
            this.unlink(i, from, to);
            this.phase[i] = 0;
            this.rerate(from, to, t);
        }
        this.phase[i] = 0;
    }

    /** Takes transfer i off the lists of its two machines. */
    private unlink(i: number, from: number, to: number): void {
        this.rem[i] = 0;
        const op = this.outPrev[i], on = this.outNext[i];
        if (op >= 0) { this.outNext[op] = on; } else { this.outHead[from] = on; }
        if (on >= 0) { this.outPrev[on] = op; } else { this.outTail[from] = op; }
        const ip = this.inPrev[i], inx = this.inNext[i];
        if (ip >= 0) { this.inNext[ip] = inx; } else { this.inHead[to] = inx; }
        if (inx >= 0) { this.inPrev[inx] = ip; } else { this.inTail[to] = ip; }
        this.outCount[from]--;
        this.inCount[to]--;
    }

    /** Sets instance i's latency event; false when the latency is 0. */
    private waitLatency(i: number, t: number): boolean {
        if (!(this.latencySeconds > 0)) { this.phase[i] = 0; return false; }
        this.phase[i] = LATENCY;
        this.heap.set(this.entity0 + i, t + this.latencySeconds);
        return true;
    }

    /** New rates and events of the transfers leaving `from` and those entering `to` (each once). */
    private rerate(from: number, to: number, t: number): void {
        for (let j = this.outHead[from]; j >= 0; j = this.outNext[j]) { this.update(j, t); }
        for (let j = this.inHead[to]; j >= 0; j = this.inNext[j]) {
            if (this.src[j] !== from) { this.update(j, t); }
        }
    }

    /** Transfer j: remaining data brought to t at its old rate, then its new rate and completion event. */
    private update(j: number, t: number): void {
        const L = this.L;
        const dt = t - this.last[j];
        if (dt > 0) {
            const left = this.rem[j] - this.rate[j] * dt;
            this.rem[j] = left > 0 ? left : 0;
            this.last[j] = t;
        }
        const s = this.src[j], d = this.dst[j];
        const outShare = L.netOutMbps[s] / this.outCount[s];
        const inShare = L.netInMbps[d] / this.inCount[d];
        const rate = outShare < inShare ? outShare : inShare;
        this.rate[j] = rate;
        this.heap.set(this.entity0 + j, t + this.rem[j] / rate);
    }
}
