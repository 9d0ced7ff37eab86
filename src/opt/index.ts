/**
 * The optimizer (semantics.md "Optimization"): `optimize(model, settings,
 * callbacks?, options?)` searches allocations with NSGA-II, simulating them
 * on worker threads, and returns the Pareto front of (k1..k4), the chosen
 * solution, the baselines and their details. `checkFeasible(model)` says,
 * per component, why no valid allocation exists. docs/optimizer.md explains
 * the algorithm and the choices.
 */
import type { AllocationDef, Model, Objectives } from '../model/types.js';
import type { RunSettings } from '../model/settings.js';
import { firstFit } from '../model/first-fit.js';
import { toMatrix } from '../model/allocation.js';
import type { SimulationResult, SimulationSettings } from '../sim/api.js';
import * as sim from '../sim/index.js';
import { createSimulator } from '../sim/index.js';
import { createBriefSimulator } from './brief-simulator.js';
import type { Baseline, OptimizationResult, OptimizeCallbacks, Progress, Solution } from './api.js';
import { inlineEvaluator, type Evaluator } from './evaluator.js';
import { checkFeasible, type InfeasibleComponent } from './feasible.js';
import { createSpace, fromAllocation, genotypeToMatrix, toAllocation } from './genotype.js';
import { toObjectives, type Individual } from './search/archive.js';
import type { Screen } from './search/evaluation.js';
import { briefSettings, effectiveSettings, fewRunsWarnings, SEARCH_SHARE } from './search/fidelity.js';
import { runSearch, type SearchProgress } from './search/loop.js';
import { maxEvaluations, maxGenerations, stagnation, Termination, type Criterion } from './search/termination.js';
import { chooseSolution, emptyResult } from './result.js';
import { WorkerPool } from './pool.js';
import { linkedSignal } from './search/signal.js';
import { loadDistributed } from './distributed/load.js';
import type { DistributedOptions } from './distributed/queue-evaluator.js';

export type { OptimizationResult, OptimizeCallbacks, Progress, Solution, Baseline, StopReason } from './api.js';
export { checkFeasible } from './feasible.js';
/** What a solution's changes did and its headroom (issue 13 items 3 and 6). */
export { changeEffects, type Change, type ChangeEffect } from './explain/change-effects.js';
export { headroom, type Headroom } from './explain/headroom.js';
export { explainAllocation, explainRef, explainSolution, referenceBaseline, solutionOf, withExplanation, type ExplainOptions, type ExplainProgress, type SolutionExplanation, type SolutionRef } from './explain/explain-solution.js';
export type { FeasibilityReport, InfeasibleComponent } from './feasible.js';
export type { Evaluator } from './evaluator.js';
export { inlineEvaluator } from './evaluator.js';
export { defaultWorkerScript } from './pool.js';
/** Distributed evaluation on BullMQ (docs/distributed.md), loaded on demand. */
export { loadDistributed, type DistributedModule } from './distributed/load.js';
export type { DistributedOptions } from './distributed/queue-evaluator.js';
export { DEFAULT_QUEUE, DEFAULT_STALL_SECONDS } from './distributed/protocol.js';
export { redisUrlProblem, redact } from './distributed/url.js';
export { upsertAllocationEdit, applyTextEdit } from '../model/allocation-edit.js';
/** The wall-clock budget of a run for which no stopping rule is set (the CLI's help names it). */
export { DEFAULT_BUDGET_SECONDS } from './search/fidelity.js';

