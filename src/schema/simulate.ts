/** The JSON of `mlops simulate --json` (cli.md; docs/cli.md "JSON of simulate"). */
import { Type, type Static } from '@sinclair/typebox';
import { Interval, Num, Objectives, Whole } from './common.js';

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
    })
}, { additionalProperties: false });

/** One server kind; utilizations are fractions in [0, 1]. */
export const ServerStatsSchema = Type.Object({
    name: Type.String(),
    machines: Num('machines of this kind'),
    cpuUtilization: Num(),
    gpuUtilization: Num(),
    ramUtilization: Num()
}, { additionalProperties: false });

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
    estimate: Type.Optional(Type.Literal('analytic', { description: 'present for `--analytic`: the queueing estimate, not a simulation' }))
}, { additionalProperties: false });

export type SimulateJson = Static<typeof SimulateJson>;
