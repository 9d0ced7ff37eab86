/**
 * Compile-time proof that the hand-written result types of the pure core
 * (src/sim/api.ts, src/opt/api.ts, src/model/types.ts, which import nothing
 * outside the core) are the types of the schemas: `npm run typecheck` fails
 * when a field is added to one and not the other. Types only: nothing here
 * runs.
 *
 * When a line below fails ("Type 'false' does not satisfy the constraint
 * 'true'"): add the field to the schema of that line (src/schema/*.ts, with
 * Type.Optional when it is optional), run `npm run schema` to rewrite
 * docs/schema/, and document it (docs/cli.md for the CLI's JSON).
 */
import type { StaticDecode, TSchema } from '@sinclair/typebox';
import type { AllocationMatrix as MatrixType, Objectives as ObjectivesType } from '../model/types.js';
import type { Baseline, OptimizationResult, Solution } from '../opt/api.js';
import type { ProcessStats, ServerStats, SimulationResult } from '../sim/api.js';
import { AllocationMatrix, Objectives } from './common.js';
import { BaselineSchema, OptimizationResultSchema, OptimizeJson, SolutionSchema } from './optimize.js';
import { ProcessStatsSchema, ServerStatsSchema, SimulateJson, type ExplainOnlyFields } from './simulate.js';

/** Identical types, optional fields included (mutual assignability would miss an optional field on one side). */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
type Assert<T extends true> = T;
type Decoded<S extends TSchema> = StaticDecode<S>;

type SimulateFields = Exclude<keyof Decoded<typeof SimulateJson>, ExplainOnlyFields>;
type OptimizeFields = keyof Decoded<typeof OptimizeJson> & keyof OptimizationResult;

export type SchemasAgree = [
    Assert<Same<Decoded<typeof Objectives>, ObjectivesType>>,
    Assert<Same<Decoded<typeof AllocationMatrix>, MatrixType>>,
    Assert<Same<Decoded<typeof ProcessStatsSchema>, ProcessStats>>,
    Assert<Same<Decoded<typeof ServerStatsSchema>, ServerStats>>,
    Assert<Same<Decoded<typeof SolutionSchema>, Solution>>,
    Assert<Same<Decoded<typeof BaselineSchema>, Baseline>>,
    Assert<Same<Decoded<typeof OptimizationResultSchema>, OptimizationResult>>,
    // `simulate --json` is a projection of SimulationResult, `optimize --json` mostly of OptimizationResult.
    Assert<Same<Omit<Decoded<typeof SimulateJson>, ExplainOnlyFields>, Pick<SimulationResult, SimulateFields>>>,
    Assert<Same<Omit<Decoded<typeof OptimizeJson>, 'front' | 'baselines'>, Omit<Pick<OptimizationResult, OptimizeFields>, 'front' | 'baselines'>>>,
    Assert<Same<Decoded<typeof OptimizeJson>['front'][number], Pick<Solution, 'allocation' | 'objectives'>>>,
    Assert<Same<Decoded<typeof OptimizeJson>['baselines'][number], Pick<Baseline, 'name' | 'objectives'>>>
];
