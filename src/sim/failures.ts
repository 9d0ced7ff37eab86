/**
 * Machine failures and process availability (docs/semantics.md, "Failures and
 * availability"). Only models with a server kind that declares `mtbf` have
 * any of this: for the others `active` is false, the engine creates no
 * failure stream, no failure entity and no event, and every number stays the
 * bits it was before failures existed.
 *
 * Each machine of a failing kind that holds an instance alternates up and
 * failed periods: up for an `mtbf` sample, failed for an `mttr` sample, both
 * drawn from the machine's own stream (keyed by its kind's name and its
 * number in the kind, streams.ts), so its failure times are the same under
 * every allocation that uses the machine (common random numbers). Machines
 * without instances are not simulated failing: nothing could notice.
 * What a failure does to instances and parts is the dispatcher's
 * (failMachine, repairMachine).
 *
 * Availability of a process over time: the share of the measured window in
 * which each component of its chain has at least one instance on a working
 * machine (up, or down and ready to start on demand). Kept as a count of
 * such instances per component and, per process, the number of its
 * components with none; a process is down while that number is above 0.
 *
 * After the horizon, failures go on only while runs are in the system (they
 * delay the drain); the first failure event that finds none ends them, so
 * the event list empties and the replication ends.
 */
import type { EventHeap } from './heap.js';
import type { Layout } from './layout.js';
import type { PreparedModel } from './prepared.js';
import type { Dispatcher } from './dispatch.js';
import { seedStream, streamKey } from '../model/rng.js';
import { compileDistribution, DIST_STRIDE, sample } from './sampling.js';
import { failureStreamIdentity, retryStreamIdentity } from './streams.js';

export class Failures {
    /** Some server kind fails. */
    readonly active: boolean;
    /**
     * Number of streams of failures when active (else 0): one per machine of
     * the model (its failures and repairs), then one per chain position (the
     * work of its retried parts, drawn anew: the dispatcher's requeue).
     */
    readonly streamCount: number;
    /** Index of the first retry stream, relative to the first failure stream. */
    readonly retryStreams: number;
    private readonly kindFails: Uint8Array;
    private readonly mtbf: Float64Array;
    private readonly mttr: Float64Array;
    private readonly keys: Int32Array;
    /** The processes whose chain uses each component (first[c] .. first[c + 1]). */
    private readonly componentProcessesFirst: Int32Array;
    private readonly componentProcesses: Int32Array;
    private readonly processCount: number;
    private L!: Layout;
    private heap!: EventHeap;
    private entity0 = 0;
    private streamOffset = 0;
    private horizon = 0;
    private warmup = 0;
    private failed = new Uint8Array(0);
    private available: Int32Array;
    private missing: Int32Array;
    private downSince: Float64Array;
    /** Seconds each process was down in the warm-up [0, warmup) and in the counted window [warmup, horizon). */
    readonly downWarmup: Float64Array;
    readonly downCounted: Float64Array;
    /** Failures that happened in this replication (events of the failure entities, repairs included, are counted by the engine). */
    failures = 0;

    constructor(prep: PreparedModel) {
        const servers = prep.model.servers;
        this.kindFails = Uint8Array.from(servers, s => (s.mtbfSeconds && s.mttrSeconds ? 1 : 0));
        this.active = this.kindFails.some(x => x === 1);
        this.mtbf = new Float64Array(servers.length * DIST_STRIDE);
        this.mttr = new Float64Array(servers.length * DIST_STRIDE);
        servers.forEach((s, k) => {
            compileDistribution(s.mtbfSeconds ?? null, this.mtbf, k);
            compileDistribution(s.mttrSeconds ?? null, this.mttr, k);
        });
        const machines = this.active ? servers.reduce((sum, s) => sum + s.count, 0) : 0;
        this.retryStreams = machines;
        this.streamCount = this.active ? machines + prep.positionCount : 0;
        this.keys = new Int32Array(2 * this.streamCount);
        if (this.active) {
            let m = 0;
            for (const s of servers) {
                for (let n = 0; n < s.count; n++) { streamKey(this.keys, m++, failureStreamIdentity(s.name, n)); }
            }
            prep.model.processes.forEach((process, p) => {
                const seen = new Map<string, number>();
                process.steps.forEach((step, j) => {
                    const occurrence = seen.get(step) ?? 0;
                    seen.set(step, occurrence + 1);
                    streamKey(this.keys, machines + prep.chainStart[p] + j, retryStreamIdentity(process.name, step, occurrence));
                });
            });
        }
        const P = prep.processCount, C = prep.componentCount;
        this.processCount = P;
        const byComponent: number[][] = Array.from({ length: C }, () => []);
        for (let p = 0; p < P; p++) {
            const set = new Set<number>();
            for (let j = 0; j < prep.chainLength[p]; j++) { set.add(prep.component[prep.chainStart[p] + j]); }
            for (const c of set) { byComponent[c].push(p); }
        }
        this.componentProcessesFirst = prefix(byComponent);
        this.componentProcesses = Int32Array.from(byComponent.flat());
        this.available = new Int32Array(C);
        this.missing = new Int32Array(P);
        this.downSince = new Float64Array(P);
        this.downWarmup = new Float64Array(P);
        this.downCounted = new Float64Array(P);
    }