export interface OptimizeOptions {
    /**
     * Evaluate with this instead of worker threads (tests, analytic
     * evaluators). Not closed by optimize().
     */
    evaluator?: Evaluator;
    /**
     * The worker script (default: out/opt/worker.cjs next to a CommonJS
     * bundle, else src/opt/worker.ts through tsx; see pool.ts).
     */
    workerScript?: string;
    /** Heap limit per worker, MB. */
    maxOldGenerationSizeMb?: number;
    /** The estimate that picks which candidates to simulate; true: the simulator's analytic estimate; unset: that one when the model has processes; false: none. */
    screen?: Screen | boolean;
    /**
     * Search on brief simulations and re-simulate the front in full (default:
     * when a brief simulation is at least 3x cheaper and no evaluation budget
     * is set, and only with the worker pool). A custom `evaluator` receives
     * brief requests with fidelity 'brief'.
     */
    multiFidelity?: boolean;
    /**
     * Evaluate on the `mlops worker` processes of a BullMQ queue on this
     * Redis instead of worker threads (docs/distributed.md); the requests and
     * the front are the same. Rejects with a RedisUnavailableError (`code`
     * 'MLOPS_REDIS_UNAVAILABLE') when Redis cannot be reached at the start.
     */
    redis?: DistributedOptions;
}

/** Thrown by optimize() when no valid allocation exists (callers may check first with checkFeasible). */
export class InfeasibleModelError extends Error {
    constructor(readonly reasons: InfeasibleComponent[]) {
        super(`no valid allocation exists:\n${reasons.map(r => `  ${r.component}: ${r.reason}`).join('\n')}`);
    }
}

export function simulationSettings(settings: RunSettings): SimulationSettings {
    return {
        horizonSeconds: settings.horizonSeconds,
        warmupSeconds: settings.warmupSeconds,
        replications: settings.replications,
        seed: settings.seed,
        keepaliveSeconds: settings.keepaliveSeconds,
        maxEvents: settings.maxEvents
    };
}

function withDetails<T extends Solution>(solution: T, simulation: SimulationResult | undefined): T {
    if (!simulation) {
        return solution;
    }
    return {
        ...solution,
        objectivesCI: simulation.objectivesCI,
        details: { processes: simulation.processes, servers: simulation.servers, ...(simulation.phases ? { phases: simulation.phases } : {}) }
    };
}

