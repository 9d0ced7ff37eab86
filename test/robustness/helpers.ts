/**
 * Numeric robustness: a model either gets a diagnostic (with a code and a
 * location inside the document) or simulates and optimizes to finite numbers
 * in bounded time. `outcomeOf` runs the whole chain and says which happened.
 */
import type { Diagnostic } from 'vscode-languageserver';
import { loadModel } from '../../src/language/load.js';
import type { Model } from '../../src/model/types.js';
import { resolveSettings, type SettingsOverrides } from '../../src/model/settings.js';
import { createSimulator, type SimulationResult } from '../../src/sim/index.js';
import { inlineEvaluator, optimize, simulationSettings, type OptimizationResult } from '../../src/opt/index.js';
import { diagnosticProblems, nonFinitePaths } from '../fuzz/invariants.js';

export { nonFinitePaths };

/** The event budget of one replication in these tests: a runaway model stops here. */
export const EVENT_BUDGET = 50_000;

/** Settings of the tiny optimization of issue 7: population 8, generations 2, replications 2, one worker. */
export const TINY: SettingsOverrides = { population: 8, generations: 2, replications: 2, workers: 1, maxEvents: EVENT_BUDGET };

export type Outcome =
    | { kind: 'diagnostic'; codes: string[]; diagnostics: Diagnostic[] }
    | { kind: 'ran'; model: Model; simulation: SimulationResult; optimization: OptimizationResult; simulateMs: number; optimizeMs: number };

/**
 * Loads `text`; on errors checks they are well-formed and returns them; else
 * simulates the first allocation and runs the tiny optimization (on the
 * calling thread) and checks that every number in both results is finite.
 * Throws an Error that names what broke.
 */
export async function outcomeOf(text: string, overrides: SettingsOverrides = {}): Promise<Outcome> {
    const loaded = await loadModel(text);
    const broken = diagnosticProblems(text, loaded.diagnostics);
    if (broken.length > 0) {
        throw new Error(`malformed diagnostics:\n${broken.join('\n')}`);
    }
    const errors = loaded.diagnostics.filter(d => d.severity === 1);
    if (!loaded.model) {
        if (errors.length === 0) {
            throw new Error('no model and no error');
        }
        return { kind: 'diagnostic', codes: errors.map(d => (d.data as { code: string }).code), diagnostics: errors };
    }
    const model = loaded.model;
    const settings = resolveSettings(model, TINY, overrides);
    const allocation = model.allocations[0];
    if (!allocation) {
        throw new Error('the test model needs an allocation');
    }
    let started = performance.now();
    const simulation = createSimulator(model, simulationSettings(settings)).simulate(allocation);
    const simulateMs = performance.now() - started;
    const badSimulation = nonFinitePaths(simulation);
    if (badSimulation.length > 0) {
        throw new Error(`simulate() returned non-finite numbers: ${badSimulation.slice(0, 8).join(', ')}`);
    }
    started = performance.now();
    const evaluator = inlineEvaluator(createSimulator(model, simulationSettings(settings)));
    const optimization = await optimize(model, settings, {}, { evaluator });
    const optimizeMs = performance.now() - started;
    const badOptimization = nonFinitePaths(optimization);
    if (badOptimization.length > 0) {
        throw new Error(`optimize() returned non-finite numbers: ${badOptimization.slice(0, 8).join(', ')}`);
    }
    return { kind: 'ran', model, simulation, optimization, simulateMs, optimizeMs };
}

/** A one-process, one-step model with placeholders filled from `v` (defaults: an M/M/1 queue at load 0.5). */
export function template(v: Partial<Record<keyof typeof DEFAULTS, string>> = {}): string {
    const x = { ...DEFAULTS, ...v };
    return `system numeric
server node {
    cpu ${x.cpu}
    ram ${x.ram}
    price ${x.price}
    count ${x.count}
    ${x.serverExtra}
}
component service {
    idle cpu ${x.idleCpu} ram ${x.idleRam}
    startup ${x.startup}
    ${x.componentExtra}
}
step work {
    runs on service
    cpu ${x.work}
    ram ${x.stepRam}
    threads ${x.threads}
    ${x.stepExtra}
}
process requests {
    steps work
    every ${x.every}
    deadline ${x.deadline}
    weight time ${x.weightTime} variance ${x.weightVariance}
}
allocation current {
    service on node x ${x.instances}
    ${x.allocationExtra}
}
optimize {
    horizon ${x.horizon}
    warmup ${x.warmup}
    ${x.optimizeExtra}
}
`;
}

const DEFAULTS = {
    cpu: '2 GHz', ram: '8 GB', price: '0.10 EUR/h', count: '2', serverExtra: '',
    idleCpu: '0.1 GHz', idleRam: '1 GB', startup: '0 s', componentExtra: '',
    work: 'exponential(mean 1 GHz*s)', stepRam: '100 MB', threads: '1', stepExtra: '',
    every: 'exponential(mean 1 s)', deadline: '5 s', weightTime: '1', weightVariance: '1',
    instances: '1', allocationExtra: '',
    horizon: '1 h', warmup: '5 min', optimizeExtra: ''
};
