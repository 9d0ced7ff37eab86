/**
 * The optimizer (semantics.md "Optimization"): `optimize(model, settings,
 * callbacks?, options?)` searches allocations with NSGA-II, simulating them
 * on worker threads, and returns the Pareto front of (k1..k4), the chosen
 * solution, the baselines and their details. `checkFeasible(model)` says,
 * per component, why no valid allocation exists. docs/optimizer.md explains
 * the algorithm and the choices.
 */
import type { AllocationDef, Model } from '../model/types.js';
import type { RunSettings } from '../model/settings.js';
import { firstFit } from '../model/first-fit.js';
import { toMatrix } from '../model/allocation.js';
import type { SimulationResult, SimulationSettings } from '../sim/api.js';
import { createSimulator } from '../sim/index.js';
import type { Baseline, OptimizationResult, OptimizeCallbacks, Progress, Solution } from './api.js';
import { inlineEvaluator, type Evaluator } from './evaluator.js';
import { checkFeasible, type InfeasibleComponent } from './feasible.js';
import { createSpace, fromAllocation, genotypeToMatrix, toAllocation } from './genotype.js';
import { runSearch, toObjectives, type Individual, type SearchProgress } from './nsga2.js';
import { chooseSolution, emptyResult } from './result.js';
import { WorkerPool } from './pool.js';

export type { OptimizationResult, OptimizeCallbacks, Progress, Solution, Baseline, StopReason } from './api.js';
export { checkFeasible } from './feasible.js';
export type { FeasibilityReport, InfeasibleComponent } from './feasible.js';
export type { Evaluator } from './evaluator.js';
export { inlineEvaluator } from './evaluator.js';
export { defaultWorkerScript } from './pool.js';
export { upsertAllocationEdit, applyTextEdit } from '../model/allocation-edit.js';

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
        details: { processes: simulation.processes, servers: simulation.servers }
    };
}

export async function optimize(model: Model, settings: RunSettings, callbacks: OptimizeCallbacks = {}, options: OptimizeOptions = {}): Promise<OptimizationResult> {
    const started = performance.now();
    const feasibility = checkFeasible(model);
    if (!feasibility.feasible) {
        throw new InfeasibleModelError(feasibility.reasons);
    }
    const space = createSpace(model);
    const warnings: string[] = [];
    const simulation = simulationSettings(settings);
    let evaluator = options.evaluator;
    if (!evaluator) {
        try {
            evaluator = new WorkerPool(model, simulation, {
                workers: settings.workers,
                workerScript: options.workerScript,
                maxOldGenerationSizeMb: options.maxOldGenerationSizeMb
            });
        } catch (error) {
            warnings.push(`evaluating on the calling thread: ${error instanceof Error ? error.message : String(error)}`);
            evaluator = inlineEvaluator(createSimulator(model, simulation));
        }
    }
    const owned = evaluator !== options.evaluator;
    const signal = callbacks.signal ?? new AbortController().signal;
    let ticker: ReturnType<typeof setInterval> | undefined;
    try {
        // Progress at least once a second, from the baselines to the front's details.
        const toSolutions = (members: readonly Individual[]): Solution[] =>
            members.map(m => ({ allocation: genotypeToMatrix(space, m.genotype), objectives: toObjectives(m.point) }));
        const noBest = { time: Infinity, variance: Infinity, violations: Infinity, cost: Infinity };
        let last: Progress = { generation: 0, generations: settings.generations, evaluations: 0, hypervolume: 0, best: noBest, front: [] };
        let lastEmit = performance.now();
        const emit = (progress: Progress) => {
            last = progress;
            lastEmit = performance.now();
            callbacks.onProgress?.(progress);
        };
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
        let baselineResults: SimulationResult[] = [];
        try {
            baselineResults = await evaluator.simulate(baselineDefs, signal);
        } catch (error) {
            if (!signal.aborted) {
                warnings.push(`baselines not simulated: ${error instanceof Error ? error.message : String(error)}`);
            }
        }
        const baselines: Baseline[] = baselineResults.map((simulated, i) => withDetails({
            name: baselineDefs[i].name,
            allocation: toMatrix(baselineDefs[i]),
            objectives: simulated.objectives
        }, simulated));
        for (const simulated of baselineResults) {
            warnings.push(...simulated.warnings.map(w => `baseline ${simulated.allocation}: ${w}`));
        }

        // The search.
        const onGeneration = (p: SearchProgress) => {
            const front = toSolutions(p.archive);
            const best = { time: Infinity, variance: Infinity, violations: Infinity, cost: Infinity };
            for (const s of front) {
                best.time = Math.min(best.time, s.objectives.time);
                best.variance = Math.min(best.variance, s.objectives.variance);
                best.violations = Math.min(best.violations, s.objectives.violations);
                best.cost = Math.min(best.cost, s.objectives.cost);
            }
            emit({ generation: p.generation, generations: settings.generations, evaluations: p.evaluations, hypervolume: p.hypervolume, best, front });
        };
        const seeds = [...(ff.unplaced.length === 0 ? [ff.allocation] : []), ...model.allocations].map(a => fromAllocation(space, a));
        const outcome = await runSearch({
            space, settings, evaluator, seeds, signal,
            onGeneration: callbacks.onProgress ? onGeneration : undefined,
            onEvaluation: evaluations => {
                last = { ...last, evaluations };
            }
        });
        warnings.push(...outcome.warnings);

        // Details of every front member (skipped when the run was cancelled or failed).
        let front = toSolutions(outcome.front);
        if (outcome.stoppedBy !== 'cancelled' && outcome.stoppedBy !== 'error' && front.length > 0) {
            try {
                const details = await evaluator.simulate(outcome.front.map(m => toAllocation(space, m.genotype)), signal);
                front = front.map((s, i) => withDetails(s, details[i]));
            } catch (error) {
                warnings.push(`details of the front not simulated: ${error instanceof Error ? error.message : String(error)}`);
            }
        }
        return {
            ...emptyResult(model, settings),
            evaluations: outcome.evaluations,
            wallSeconds: (performance.now() - started) / 1000,
            hypervolume: outcome.hypervolume,
            hypervolumeByGeneration: outcome.hypervolumeByGeneration,
            front,
            chosen: chooseSolution(front, settings.prefer),
            baselines,
            stoppedBy: outcome.stoppedBy,
            warnings,
            generations: outcome.generations
        };
    } finally {
        if (ticker) {
            clearInterval(ticker);
        }
        if (owned) {
            await evaluator.close();
        }
    }
}