    /** The layout and the event list; failure entity of machine m: entity0 + m. */
    setLayout(layout: Layout, heap: EventHeap, entity0: number): void {
        this.L = layout;
        this.heap = heap;
        this.entity0 = entity0;
        if (this.failed.length < layout.machineCount) { this.failed = new Uint8Array(layout.machineCount); }
    }

    /**
     * Before a replication (after the dispatcher's reset): seeds the failure
     * streams at `streamOffset` of `rng` and schedules each first failure.
     */
    reset(rng: Int32Array, streamOffset: number, seed: number, replication: number, warmup: number, horizon: number): void {
        const L = this.L, keys = this.keys;
        this.streamOffset = streamOffset;
        this.warmup = warmup;
        this.horizon = horizon;
        this.failures = 0;
        this.failed.fill(0);
        this.available.fill(0);
        this.missing.fill(0);
        this.downWarmup.fill(0);
        this.downCounted.fill(0);
        for (let i = 0; i < L.instanceCount; i++) { this.available[L.instanceComponent[i]]++; }
        for (let x = 0; x < this.streamCount; x++) { seedStream(rng, streamOffset + x, seed, replication, keys[2 * x], keys[2 * x + 1]); }
        for (let m = 0; m < L.machineCount; m++) {
            const k = L.machineKind[m];
            if (this.kindFails[k] && L.machineFirst[m + 1] > L.machineFirst[m]) {
                this.heap.set(this.entity0 + m, sample(this.mtbf, k, rng, streamOffset + m));
            }
        }
    }

    /** The failure entity of machine m fired at t: it fails or is repaired; `runsInSystem` decides whether failures go on after the horizon. */
    event(m: number, t: number, rng: Int32Array, dispatcher: Dispatcher, runsInSystem: number): void {
        const entity = this.entity0 + m;
        if (t >= this.horizon && runsInSystem === 0) { this.heap.remove(entity); return; }
        const k = this.L.machineKind[m];
        if (this.failed[m]) {
            this.failed[m] = 0;
            this.count(m, t, 1);
            dispatcher.repairMachine(m, t);
            this.heap.set(entity, t + sample(this.mtbf, k, rng, this.streamOffset + m));
        } else {
            this.failed[m] = 1;
            this.failures++;
            this.count(m, t, -1);
            dispatcher.failMachine(m, t);
            this.heap.set(entity, t + sample(this.mttr, k, rng, this.streamOffset + m));
        }
    }

    /** Instances of machine m leave (-1) or rejoin (+1) the available ones of their components. */
    private count(m: number, t: number, delta: number): void {
        const L = this.L;
        for (let x = L.machineFirst[m]; x < L.machineFirst[m + 1]; x++) {
            const c = L.instanceComponent[L.machineInstances[x]];
            const before = this.available[c];
            this.available[c] = before + delta;
            // The component ran out of (or got back its first) available instance.
            if (delta < 0 ? before !== 1 : before !== 0) { continue; }
            for (let y = this.componentProcessesFirst[c]; y < this.componentProcessesFirst[c + 1]; y++) {
                const p = this.componentProcesses[y];
                if (delta < 0) {
                    if (this.missing[p]++ === 0) { this.downSince[p] = t; }
                } else if (--this.missing[p] === 0) {
                    this.addDown(p, this.downSince[p], t);
                }
            }
        }
    }

    private addDown(p: number, from: number, to: number): void {
        this.downWarmup[p] += overlap(from, to, 0, this.warmup);
        this.downCounted[p] += overlap(from, to, this.warmup, this.horizon);
    }

    /**
     * Closes the processes still down at `windowEnd` and writes each one's
     * share of the measured window with all its components available into
     * `into` (the window is [0, windowEnd) when `fromZero`, else
     * [warmup, windowEnd)).
     */
    close(windowEnd: number, fromZero: boolean, into: Float64Array): void {
        for (let p = 0; p < this.processCount; p++) {
            if (this.missing[p] > 0) { this.addDown(p, this.downSince[p], windowEnd); this.missing[p] = 0; }
            const window = fromZero ? windowEnd : windowEnd - this.warmup;
            const down = fromZero ? this.downWarmup[p] : this.downCounted[p];
            into[p] = window > 0 ? 1 - down / window : 1;
        }
    }
}

function overlap(from: number, to: number, start: number, end: number): number {
    const a = from > start ? from : start, b = to < end ? to : end;
    return b > a ? b - a : 0;
}

function prefix(lists: number[][]): Int32Array {
    const first = new Int32Array(lists.length + 1);
    lists.forEach((l, i) => { first[i + 1] = first[i] + l.length; });
    return first;
}
