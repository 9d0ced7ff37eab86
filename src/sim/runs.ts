/**
 * The runs in the system: one fixed-size record per run slot in one
 * ArrayBuffer, read through an Int32Array and a Float64Array view of the same
 * bytes. A run's fields sit together (one or two cache lines), so a long
 * backlog of runs costs one cache miss per run touched instead of one per
 * field (overloaded allocations keep 10^5 runs in the system).
 *
 * Record of slot r: int32 fields at ints[r * intStride + F_*], double fields
 * at doubles[r * stride + D_*], the work samples (CPU, GPU per step of the
 * chain) at doubles[r * stride + D_WORK + 2 * step (+ 1)].
 *
 * A record of a one-step run is 64 bytes, one cache line: fields that can be
 * derived are not stored (a step's split is the layout's split of its chain
 * position; a free slot has F_PROCESS -1).
 *
 * Invariants: a slot is either in use (F_PROCESS >= 0) or on the free list
 * (F_PROCESS -1, linked by F_NEXT, lowest slot first after a reset, freed
 * slots pushed on the front); F_NEXT of a slot in use links it in its
 * component's queue.
 */

/** int32 fields. */
export const F_PROCESS = 0, F_POSITION = 1, F_STEP = 2, F_TO_DISPATCH = 3, F_OUTSTANDING = 4, F_NEXT = 5;
/**
 * double fields (after the 6 int32 fields, which take 3 doubles). D_STEP_START:
 * when the current step was queued (the time decomposition, measure.ts; written
 * only while it is measured).
 */
export const D_STEP_START = 3, D_ARRIVAL = 4, D_SEQ = 5, D_WORK = 6;

export class RunTable {
    /** Doubles per record; int32 per record is twice that. */
    readonly stride: number;
    readonly intStride: number;
    ints = new Int32Array(0);
    doubles = new Float64Array(0);
    times = new Float64Array(0);
    /** Per slot: the machine the run's previous step ended on (-1: none yet); kept only for models with transfers (transfer.ts). */
    home = new Int32Array(0);
    capacity = 0;
    /** First free slot, -1 when none. */
    free = -1;
    inSystem = 0;

    constructor(maxChain: number, initialCapacity: number) {
        this.stride = D_WORK + 2 * maxChain;
        this.intStride = 2 * this.stride;
        this.grow(initialCapacity);
    }

    /** Grows to `capacity` slots; the new ones go on the free list, lowest first. */
    grow(capacity: number): void {
        const old = this.capacity;
        const buffer = new ArrayBuffer(capacity * this.stride * 8);
        const doubles = new Float64Array(buffer);
        doubles.set(this.doubles);
        this.doubles = doubles;
        this.ints = new Int32Array(buffer);
        const times = new Float64Array(2 * capacity);
        times.set(this.times);
        this.times = times;
        const home = new Int32Array(capacity);
        home.set(this.home);
        this.home = home;
        const ints = this.ints, S = this.intStride;
        for (let r = capacity - 1; r >= old; r--) {
            ints[r * S + F_PROCESS] = -1;
            ints[r * S + F_NEXT] = this.free;
            this.free = r;
        }
        this.capacity = capacity;
    }

    /** Every slot free, lowest first. */
    reset(): void {
        const ints = this.ints, S = this.intStride;
        this.free = -1;
        for (let r = this.capacity - 1; r >= 0; r--) {
            ints[r * S + F_PROCESS] = -1;
            ints[r * S + F_NEXT] = this.free;
            this.free = r;
        }
        this.inSystem = 0;
    }

    /** Takes a free slot for a run of `process` (growing up to `limit` slots when none is free). */
    take(limit: number, process: number): number {
        if (this.free < 0) { this.grow(Math.min(this.capacity * 2, Math.max(this.capacity + 1, limit))); }
        const r = this.free;
        const ints = this.ints, o = r * this.intStride;
        this.free = ints[o + F_NEXT];
        ints[o + F_PROCESS] = process;
        this.inSystem++;
        return r;
    }

    release(r: number): void {
        const ints = this.ints, o = r * this.intStride;
        ints[o + F_PROCESS] = -1;
        ints[o + F_NEXT] = this.free;
        this.free = r;
        this.inSystem--;
    }
}