export async function optimize(model: Model, requested: RunSettings, callbacks: OptimizeCallbacks = {}, options: OptimizeOptions = {}): Promise<OptimizationResult> {
    const started = performance.now();
    const feasibility = checkFeasible(model);
    if (!feasibility.feasible) {
        throw new InfeasibleModelError(feasibility.reasons);
    }
    const settings = effectiveSettings(model, requested);
    const space = createSpace(model);
    const warnings: string[] = requested.auto?.horizon ? fewRunsWarnings(model, settings) : [];
    const simulation = simulationSettings(settings);
    const brief = briefSettings(simulation);
    const multiFidelity = options.multiFidelity ?? (options.evaluator === undefined && brief !== undefined && settings.evaluations <= 0);
    let evaluator = options.evaluator;
    if (!evaluator && options.redis) {
        const distributed = await loadDistributed();
        evaluator = await distributed.createQueueEvaluator(model, simulation, multiFidelity ? brief : undefined, options.redis);
    }
    if (!evaluator) {
        try {
            evaluator = new WorkerPool(model, simulation, {
                workers: settings.workers,
                workerScript: options.workerScript,
                maxOldGenerationSizeMb: options.maxOldGenerationSizeMb,
                brief: multiFidelity ? brief : undefined
            });
        } catch (error) {
            warnings.push(`evaluating on the calling thread: ${error instanceof Error ? error.message : String(error)}`);
            evaluator = inlineEvaluator(createSimulator(model, simulation), multiFidelity && brief ? createBriefSimulator(model, brief) : undefined);
        }
    }
    const owned = evaluator !== options.evaluator;
    // The whole run ends at the time limit (cancel too); the search stops earlier to leave time for the
    // full-fidelity re-simulation of the front and its details.
    const budgetMs = settings.timeoutSeconds > 0 ? settings.timeoutSeconds * 1000 : undefined;
    const run = new Termination([], budgetMs === undefined ? undefined : started + budgetMs, callbacks.signal);
    const criteria: Criterion[] = [maxGenerations(settings.generations)];
    if (settings.evaluations > 0) {
        criteria.push(maxEvaluations(settings.evaluations));
    }
    if (settings.stagnationGenerations > 0) {
        criteria.push(stagnation(settings.stagnationGenerations));
    }
    let ticker: ReturnType<typeof setInterval> | undefined;
    let search: Termination | undefined;
    try {
        const toSolutions = (members: readonly Individual[]): Solution[] =>
            members.map(m => ({ allocation: genotypeToMatrix(space, m.genotype), objectives: toObjectives(m.point) }));
        const noBest = { time: Infinity, variance: Infinity, violations: Infinity, cost: Infinity };
        const generationLimit = Number.isFinite(settings.generations) ? settings.generations : 0;
        let last: Progress = { generation: 0, generations: generationLimit, evaluations: 0, hypervolume: 0, best: noBest, front: [], phase: 'search' };
        let lastEmit = performance.now();
        const emit = (progress: Progress) => {
            last = { ...progress, timeLeftSeconds: run.timeLeftSeconds() };
            lastEmit = performance.now();
            callbacks.onProgress?.(last);
        };
        // Progress at least once a second, from the baselines to the front's details.
        ticker = callbacks.onProgress ? setInterval(() => {
            if (performance.now() - lastEmit >= 700) {
                emit({ ...last });
            }
        }, 200) : undefined;
        // Baselines: first-fit and the file's own allocations, with the same streams.
        const baselineDefs: AllocationDef[] = [];
        const ff = firstFit(model);
        if (ff.unplaced.length === 0) {
            baselineDefs.push(ff.allocation);
        } else {
            warnings.push(`no first-fit baseline: ${ff.unplaced.map(u => `${u.component} ${u.reason}`).join('; ')}`);
        }
        baselineDefs.push(...model.allocations);
        // Simulated once the initial population is evaluated (so the first front comes first), while the
        // search goes on; they never influence the search.
        let baselinesRunning: ReturnType<typeof simulateEach> | undefined;
        const startBaselines = () => {
            baselinesRunning ??= simulateEach(evaluator!, baselineDefs, run.signal);
        };

        // The search.
        const onGeneration = (p: SearchProgress) => {
            if (callbacks.onProgress) {
                report(p);
            }
            startBaselines();
        };
        const report = (p: SearchProgress) => {
            const front = toSolutions(p.archive);
            const best = { time: Infinity, variance: Infinity, violations: Infinity, cost: Infinity };
            for (const s of front) {
                best.time = Math.min(best.time, s.objectives.time);
                best.variance = Math.min(best.variance, s.objectives.variance);
                best.violations = Math.min(best.violations, s.objectives.violations);
                best.cost = Math.min(best.cost, s.objectives.cost);
            }
            emit({ generation: p.generation, generations: generationLimit, evaluations: p.evaluations, hypervolume: p.hypervolume, best, front, phase: 'search', fidelity: p.fidelity });
        };
        const seeds = [...(ff.unplaced.length === 0 ? [ff.allocation] : []), ...model.allocations].map(a => fromAllocation(space, a));
        search = new Termination(criteria, budgetMs === undefined ? undefined : started + SEARCH_SHARE * budgetMs, run);
        const outcome = await runSearch({
            space, settings, evaluator, seeds,
            termination: search,
            finalSignal: run.signal,
            cancelSignal: callbacks.signal,
            // The analytic estimate by default when the model has processes (docs/optimizer.md "Multi-fidelity"):
            // without any, a simulation is next to free and the 16 candidates per slot only cost time (a 100 x 300
            // packing model spent minutes making its initial population); `screen: false` turns it off.
            screen: options.screen === false ? undefined : typeof options.screen === 'function' ? options.screen
                : options.screen === true || model.processes.length > 0 ? analyticScreen(model, simulation) : undefined,
            multiFidelity,
            briefCostRatio: brief ? (brief.replications * brief.horizonSeconds) / (simulation.replications * simulation.horizonSeconds) : 1,
            onGeneration,
            onEvaluation: evaluations => {
                last = { ...last, evaluations };
            }
        });
        warnings.push(...outcome.warnings);
        startBaselines();
        const baselineResults = await baselinesRunning!;
        if (baselineResults.failure && !run.signal.aborted) {
            warnings.push(`baselines not simulated: ${baselineResults.failure}`);
        } else if (baselineResults.results.some(r => r === undefined)) {
            warnings.push(`baselines not all simulated: the run was ${run.stoppedBy === 'time' ? 'out of time' : 'cancelled'}`);
        }
        const baselines: Baseline[] = [];
        baselineResults.results.forEach((simulated, i) => {
            if (simulated) {
                baselines.push(withDetails({ name: baselineDefs[i].name, allocation: toMatrix(baselineDefs[i]), objectives: simulated.objectives }, simulated));
                warnings.push(...simulated.warnings.map(w => `baseline ${simulated.allocation}: ${w}`));
            }
        });

        // Details of every front member (skipped when the run was cancelled or failed; cut at the time limit).
        let front = toSolutions(outcome.front);
        if (outcome.stoppedBy !== 'cancelled' && outcome.stoppedBy !== 'error' && front.length > 0) {
            last = { ...last, phase: 'details' };
            // Members promoted with `simulate` have theirs already (the same numbers: common random numbers).
            const missing = outcome.front.map((m, i) => outcome.details.has(m.key) ? -1 : i).filter(i => i >= 0);
            const simulated = await simulateEach(evaluator, missing.map(i => toAllocation(space, outcome.front[i].genotype)), run.signal);
            const results = outcome.front.map(m => outcome.details.get(m.key));
            missing.forEach((i, j) => { results[i] = simulated.results[j]; });
            const details = { results, failure: simulated.failure };
            front = front.map((s, i) => withDetails(s, details.results[i]));
            if (details.failure) {
                warnings.push(`details of the front not simulated: ${details.failure}`);
            } else if (details.results.some(r => r === undefined)) {
                warnings.push(`details of ${details.results.filter(r => r === undefined).length} front members not simulated: the run was out of time`);
            }
        }
        warnings.push(...(evaluator.warnings?.() ?? []));
        return {
            ...emptyResult(model, settings),
            evaluations: outcome.evaluations,
            simulations: outcome.byFidelity,
            wallSeconds: (performance.now() - started) / 1000,
            hypervolume: outcome.hypervolume,
            hypervolumeByGeneration: outcome.hypervolumeByGeneration,
            front,
            chosen: chooseSolution(front, settings.prefer, model),
            baselines,
            stoppedBy: outcome.stoppedBy,
            warnings,
            generations: outcome.generations
        };
    } finally {
        if (ticker) {
            clearInterval(ticker);
        }
        search?.dispose();
        run.dispose();
        if (owned) {
            await evaluator.close();
        }
    }
}

