/** The JSON of `mlops simulate --json` (cli.md; docs/cli.md "JSON of simulate"). */
import { Type, type Static } from '@sinclair/typebox';
import { Interval, Num, Objectives, ObjectivesCI, Whole } from './common.js';

/** Where the time goes (docs/semantics.md): mean seconds per run of each part; with `simulate --explain` and in the results view. */
const timePartFields = {
    queueWait: Num('waiting in the component\'s queue'),
    ramWait: Num('waiting for RAM on the machine of a free instance'),
    coldStart: Num('waiting for an instance to start'),
    transfer: Type.Optional(Num('receiving the step\'s data from the machine the previous step ended on, and the latency; only for models whose steps declare data')),
    service: Num('the work alone on its machine'),
    cpuSharing: Num('slowdown from sharing the machine\'s CPU with other running parts'),
    gpuSharing: Num('slowdown from sharing the machine\'s GPU with other running parts'),
    networkSharing: Num('slowdown from sharing the machine\'s network bandwidth with other running parts'),
    sharing: Num('cpuSharing + gpuSharing + networkSharing (not a part of its own)')
};
export const TimePartsSchema = Type.Object(timePartFields, { additionalProperties: false });
export const StepTimeSchema = Type.Object({
    step: Type.String(),
    component: Type.String(),
    resource: Type.Union([Type.Literal('cpu'), Type.Literal('gpu')]),
    ...timePartFields,
    coldStartShare: Num('share of the step\'s executions whose last part waited for a start'),
    servers: Type.Array(Type.Object({ name: Type.String(), share: Num() }, { additionalProperties: false }),
        { description: 'share of the step\'s time on each server kind' })
}, { additionalProperties: false });

/** A process's availability in a model with failing machines (docs/semantics.md, "Failures and availability"). */
export const ProcessAvailabilitySchema = Type.Object({
    runs: Num('share of counted runs that finished within the deadline (without a deadline: that finished); 1 without runs'),
    time: Num('mean share of the measured window with at least one instance of each component of the chain on a working machine'),
    timeCI: Interval('95% confidence interval of `time` over the replications, within [0, 1]')
}, { additionalProperties: false });

/** One process. Also the per-process details of a solution in the results view. */
export const ProcessStatsSchema = Type.Object({
    name: Type.String(),
    runs: Num('counted runs over all replications (an expected count for the analytic estimate)'),
    mean: Num('mean execution time, s'),
    variance: Num('variance of the execution time, s^2'),
    p50: Num('median execution time, s'),
    p95: Num(),
    p99: Num(),
    deadline: Type.Union([Type.Number(), Type.Null()], { description: 'deadline in s, or null when the process has none', default: null }),
    violations: Num('runs over the deadline, over all replications'),
    meanCI: Interval({ description: '95% confidence interval of the replication means (lower end clipped at 0)', default: [null, null] }),
    unfinishedRuns: Num({
        description: 'counted runs still in the system when their replication stopped early (their times are lower bounds); 0 in a normal run',
        default: 0
    }),
    timeParts: Type.Optional(TimePartsSchema),
    steps: Type.Optional(Type.Array(StepTimeSchema)),
    availability: Type.Optional(ProcessAvailabilitySchema)
}, { additionalProperties: false });

/** One server kind; utilizations are fractions in [0, 1]. */
export const ServerStatsSchema = Type.Object({
    name: Type.String(),
    machines: Num('machines of this kind'),
    cpuUtilization: Num(),
    gpuUtilization: Num(),
    ramUtilization: Num()
}, { additionalProperties: false });

/** The results per phase of the reporting cycle (docs/semantics.md, "Profiles"); present when a process has an arrival profile. */
export const PhasesSchema = Type.Object({
    process: Type.String({ description: 'the process whose profile defines the phases (the first in the file that has one)' }),
    cycle: Num('length of the cycle, s'),
    phases: Type.Array(Type.Object({
        phase: Type.String({ description: 'the phase\'s label, or `phase N`' }),
        start: Num('start of the phase within the cycle, s'),
        end: Num('end of the phase within the cycle, s'),
        factor: Num('the rate multiplier of the reporting profile in this phase'),
        seconds: Num('measured seconds in this phase per replication'),
        objectives: Objectives,
        objectivesCI: ObjectivesCI,
        processes: Type.Array(Type.Object({
            name: Type.String(),
            runs: Num('runs that arrived in this phase, over all replications'),
            mean: Num(),
            p50: Num(),
            p95: Num(),
            p99: Num(),
            violations: Num(),
            meanCI: Interval()
        }, { additionalProperties: false }))
    }, { additionalProperties: false }))
}, { additionalProperties: false, description: 'the criteria (violations and cost per hour of the phase) and each process\'s runs per phase' });

export const SimulateJson = Type.Object({
    allocation: Type.String({ description: 'name of the simulated allocation' }),
    seed: Whole(),
    replications: Whole(1),
    horizon: Num('simulated time per replication, s'),
    warmup: Num('runs arriving before this time are not counted, s'),
    processes: Type.Array(ProcessStatsSchema),
    servers: Type.Array(ServerStatsSchema),
    objectives: Objectives,
    events: Whole(0, 'events processed over all replications (0 for the analytic estimate)'),
    wallSeconds: Num(),
    machineFailures: Type.Optional(Whole(0, 'machine failures over all replications; only in models where a server kind declares mtbf')),
    estimate: Type.Optional(Type.Literal('analytic', { description: 'present for `--analytic`: the queueing estimate, not a simulation' })),
    phases: Type.Optional(PhasesSchema),
    // `--explain` only (docs/cli.md "simulate --explain"); their shapes are the types of src/sim/bottleneck.ts and src/opt/explain.
    bottlenecks: Type.Optional(Type.Unsafe<unknown[]>(Type.Array(Type.Any(), { description: '--explain: the bottleneck of each process (docs/cli.md)' }))),
    changes: Type.Optional(Type.Unsafe<unknown>(Type.Any({ description: '--explain: the largest changes against current and what each did, or null (docs/cli.md)' }))),
    headroom: Type.Optional(Type.Unsafe<unknown>(Type.Any({ description: '--explain: the headroom, or null without deadlines (docs/cli.md)' })))
}, { additionalProperties: false });

/** The fields of SimulateJson that only `--explain` adds (not fields of SimulationResult). */
export type ExplainOnlyFields = 'bottlenecks' | 'changes' | 'headroom';

export type SimulateJson = Static<typeof SimulateJson>;
