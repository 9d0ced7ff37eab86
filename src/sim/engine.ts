/**
 * The discrete-event engine: one replication of one allocation
 * (docs/semantics.md). All state lives in typed arrays owned by the engine's
 * parts and reused between replications and allocations; the event loop
 * allocates nothing and uses no closures. The parts, each in its own file:
 * - dispatch.ts: runs, queues, dispatch, instances starting and stopping;
 * - sharing.ts: sharing of a machine's CPU, GPU and network (remaining work, rates);
 * - measure.ts: the warm-up and counted windows (runs, integrals, cost);
 * - runs.ts: the run records; heap.ts: the event list.
 *
 * Entities with at most one pending event each (EventHeap): process p (its
 * next arrival), machine P + m (the next moment a running part on it finishes
 * its CPU or GPU work), instance P + M + i (end of its startup, or its
 * keepalive stop), and only in models with failures (failures.ts) machine
 * P + M + I + m (its next failure or repair). Simultaneous events run in
 * entity order.
 */
import type { Layout } from './layout.js';
import type { PreparedModel } from './prepared.js';
import { Dispatcher } from './dispatch.js';
import { Failures } from './failures.js';
import { EventHeap } from './heap.js';
import { Measurement } from './measure.js';
import { seedStream, streamKey } from '../model/rng.js';
import { arrivalStreamIdentity, workStreamIdentity } from './streams.js';
import { D_ARRIVAL, F_PROCESS } from './runs.js';
import { sample } from './sampling.js';
import { Sharing } from './sharing.js';
import { PhaseMeasure } from './profile-measure.js';

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
    /** The time decomposition (measure.ts's WindowMeasures), filled only while collectTime is on. */
    stepSums: Float64Array;
    stepKind: Float64Array;
    /**
     * Models with failures only (failures.ts): per process, the share of the
     * measured window with every component of its chain available; and how
     * many machines failed in the replication.
     */
    timeAvailability: Float64Array;
    machineFailures: number;
}

export class Engine {
    private readonly P: number;
    private heap: EventHeap;
    private L!: Layout;
    private readonly rng: Int32Array;
    /** 64-bit key of each stream (two words): stream p drives process p's arrivals, stream P + q the work of chain position q. */
    private readonly streamKeys: Int32Array;
    private readonly measure: Measurement;
    private readonly sharing: Sharing;
    private readonly dispatcher: Dispatcher;
    private readonly failures: Failures;
    readonly out: ReplicationOutput;

    constructor(private readonly prep: PreparedModel) {
        this.P = prep.processCount;
        this.failures = new Failures(prep);
        // Failure streams come after all others, and only in models with failures.
        const streams = prep.processCount + prep.positionCount + this.failures.streamCount;
        this.rng = new Int32Array(4 * Math.max(1, streams));
        this.streamKeys = streamKeys(prep);
        this.heap = new EventHeap(0);
        this.measure = new Measurement(this.P, prep.deadline, prep.positionCount, prep.model.servers.length);
        this.sharing = new Sharing(prep, this.heap, this.P, this.measure, engineSwitches.singleInstanceFastPaths);
        this.dispatcher = new Dispatcher(prep, this.sharing, this.measure, this.rng);
        const w = this.measure.windows[1];
        this.out = {
            end: END_OK, endTime: 0, drainSeconds: 0, events: 0, windowSeconds: 0, unfinished: 0, unfinishedByProcess: new Float64Array(this.P), measuredFromZero: false,
            runs: w.runs, mean: w.mean, m2: w.m2, violations: w.violations, cost: 0,
            cpuIntegral: w.cpuIntegral, gpuIntegral: w.gpuIntegral, ramIntegral: w.ramIntegral,
            stepSums: w.stepSums, stepKind: w.stepKind,
            timeAvailability: new Float64Array(this.P), machineFailures: 0
        };
    }

    /** The model has failing machines (failures.ts). */
    get hasFailures(): boolean { return this.failures.active; }

