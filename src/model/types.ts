/**
 * The plain, JSON-serializable model of one MLOps system.
 *
 * Every quantity is in its base unit, and the unit is in the field name:
 * time in seconds, CPU speed in GHz, CPU work in GHz*s, GPU speed in TOPS,
 * GPU work in TOPS*s, memory in MB, bandwidth in Mbps, money per time in
 * currency per second. References are by name; arrays keep file order.
 *
 * This module imports neither `vscode` nor Langium: the simulator, the
 * optimizer, the CLI, the worker threads and the tests all consume it.
 */

/** A non-negative random quantity (a time or a work), in the base unit of its field. */
export type Distribution =
    | { kind: 'constant'; value: number }
    | { kind: 'exponential'; mean: number }
    | { kind: 'uniform'; min: number; max: number }
    /** Normal truncated at 0 (resampled while negative). */
    | { kind: 'normal'; mean: number; sd: number }
    | { kind: 'lognormal'; mean: number; cv: number }
    | { kind: 'gamma'; mean: number; cv: number }
    | { kind: 'erlang'; k: number; mean: number };

export interface Described {
    name: string;
    /** `label "..."`: display name, free text (never markup). */
    label?: string;
    /** The `/** ... *\/` comment before the element, without comment markers. */
    doc?: string;
}

export interface ServerKind extends Described {
    cpuGHz: number;
    /** 0 when the server has no GPU. */
    gpuTOPS: number;
    ramMB: number;
    /** null: unlimited. */
    netInMbps: number | null;
    netOutMbps: number | null;
    /** Price of one machine while any instance on it is up. */
    pricePerSecond: number;
    /** Number of identical machines of this kind. */
    count: number;
    /**
     * `mtbf`: time from a repair (or time 0) to the next failure of one
     * machine (docs/semantics.md, "Failures"). Absent: the machines never fail,
     * and the model means exactly what it meant before failures existed.
     * A bare quantity in the file is the mean of an exponential time.
     */
    mtbfSeconds?: Distribution;
    /** `mttr`: time to repair a failed machine; present exactly when mtbfSeconds is. */
    mttrSeconds?: Distribution;
}

export interface ComponentDef extends Described {
    idleCpuGHz: number;
    idleRamMB: number;
    permanent: boolean;
    startupSeconds: number;
}

export interface StepDef extends Described {
    /** Name of the component the step runs on. */
    component: string;
    /** CPU work in GHz*s; null when the step has none. */
    cpuWorkGHzSeconds: Distribution | null;
    /** GPU work in TOPS*s; null when the step has none. */
    gpuWorkTOPSSeconds: Distribution | null;
    ramMB: number;
    /** 0 when the step declares no network rate. */
    netInMbps: number;
    netOutMbps: number;
    threads: number;
    /**
     * `data in X out Y` (docs/semantics.md, "Communication"): MB the step reads
     * and writes. A hop between consecutive steps of a run on different
     * machines moves the larger of the previous step's `out` and the next
     * step's `in`. Absent: 0 (no transfer).
     */
    dataInMB?: number;
    dataOutMB?: number;
    /**
     * `split serial S`: the serial fraction S in [0, 1) of the step's work that
     * every part of a split does (Amdahl): a part of k carries S W + (1 - S) W / k.
     * Absent: 0 (perfect split).
     */
    splitSerial?: number;
    /**
     * `split overhead X`: each part of a split into k carries (k - 1) X more
     * work of X's kind (coordinating with each other part). Absent: 0.
     */
    splitOverheadCpuGHzSeconds?: number;
    splitOverheadGpuTOPSSeconds?: number;
}

export interface ProcessDef extends Described {
    /** Step names in execution order. */
    steps: string[];
    /** Time between two arrivals, in seconds. */
    everySeconds: Distribution;
    /** null: no deadline (no run is ever a violation). */
    deadlineSeconds: number | null;
    weightTime: number;
    weightVariance: number;
    /**
     * `profile [f x length, ...]`: the arrival rate is multiplied by f during
     * each phase of a cycle that repeats from time 0 (docs/semantics.md,
     * "Profiles"). Absent: stationary arrivals.
     */
    profile?: ProfilePhase[];
    /** `priority N`: higher is served first (docs/semantics.md, "Priorities"). Absent: 0. */
    priority?: number;
    /** `priority N preemptive`: its parts preempt lower-priority parts. Absent: false. */
    preemptive?: boolean;
}

/** One phase of an arrival profile. */
export interface ProfilePhase {
    /** Rate multiplier (>= 0). */
    factor: number;
    seconds: number;
    label?: string;
}

/** One line `COMPONENT on SERVER x N [permanent]`. */
export interface Placement {
    component: string;
    server: string;
    instances: number;
    permanent: boolean;
}

export interface AllocationDef {
    name: string;
    label?: string;
    /** In the order the allocation lists them (it matters for spreading). */
    placements: Placement[];
    /** `limit STEP to N`, by step name. */
    limits: Record<string, number>;
}

export interface PreferWeights {
    time: number;
    variance: number;
    violations: number;
    cost: number;
}

/** The file's `optimize` block; absent fields fall back to settings, then defaults. */
export interface OptimizeSettings {
    horizonSeconds?: number;
    warmupSeconds?: number;
    keepaliveSeconds?: number;
    replications?: number;
    population?: number;
    generations?: number;
    /** Stop after this many simulated allocations. */
    evaluations?: number;
    /** Stop after this wall time. */
    timeoutSeconds?: number;
    /** Stop after this many generations without hypervolume improvement. */
    stagnationGenerations?: number;
    /** Event budget of one replication (a guard against overloaded models). */
    maxEvents?: number;
    seed?: number;
    prefer?: Partial<PreferWeights>;
    /**
     * `latency X`: seconds added to every transfer between two machines
     * (docs/semantics.md, "Communication"). Part of the model's meaning, read
     * by the simulator from the model (no command-line override). Absent: 0.
     */
    latencySeconds?: number;
}

export interface Model {
    system: string;
    label?: string;
    /** The 3-letter currency code of the prices, or null when no price has one. */
    currency: string | null;
    servers: ServerKind[];
    components: ComponentDef[];
    steps: StepDef[];
    processes: ProcessDef[];
    allocations: AllocationDef[];
    optimize: OptimizeSettings;
}

/**
 * The allocation as in the JSON of cli.md (`optimize --json`): the seed paper's
 * matrix of instances per component per server kind, permanent flags and limits.
 */
export interface AllocationMatrix {
    instances: Record<string, Record<string, number>>;
    permanent: Record<string, string[]>;
    limits: Record<string, number>;
}

/** The four criteria k1..k4 of semantics.md. */
export interface Objectives {
    /** Weighted mean execution time, s. */
    time: number;
    /** Weighted variance of the execution time, s^2. */
    variance: number;
    /** Deadline violations per hour. */
    violations: number;
    /** Cost per hour, in the model's currency. */
    cost: number;
}

export const OBJECTIVE_KEYS = ['time', 'variance', 'violations', 'cost'] as const;
export type ObjectiveKey = typeof OBJECTIVE_KEYS[number];
