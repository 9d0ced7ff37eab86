/**
 * Priority queues of the components (docs/semantics.md, "Priorities"), used
 * by the dispatcher only when some process has a priority (PreparedModel.prioritized).
 *
 * Each of the dispatcher's queues x (component c: 2c for the parts any
 * instance may take, 2c + 1 for the parts that need a GPU) is kept as one
 * FIFO list per priority level, levels ordered from the highest priority;
 * runs are linked by their F_NEXT within a level. The dispatcher's head of
 * queue x is the head of its first non-empty level, so its dispatch loop is
 * the same as without priorities.
 *
 * The queue order key (D_SEQ) of a run is seq - priority x 2^40: within one
 * priority the arrival order, and any higher priority first when the two
 * queues' heads are compared (priorities are whole numbers of at most 1000 in
 * size, the validator's check, and the sequence stays below 2^40, so the key
 * is exact). Without priorities the key is seq, as before.
 */
import type { PreparedModel } from './prepared.js';
import { F_NEXT } from './runs.js';

const PRIORITY_SCALE = 2 ** 40;

/** The queue order key of a step queued with sequence number `seq` at a position of priority `priority`. */
export function queueKey(seq: number, priority: number): number {
    return seq - priority * PRIORITY_SCALE;
}

export class PriorityQueues {
    /** Number of distinct priorities. */
    readonly levels: number;
    /** Level of each chain position (0: the highest priority). */
    readonly levelOf: Int32Array;
    private readonly head: Int32Array;
    private readonly tail: Int32Array;

    constructor(prep: PreparedModel) {
        const distinct = [...new Set(prep.positionPriority)].sort((a, b) => b - a);
        this.levels = Math.max(1, distinct.length);
        this.levelOf = Int32Array.from(prep.positionPriority, p => distinct.indexOf(p));
        this.head = new Int32Array(2 * prep.componentCount * this.levels).fill(-1);
        this.tail = new Int32Array(2 * prep.componentCount * this.levels).fill(-1);
    }

    reset(): void {
        this.head.fill(-1);
        this.tail.fill(-1);
    }

    /** The head of queue x: the first run of its highest non-empty level, or -1. */
    first(x: number): number {
        const base = x * this.levels;
        for (let l = 0; l < this.levels; l++) {
            if (this.head[base + l] >= 0) { return this.head[base + l]; }
        }
        return -1;
    }

    /** Appends run r (its F_NEXT set to -1 by the caller) to level `level` of queue x; returns the queue's head. */
    push(ints: Int32Array, S: number, x: number, r: number, level: number): number {
        const k = x * this.levels + level;
        if (this.tail[k] < 0) { this.head[k] = r; } else { ints[this.tail[k] * S + F_NEXT] = r; }
        this.tail[k] = r;
        return this.first(x);
    }

    /** Puts run r first in level `level` of queue x (a preempted part: it was being served); returns the queue's head. */
    pushFront(ints: Int32Array, S: number, x: number, r: number, level: number): number {
        const k = x * this.levels + level;
        ints[r * S + F_NEXT] = this.head[k];
        if (this.head[k] < 0) { this.tail[k] = r; }
        this.head[k] = r;
        return this.first(x);
    }

    /** Removes the head of queue x (the head of its first non-empty level); returns the new head. */
    pop(ints: Int32Array, S: number, x: number): number {
        const base = x * this.levels;
        for (let l = 0; l < this.levels; l++) {
            const k = base + l, r = this.head[k];
            if (r < 0) { continue; }
            const next = ints[r * S + F_NEXT];
            this.head[k] = next;
            if (next < 0) { this.tail[k] = -1; }
            break;
        }
        return this.first(x);
    }
}