    /** Percentile histograms per process (P x HISTOGRAM_BUCKETS counts), filled only when collecting. */
    get histogram(): Uint32Array { return this.measure.histogram; }
    get collectHistogram(): boolean { return this.measure.collectHistogram; }
    set collectHistogram(on: boolean) { this.measure.collectHistogram = on; }

    /** Collect the time decomposition (simulate(); the optimizer's evaluate() leaves it off). */
    get collectTime(): boolean { return this.measure.collectTime; }
    set collectTime(on: boolean) { this.measure.collectTime = on; }

    /** Clears (allocating on first use) the percentile histograms before a simulate(). */
    resetHistogram(): void { this.measure.resetHistogram(); }

    /**
     * Measure per phase of the reporting cycle (simulate() of a model with a
     * profile; profile-measure.ts). The measure is made on first use, and
     * its histograms cleared each time it is switched on.
     */
    setCollectPhases(on: boolean): PhaseMeasure | null {
        const report = this.prep.reportProfile;
        if (!on || report === null) { this.measure.phases = null; return null; }
        this.phaseMeasure ??= new PhaseMeasure(this.P, this.prep.deadline, report.profile);
        this.phaseMeasure.resetHistogram();
        this.measure.phases = this.phaseMeasure;
        return this.phaseMeasure;
    }
    private phaseMeasure: PhaseMeasure | null = null;

    /** Prepares the per-allocation buffers (reused when the sizes allow). */
    setLayout(layout: Layout): void {
        this.L = layout;
        const entities = this.P + layout.machineCount + layout.instanceCount + (this.failures.active ? layout.machineCount : 0);
        if (this.heap.time.length < entities) { this.heap = new EventHeap(entities); }
        this.dispatcher.setLayout(layout, this.heap);
        this.sharing.setLayout(layout, this.heap, this.dispatcher.instState, this.dispatcher.instPosition);
        this.measure.setMachines(layout.machineCount);
        if (this.failures.active) { this.failures.setLayout(layout, this.heap, this.P + layout.machineCount + layout.instanceCount); }
    }

