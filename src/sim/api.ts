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
    /**
     * Present when the result is not a simulation: 'analytic' for the queueing
     * estimate of src/sim/analytic (every interval then has zero width, events
     * is 0 and runs/violations are expected counts).
     */
    estimate?: 'analytic';
}

/**
 * A simulator prepared for one model and one set of settings: all work that
 * does not depend on the allocation is done once, in `createSimulator`.
 */
export interface Simulator {
    /** Full statistics of one allocation (for `simulate` and for the results view). */
    simulate(allocation: AllocationDef): SimulationResult;
    /** Only the four criteria (the optimizer's hot path; same numbers as simulate().objectives). */
    evaluate(allocation: AllocationDef): Objectives;
}

/** The factory every simulator implementation exports as `createSimulator` from src/sim/index.ts. */
export type CreateSimulator = (model: Model, settings: SimulationSettings) => Simulator;
