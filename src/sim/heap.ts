/**
 * The event list: an indexed binary min-heap over a fixed set of entities
 * (processes, machines, instances), each with at most one pending event. The
 * time of an event can be changed in place, so the list never holds stale
 * entries. Ties are broken by entity number, so the order of simultaneous
 * events is fixed and the same on every machine.
 */
export class EventHeap {
    readonly time: Float64Array;
    private readonly heap: Int32Array;
    private readonly pos: Int32Array;
    size = 0;

    constructor(entities: number) {
        this.time = new Float64Array(entities);
        this.heap = new Int32Array(entities);
        this.pos = new Int32Array(entities).fill(-1);
    }

    clear(): void {
        for (let i = 0; i < this.size; i++) { this.pos[this.heap[i]] = -1; }
        this.size = 0;
    }

    /** The entity with the earliest event (undefined behaviour when empty). */
    top(): number { return this.heap[0]; }

    has(entity: number): boolean { return this.pos[entity] >= 0; }

    /** Schedules (or reschedules) the event of `entity` at `t`. */
    set(entity: number, t: number): void {
        const p = this.pos[entity];
        if (p < 0) {
            this.time[entity] = t;
            const at = this.size++;
            this.heap[at] = entity;
            this.pos[entity] = at;
            this.up(at);
            return;
        }
        const old = this.time[entity];
        this.time[entity] = t;
        if (t < old) { this.up(p); } else { this.down(p); }
    }

    remove(entity: number): void {
        const p = this.pos[entity];
        if (p < 0) { return; }
        this.pos[entity] = -1;
        const last = this.heap[--this.size];
        if (p === this.size) { return; }
        this.heap[p] = last;
        this.pos[last] = p;
        this.up(p);
        this.down(this.pos[last]);
    }

    private up(at: number): void {
        const heap = this.heap, pos = this.pos, time = this.time;
        const e = heap[at];
        const te = time[e];
        while (at > 0) {
            const parent = (at - 1) >> 1;
            const pe = heap[parent];
            const tp = time[pe];
            if (te > tp || (te === tp && e > pe)) { break; }
            heap[at] = pe;
            pos[pe] = at;
            at = parent;
        }
        heap[at] = e;
        pos[e] = at;
    }

    private down(at: number): void {
        const heap = this.heap, pos = this.pos, time = this.time, n = this.size;
        const e = heap[at];
        const te = time[e];
        for (;;) {
            let child = 2 * at + 1;
            if (child >= n) { break; }
            let ce = heap[child];
            let tc = time[ce];
            if (child + 1 < n) {
                const ce2 = heap[child + 1];
                const tc2 = time[ce2];
                if (tc2 < tc || (tc2 === tc && ce2 < ce)) { child++; ce = ce2; tc = tc2; }
            }
            if (tc > te || (tc === te && ce > e)) { break; }
            heap[at] = ce;
            pos[ce] = at;
            at = child;
        }
        heap[at] = e;
        pos[e] = at;
    }
}