    /** Runs replication `replication` of the current layout; results in `this.out`. */
    run(settings: EngineSettings, replication: number): ReplicationOutput {
        const L = this.L, prep = this.prep, P = this.P, heap = this.heap, out = this.out;
        const sharing = this.sharing, dispatcher = this.dispatcher, measure = this.measure;
        const M = L.machineCount;
        const H = settings.horizonSeconds, W = settings.warmupSeconds;
        heap.clear();
        const keys = this.streamKeys;
        for (let k = 0; k < P + prep.positionCount; k++) { seedStream(this.rng, k, settings.seed, replication, keys[2 * k], keys[2 * k + 1]); }
        measure.reset(W, H);
        sharing.reset();
        dispatcher.reset(settings.keepaliveSeconds, H);
        const rng = this.rng;
        const failures = this.failures, withFailures = failures.active;
        if (withFailures) {
            failures.reset(rng, P + prep.positionCount, settings.seed, replication, W, H);
            dispatcher.retryStream0 = P + prep.positionCount + failures.retryStreams;
        }
        // First arrivals: one sample after 0 (in operational time for a process with a profile, profile.ts).
        const clock = dispatcher.clock;
        for (let p = 0; p < P; p++) {
            const gap = sample(prep.every, p, rng, p);
            const t = clock !== null && clock.profiles[p] !== null ? clock.first(p, gap) : gap;
            if (t < H) { heap.set(p, t); }
        }
        const entityMachine0 = P, entityInstance0 = P + M, entityFailure0 = P + M + L.instanceCount;
        const runs = dispatcher.runs;
        let events = 0;
        let end = END_OK;
        let t = 0;
        const maxEvents = settings.maxEvents, maxRuns = settings.maxRunsInSystem;
        while (heap.size > 0) {
            if (events >= maxEvents) { end = END_EVENT_BUDGET; break; }
            const e = heap.top();
            t = heap.time[e];
            events++;
            if (e < entityMachine0) {
                if (runs.inSystem >= maxRuns) { end = END_RUN_CAP; break; }
                dispatcher.arrival(e, t, maxRuns);
            } else if (e < entityInstance0) {
                dispatcher.machineEvent(e - entityMachine0, t);
            } else if (e < entityFailure0) {
                dispatcher.instanceEvent(e - entityInstance0, t);
            } else {
                failures.event(e - entityFailure0, t, rng, dispatcher, runs.inSystem);
            }
            if (sharing.dirtyCount > 0) { sharing.flush(t); }
        }
        if (end === END_OK && runs.inSystem > 0) { end = END_STUCK; }
        // Stopped before the warmup ended: nothing was measured in [warmup, horizon), so measure [0, stop).
        const early = end !== END_OK && t <= W;
        // Close the window: integrate every machine up to its end, bill machines still up.
        const windowEnd = end === END_OK ? H : early ? t : Math.min(t, H);
        for (let m = 0; m < M; m++) {
            if (sharing.lastUpdateOf(m) < windowEnd) { sharing.advance(m, windowEnd); }
            if (dispatcher.upCount[m] > 0) { measure.bill(L.pricePerSecond[m], dispatcher.upSince[m], windowEnd); }
        }
        if (withFailures) {
            failures.close(windowEnd, early, out.timeAvailability);
            out.machineFailures = failures.failures;
        }
        out.unfinished = 0;
        out.unfinishedByProcess.fill(0);
        out.measuredFromZero = early;
        if (end !== END_OK) {
            // Counted runs still in the system: T censored at the stop time (docs/semantics.md).
            const from = early ? 0 : W;
            const ints = runs.ints, doubles = runs.doubles;
            for (let r = 0; r < runs.capacity; r++) {
                const arrival = doubles[r * runs.stride + D_ARRIVAL];
                const process = ints[r * runs.intStride + F_PROCESS];
                if (process >= 0 && arrival >= from && arrival < H) {
                    measure.addCensored(process, arrival, t - arrival, early);
                    out.unfinished++;
                    out.unfinishedByProcess[process]++;
                }
            }
        }
        const reported = measure.report(early);
        out.runs = reported.runs; out.mean = reported.mean; out.m2 = reported.m2; out.violations = reported.violations;
        out.cost = reported.cost;
        out.cpuIntegral = reported.cpuIntegral; out.gpuIntegral = reported.gpuIntegral; out.ramIntegral = reported.ramIntegral;
        out.stepSums = reported.stepSums; out.stepKind = reported.stepKind;
        out.end = end;
        out.endTime = t;
        out.drainSeconds = Math.max(0, (end === END_OK ? dispatcher.lastRunEnd : t) - H);
        out.events = events;
        out.windowSeconds = early ? t : Math.max(0, windowEnd - W);
        return out;
    }
}

/**
 * Streams are keyed by what they drive (docs/semantics.md, "Random streams"):
 * the arrivals of a process by its name, the work of a step by the process's
 * name, the step's name and which occurrence of the step in the chain it is.
 * Never by the number of other processes or steps, so that adding a process
 * leaves every other process's samples unchanged.
 */
function streamKeys(prep: PreparedModel): Int32Array {
    const P = prep.processCount;
    const keys = new Int32Array(2 * (P + prep.positionCount));
    prep.model.processes.forEach((process, p) => {
        streamKey(keys, p, arrivalStreamIdentity(process.name));
        const seen = new Map<string, number>();
        process.steps.forEach((step, j) => {
            const occurrence = seen.get(step) ?? 0;
            seen.set(step, occurrence + 1);
            streamKey(keys, P + prep.chainStart[p] + j, workStreamIdentity(process.name, step, occurrence));
        });
    });
    return keys;
}
