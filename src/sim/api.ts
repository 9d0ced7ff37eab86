/**
 * The simulator's contract (semantics.md, cli.md): a pure function of
 * (model, allocation, settings). The optimizer, the CLI, the worker threads
 * and the extension use only what this file declares.
 */
import type { AllocationDef, Model, Objectives, ObjectiveKey } from '../model/types.js';

export interface SimulationSettings {
    horizonSeconds: number;
    warmupSeconds: number;
    replications: number;
    seed: number;
    keepaliveSeconds: number;
    /** Event budget of one replication; the replication stops there with a warning. */
    maxEvents: number;
    /**
     * Cap on runs in the system at once (a guard against unbounded queue
     * memory); the replication stops there with a warning. Default 250000.
     */
    maxRunsInSystem?: number;
}

/** One process, as in `simulate --json` (cli.md). */
export interface ProcessStats {
    name: string;
    /** Counted runs over all replications. */
    runs: number;
    mean: number;
    variance: number;
    p50: number;
    p95: number;
    p99: number;
    /** Seconds, or null when the process has none. */
    deadline: number | null;
    /** Runs over the deadline, over all replications. */
    violations: number;
    /** 95% confidence interval of the replication means (lower end clipped at 0). */
    meanCI: [number, number];
    /**
     * Counted runs of this process still in the system when their replication
     * was stopped (event budget, run cap, runs that could never be served),
     * over all replications: their times are censored at the stop (lower
     * bounds), and they are included in `runs`. 0 in a normal run.
     */
    unfinishedRuns: number;
    /**
     * Where the time of a run goes (docs/semantics.md, "Where the time goes"):
     * the sum over the process's steps of their mean parts, seconds per run.
     * Absent from estimates (src/sim/analytic).
     */
    timeParts?: TimeParts;
    /** The same per step of the chain, in chain order. */
    steps?: StepTime[];
    /** Only in models where a server kind declares `mtbf` (docs/semantics.md, "Failures and availability"). */
    availability?: ProcessAvailability;
}

/** How available a process was, in a model with failing machines. */
export interface ProcessAvailability {
    /**
     * Share of the counted runs (all replications) that finished within the
     * deadline; without a deadline, that finished at all (not cut off by a
     * stop). 1 when no run was counted.
     */
    runs: number;
    /**
     * Mean over the replications of the share of the measured window in
     * which every component of the process's chain had at least one instance
     * on a working (not failed) machine.
     */
    time: number;
    /** 95% t interval of `time` over the replications, within [0, 1]. */
    timeCI: [number, number];
}

/**
 * Mean seconds of each part of a step's (or a run's) time. A step ends when
 * its last part ends; its time is split along that part's path: waiting in
 * the component's queue, waiting for RAM on the machine an instance of the
 * component was free on, waiting for the instance to start, receiving its
 * data from another machine (transfer), service (the
 * part's work alone on its machine), and the slowdown from sharing the
 * machine's CPU, its GPU or its network with other running parts.
 * `sharing` is not a part of its own: it is the sum of the three sharing
 * parts (the one sharing part of earlier versions, kept for their readers).
 */
export interface TimeParts {
    queueWait: number;
    ramWait: number;
    coldStart: number;
    /**
     * Receiving the step's data from the machine the previous step ended on,
     * and the latency (docs/semantics.md, "Communication"). Present only for
     * models whose hops move data (`data in/out`).
     */
    transfer?: number;
    service: number;
    cpuSharing: number;
    gpuSharing: number;
    networkSharing: number;
    /** cpuSharing + gpuSharing + networkSharing. */
    sharing: number;
}

/** The parts of a time, in display order: they add up to the time (`sharing` is their sum of three, not one of them). */
export const TIME_PART_KEYS = ['queueWait', 'ramWait', 'coldStart', 'transfer', 'service', 'cpuSharing', 'gpuSharing', 'networkSharing'] as const;
export type TimePartKey = typeof TIME_PART_KEYS[number];

/** Seconds of part k of t: 0 for a part the result does not have (`transfer` of a model that moves no data). */
export function partSeconds(t: TimeParts, k: keyof TimeParts): number {
    return t[k] ?? 0;
}

/** The parts t has, in TIME_PART_KEYS order (`transfer` only for models that move data). */
export function partKeysOf(t: TimeParts): TimePartKey[] {
    return TIME_PART_KEYS.filter(k => t[k] !== undefined);
}

