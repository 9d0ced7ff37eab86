/**
 * Building blocks of the JSON formats (docs/schema/README.md). Every schema is
 * a TypeBox value: a plain JSON Schema object (draft-07 keywords) from which
 * TypeScript takes the types (Static: the JSON as written; StaticDecode: the
 * values the program uses) and which src/schema/check.ts checks at run time
 * without generating code (the results view's Content Security Policy forbids
 * eval, which code-generating validators need).
 */
import { Type, type TSchema } from '@sinclair/typebox';

/** Annotations of a schema: its description, and the value a reader assumes when the field is missing (older files). */
export interface Notes { description?: string; default?: unknown }
const options = (notes?: string | Notes) => (typeof notes === 'string' ? { description: notes } : { ...notes });

/**
 * A number that may be non-finite. JSON has no NaN or Infinity: the writers
 * (JSON.stringify in the CLI, the webview transport) turn them into null, and
 * a reader gets NaN back.
 */
export const Num = (notes?: string | Notes) => Type.Transform(Type.Union([Type.Number(), Type.Null()], options(notes)))
    .Decode(v => (v === null ? NaN : v))
    .Encode(v => (Number.isFinite(v) ? v : null));

/** A whole number >= `minimum` (counts, indexes, generations). */
export const Whole = (minimum = 0, description?: string) => Type.Integer({ minimum, ...options(description) });

/** A [low, high] interval of numbers. */
export const Interval = (notes?: string | Notes) => Type.Tuple([Num(), Num()], options(notes));

/** A map from names (of components, servers, steps...) to `value`. */
export const ByName = <T extends TSchema>(value: T, notes?: string | Notes) => Type.Record(Type.String(), value, options(notes));

/** The four criteria k1..k4 of semantics.md. */
export const Objectives = Type.Object({
    time: Num('weighted mean execution time, s'),
    variance: Num('weighted variance of the execution time, s^2'),
    violations: Num('deadline violations per hour'),
    cost: Num('cost per hour, in the model\'s currency')
}, { additionalProperties: false, description: 'the criteria k1..k4 of semantics.md (all minimized)' });

/** A 95% confidence interval per criterion. */
export const ObjectivesCI = Type.Object({
    time: Interval(),
    variance: Interval(),
    violations: Interval(),
    cost: Interval()
}, { additionalProperties: false, description: '95% confidence interval of each criterion over the replications' });

/**
 * The placement of an allocation: instances per component and server kind,
 * the server kinds where a component is permanent, step limits.
 */
export const AllocationMatrix = Type.Object({
    instances: ByName(ByName(Whole()), 'instances of each component on each server kind'),
    permanent: ByName(Type.Array(Type.String()), { description: 'server kinds on which each component is permanent (always up)', default: {} }),
    limits: ByName(Whole(1), { description: 'concurrency limit of each limited step', default: {} })
}, { additionalProperties: false });
