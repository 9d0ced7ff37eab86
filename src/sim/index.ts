/** The simulator (semantics.md): `createSimulator(model, settings)` and its contract. */
import type { CreateSimulator } from './api.js';
import { createSimulator as create } from './simulator.js';

export type { SimulationSettings, SimulateOptions, ProcessStats, StepTime, TimeParts, ServerStats, SimulationResult, Simulator, CreateSimulator, PhasesResult, PhaseStats, PhaseProcessStats, SimulatorOptions, UnseenProcessEstimate } from './api.js';
export { SimulationInputError } from './errors.js';
/** Where the time goes: the bottleneck of a process (simulate --explain, the results view). */
export { bottleneckOf, describeBottleneck, TIME_PART_LABELS, type Bottleneck } from './bottleneck.js';
export { DEFAULT_MAX_RUNS_IN_SYSTEM } from './simulator.js';
/** The 95% t-interval of replication means, for callers that compare runs (mlops compare). */
export { meanWithCI } from './stats.js';

export const createSimulator: CreateSimulator = create;
export { createAnalyticEvaluator, estimate, type AnalyticEvaluator } from './analytic/index.js';
