/**
 * An analytic stand-in for the simulator: cheap, deterministic, with real
 * trade-offs (more or faster instances: less time, more cost; permanent
 * instances: no startup, more cost). Records every allocation it is asked
 * to evaluate.
 */
import type { AllocationDef, Model, Objectives } from '../../src/model/types.js';
import { OBJECTIVE_KEYS } from '../../src/model/types.js';
import type { SimulationResult, Simulator } from '../../src/sim/api.js';
import type { Evaluator } from '../../src/opt/evaluator.js';
import { Rng } from '../../src/opt/rng.js';

export function analyticObjectives(model: Model, allocation: AllocationDef): Objectives {
    const server = new Map(model.servers.map(s => [s.name, s]));
    let cost = 0;
    let time = 0;
    let spread = 0;
    for (const component of model.components) {
        const lines = allocation.placements.filter(p => p.component === component.name);
        const capacity = lines.reduce((sum, p) => sum + p.instances * server.get(p.server)!.cpuGHz, 0);
        const permanent = component.permanent || lines.some(p => p.permanent);
        cost += lines.reduce((sum, p) => sum + p.instances * server.get(p.server)!.pricePerSecond * 3600 * (permanent ? 1 : 0.6), 0);
        time += 40 / Math.max(capacity, 1e-9) + (permanent ? 0 : component.startupSeconds / 10);
        spread += lines.length;
    }
    const limits = Object.values(allocation.limits).reduce((sum, l) => sum + l, 0);
    return { time, variance: time * time / (1 + spread) + limits * 0.01, violations: Math.max(0, time - 3) * 10, cost };
}

export function analyticSimulator(model: Model): Simulator {
    const simulate = (allocation: AllocationDef): SimulationResult => {
        const objectives = analyticObjectives(model, allocation);
        return {
            allocation: allocation.name, seed: 0, replications: 1, horizon: 1, warmup: 0,
            processes: [], servers: [], objectives,
            objectivesCI: Object.fromEntries(OBJECTIVE_KEYS.map(k => [k, [objectives[k], objectives[k]]])) as SimulationResult['objectivesCI'],
            events: 0, wallSeconds: 0, warnings: [], unfinishedRuns: 0
        };
    };
    return { simulate, evaluate: a => simulate(a).objectives };
}

export interface RecordingEvaluator extends Evaluator {
    evaluated: AllocationDef[];
}

/**
 * Evaluates in batches of `parallelism`, delivering each batch's results in a
 * shuffled order after a random delay (like workers finishing in any order).
 */
export function recordingEvaluator(model: Model, options: { parallelism?: number; shuffleSeed?: number; delayMs?: number; failAfter?: number } = {}): RecordingEvaluator {
    const simulator = analyticSimulator(model);
    const rng = new Rng(options.shuffleSeed ?? 1);
    const evaluated: AllocationDef[] = [];
    const parallelism = options.parallelism ?? 1;
    const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));
    return {
        evaluated,
        parallelism,
        async evaluate(allocations, onResult, signal) {
            for (let start = 0; start < allocations.length && !signal.aborted; start += parallelism) {
                const batch = [...allocations.keys()].slice(start, start + parallelism);
                for (let i = batch.length - 1; i > 0; i--) {
                    const j = rng.int(i + 1);
                    [batch[i], batch[j]] = [batch[j], batch[i]];
                }
                for (const i of batch) {
                    if (options.delayMs !== undefined) {
                        await sleep(rng.int(options.delayMs + 1));
                    }
                    if (signal.aborted) {
                        return;
                    }
                    if (options.failAfter !== undefined && evaluated.length >= options.failAfter) {
                        throw new Error('worker 1 ran out of memory');
                    }
                    evaluated.push(allocations[i]);
                    onResult(i, simulator.evaluate(allocations[i]));
                }
            }
        },
        async simulate(allocations) {
            return allocations.map(a => simulator.simulate(a));
        },
        async close() { /* nothing */ }
    };
}