/**
 * Full simulations of `allocations`, each its own request (all queued at
 * once) so that a time limit or a cancel keeps those that finished; a
 * failure is returned, not thrown.
 */
async function simulateEach(evaluator: Evaluator, allocations: AllocationDef[], signal: AbortSignal): Promise<{ results: (SimulationResult | undefined)[]; failure?: string }> {
    if (signal.aborted) {
        return { results: allocations.map(() => undefined) };
    }
    const linked = linkedSignal(signal);
    const settled = await Promise.allSettled(allocations.map(a => evaluator.simulate([a], linked.signal)));
    linked.dispose();
    const results = settled.map(s => s.status === 'fulfilled' ? s.value[0] : undefined);
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed && !signal.aborted) {
        return { results, failure: failed.reason instanceof Error ? failed.reason.message : String(failed.reason) };
    }
    return { results };
}

/**
 * The analytic estimate of src/sim (createAnalyticEvaluator) as the screen,
 * when the simulator exports one and it accepts the model; else none.
 */
function analyticScreen(model: Model, simulation: SimulationSettings): Screen | undefined {
    const create = (sim as Record<string, unknown>).createAnalyticEvaluator as
        ((m: Model, s: SimulationSettings) => { evaluate: (a: AllocationDef) => Objectives }) | undefined;
    if (!create) {
        return undefined;
    }
    try {
        const estimator = create(model, simulation);
        return allocation => estimator.evaluate(allocation);
    } catch {
        return undefined;
    }
}
