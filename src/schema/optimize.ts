/**
 * The JSON of `mlops optimize --json` (cli.md), and the fuller result that
 * the results view, its saved state and the HTML report carry
 * (OptimizationResult of src/opt/api.ts).
 */
import { Type, type Static } from '@sinclair/typebox';
import { AllocationMatrix, ByName, Num, Objectives, ObjectivesCI, Whole } from './common.js';
import { PhasesSchema, ProcessStatsSchema, ServerStatsSchema } from './simulate.js';
import type { SolutionExplanation } from '../opt/index.js';

export const StopReason = Type.Union([
    Type.Literal('generations'), Type.Literal('evaluations'), Type.Literal('time'),
    Type.Literal('stagnation'), Type.Literal('cancelled'), Type.Literal('error')
], { description: 'what ended the search' });

/** What the JSON of both shares; `front` and `baselines` differ. */
const summary = {
    seed: Whole(),
    evaluations: Whole(0, 'simulated allocations'),
    wallSeconds: Num(),
    hypervolume: Num('hypervolume of the front (criteria normalized by the baselines)'),
    hypervolumeByGeneration: Type.Array(Num())
};

/** `optimize --json`. */
export const OptimizeJson = Type.Object({
    ...summary,
    front: Type.Array(Type.Object({ allocation: AllocationMatrix, objectives: Objectives }, { additionalProperties: false }),
        { description: 'the Pareto front found' }),
    chosen: Whole(0, 'index in front of the chosen solution (0 when the front is empty)'),
    baselines: Type.Array(Type.Object({ name: Type.String(), objectives: Objectives }, { additionalProperties: false }),
        { description: 'first-fit and the allocations written in the file' }),
    stoppedBy: StopReason,
    generations: Type.Optional(Whole(0, 'generations run (0: only the initial population)')),
    warnings: Type.Array(Type.String())
}, { additionalProperties: false });

export type OptimizeJson = Static<typeof OptimizeJson>;

/** One solution of the results view. */
export const SolutionSchema = Type.Object({
    allocation: AllocationMatrix,
    objectives: Objectives,
    objectivesCI: Type.Optional(ObjectivesCI),
    details: Type.Optional(Type.Object({
        processes: Type.Array(ProcessStatsSchema),
        servers: Type.Array(ServerStatsSchema),
        phases: Type.Optional(PhasesSchema)
    }, { additionalProperties: false, description: 'per-process and per-server statistics of the allocation' }))
}, { additionalProperties: false });

export const BaselineSchema = Type.Composite([SolutionSchema, Type.Object({ name: Type.String({ description: '`first-fit`, or an allocation of the file' }) })],
    { additionalProperties: false });

/** The optimizer's whole result (results view, saved view state, report). Missing fields of older versions get their defaults. */
export const OptimizationResultSchema = Type.Object({
    system: Type.String(),
    currency: Type.Union([Type.String(), Type.Null()], { default: null }),
    components: Type.Array(Type.String()),
    servers: Type.Array(Type.String()),
    steps: Type.Array(Type.String(), { default: [] }),
    labels: ByName(Type.String(), { description: 'labels by element name, where the file gives one (text, never markup)', default: {} }),
    ...summary,
    front: Type.Array(SolutionSchema),
    chosen: Whole(),
    baselines: Type.Array(BaselineSchema, { default: [] }),
    stoppedBy: StopReason,
    warnings: Type.Array(Type.String(), { default: [] }),
    generations: Type.Optional(Whole()),
    simulations: Type.Optional(Type.Object({ brief: Whole(), full: Whole() }, { additionalProperties: false })),
    // Checked field by field by src/webview/explanation-protocol.ts (the view's protocol runs it after this schema).
    explanation: Type.Optional(Type.Unsafe<SolutionExplanation>(Type.Any({
        description: 'what the chosen solution\'s changes did and its headroom (src/opt/explain)' })))
}, { additionalProperties: false });
