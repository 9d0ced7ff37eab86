/**
 * The messages between the extension host and the results view
 * (src/webview/protocol.ts checks them with these schemas): one schema per
 * message type, each way.
 */
import { Type, type StaticDecode, type TObject } from '@sinclair/typebox';
import { Num, Whole } from './common.js';
import type { SolutionExplanation } from '../opt/index.js';
import { OptimizationResultSchema, SolutionSchema } from './optimize.js';

/** A solution of the result: a front member or a baseline row, by index. */
const solutionRef = {
    kind: Type.Union([Type.Literal('front'), Type.Literal('baseline')]),
    index: Whole(0, 'index in result.front or result.baselines')
};

/** Host -> view, by `type`. */
export const HostMessages = {
    /** A whole result (at the start, at the end, after a reload). */
    show: Type.Object({
        type: Type.Literal('show'),
        result: OptimizationResultSchema,
        running: Type.Boolean(),
        selected: Type.Union([Whole(), Type.Null()], { default: null, description: 'index in result.front of the shown solution' }),
        source: Type.Union([Type.String(), Type.Null()], { default: null, description: 'URI of the .mlops document the result belongs to (Apply writes there)' })
    }, { additionalProperties: false }),
    /** Live update while the optimizer runs. */
    progress: Type.Object({
        type: Type.Literal('progress'),
        generation: Whole(),
        generations: Whole(),
        evaluations: Num(),
        hypervolume: Num(),
        hypervolumeByGeneration: Type.Array(Num()),
        front: Type.Array(SolutionSchema)
    }, { additionalProperties: false }),
    /** The outcome of an Apply or Export the view asked for. */
    notice: Type.Object({
        type: Type.Literal('notice'),
        level: Type.Union([Type.Literal('info'), Type.Literal('error')]),
        text: Type.String()
    }, { additionalProperties: false }),
    /** The model changed after the run: the shown results may no longer hold. */
    stale: Type.Object({ type: Type.Literal('stale') }, { additionalProperties: false }),
    /** How the explanation of a solution the view asked for (`explain`) goes: progress, then done, failed or cancelled. */
    explanation: Type.Object({
        type: Type.Literal('explanation'),
        ...solutionRef,
        state: Type.Union([Type.Literal('running'), Type.Literal('done'), Type.Literal('failed'), Type.Literal('cancelled')]),
        phase: Type.Optional(Type.Union([Type.Literal('changes'), Type.Literal('headroom')], { description: 'running: what is simulated now' })),
        done: Type.Optional(Whole(0, 'running: simulations done in this phase')),
        total: Type.Optional(Type.Union([Whole(), Type.Null()], { description: 'running: simulations of this phase, null when not known ahead (headroom)' })),
        // Checked field by field by src/webview/explanation-protocol.ts, like OptimizationResult.explanation.
        explanation: Type.Optional(Type.Unsafe<SolutionExplanation>(Type.Any({ description: 'done: the explanation (OptimizationResult.explanation\'s shape)' }))),
        message: Type.Optional(Type.String({ description: 'failed: why' }))
    }, { additionalProperties: false })
} satisfies Record<string, TObject>;

/** View -> host, by `type`. */
export const ViewMessages = {
    ready: Type.Object({ type: Type.Literal('ready') }, { additionalProperties: false }),
    select: Type.Object({ type: Type.Literal('select'), index: Whole() }, { additionalProperties: false }),
    apply: Type.Object({ type: Type.Literal('apply'), index: Whole() }, { additionalProperties: false }),
    export: Type.Object({ type: Type.Literal('export') }, { additionalProperties: false }),
    /** Run the optimizer again on the result's document (offered when stale). */
    rerun: Type.Object({ type: Type.Literal('rerun') }, { additionalProperties: false }),
    /** Explain this solution (changes' effects and headroom); supersedes the one being explained. */
    explain: Type.Object({ type: Type.Literal('explain'), ...solutionRef }, { additionalProperties: false }),
    /** Stop the running explanation. */
    explainCancel: Type.Object({ type: Type.Literal('explainCancel') }, { additionalProperties: false })
} satisfies Record<string, TObject>;

type Decoded<M extends Record<string, TObject>> = { [K in keyof M]: StaticDecode<M[K]> }[keyof M];
export type HostMessage = Decoded<typeof HostMessages>;
export type ViewMessage = Decoded<typeof ViewMessages>;

/** Both unions as JSON Schema (for docs/schema/). */
export const HostMessageSchema = Type.Union(Object.values(HostMessages));
export const ViewMessageSchema = Type.Union(Object.values(ViewMessages));