/** One step of a process's chain: its mean parts over the steps that finished in the counted window. */
export interface StepTime extends TimeParts {
    step: string;
    component: string;
    /** 'gpu' when the step has GPU work (it runs on GPU machines only), else 'cpu'. */
    resource: 'cpu' | 'gpu';
    /** Share of the step's finished executions whose last part waited for an instance to start. */
    coldStartShare: number;
    /** Share of the step's time spent on each server kind (where its last part ran), kinds with a share > 0. */
    servers: { name: string; share: number }[];
}

/** One server kind, as in `simulate --json` (cli.md). Utilizations are fractions in [0, 1]. */
export interface ServerStats {
    name: string;
    machines: number;
    cpuUtilization: number;
    gpuUtilization: number;
    ramUtilization: number;
}

export interface SimulationResult {
    allocation: string;
    seed: number;
    replications: number;
    horizon: number;
    warmup: number;
    processes: ProcessStats[];
    servers: ServerStats[];
    /** Means over the replications of k1..k4. */
    objectives: Objectives;
    /** 95% confidence interval of each criterion over the replications. */
    objectivesCI: Record<ObjectiveKey, [number, number]>;
    /** Events processed over all replications. */
    events: number;
    wallSeconds: number;
    /** Human-readable warnings (event budget hit, unfinished runs, ...). */
    warnings: string[];
    /**
     * Counted runs that had not finished when a replication was stopped (event
     * budget, run cap, or runs that could never be served); 0 in a normal run.
     * Their times are censored at the stop time: the objectives are then lower
     * bounds and the allocation should be treated as overloaded.
     */
    unfinishedRuns: number;
    /** Machine failures over all replications; only in models with failures. */
    machineFailures?: number;
    /**
     * Present when the result is not a simulation: 'analytic' for the queueing
     * estimate of src/sim/analytic (every interval then has zero width, events
     * is 0 and runs/violations are expected counts).
     */
    estimate?: 'analytic';
    /**
     * Present when a process has an arrival profile: the criteria and each
     * process's statistics per phase of the reporting cycle (docs/semantics.md, "Profiles").
     */
    phases?: PhasesResult;
}

/** The results per phase of the reporting cycle: the profile of the first process (file order) that has one. */
export interface PhasesResult {
    /** The process whose profile defines the phases. */
    process: string;
    /** Length of the cycle, s. */
    cycle: number;
    phases: PhaseStats[];
}

/** One phase of the reporting cycle. */
export interface PhaseStats {
    /** The phase's label, or `phase N` (1-based). */
    phase: string;
    /** Start and end of the phase within the cycle, s. */
    start: number;
    end: number;
    /** The rate multiplier of the reporting profile in this phase. */
    factor: number;
    /** Measured seconds in this phase per replication (its share of the counted window). */
    seconds: number;
    /** k1..k4 over the runs that arrived in this phase; violations and cost per hour of this phase. */
    objectives: Objectives;
    objectivesCI: Record<ObjectiveKey, [number, number]>;
    processes: PhaseProcessStats[];
}

/** A process's runs that arrived in one phase (pooled over the replications). */
export interface PhaseProcessStats {
    name: string;
    runs: number;
    mean: number;
    p50: number;
    p95: number;
    p99: number;
    violations: number;
    meanCI: [number, number];
}

export interface SimulateOptions {
    /**
     * Measure where the time goes (ProcessStats.timeParts and steps); default
     * true. It costs about a tenth of the simulation's time on models with
     * short steps, so `mlops simulate` asks for it only with --explain.
     */
    timeParts?: boolean;
}

/**
 * A simulator prepared for one model and one set of settings: all work that
 * does not depend on the allocation is done once, in `createSimulator`.
 */
export interface Simulator {
    /** Full statistics of one allocation (for `simulate` and for the results view). */
    simulate(allocation: AllocationDef, options?: SimulateOptions): SimulationResult;
    /** Only the four criteria (the optimizer's hot path; same numbers as simulate().objectives). */
    evaluate(allocation: AllocationDef): Objectives;
}

/**
 * Per-process mean and variance of T for an allocation, from another
 * estimate (the optimizer passes the analytic one): used by k1 and k2 for a
 * process with no counted run in any replication (time-criteria.ts).
 */
export type UnseenProcessEstimate = (allocation: AllocationDef) => { mean: ArrayLike<number>; variance: ArrayLike<number> };

export interface SimulatorOptions {
    /**
     * Where k1 and k2 take a process that no replication saw run (else 0):
     * the optimizer's brief simulations, whose window can be shorter than a
     * rare process's gap (docs/optimizer.md "Multi-fidelity"). Results shown
     * to users never use it.
     */
    unseen?: UnseenProcessEstimate;
}

/** The factory every simulator implementation exports as `createSimulator` from src/sim/index.ts. */
export type CreateSimulator = (model: Model, settings: SimulationSettings, options?: SimulatorOptions) => Simulator;
