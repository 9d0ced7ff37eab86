/**
 * `npm run bench:optimizer`: wall time, evaluations per second and
 * hypervolume of the optimizer on examples/retail.mlops (the file's own
 * settings) and on a generated large model (20 components, 8 server kinds);
 * the event-loop delay of the calling thread while it runs, and how long a
 * cancel takes to return. Figures go to docs/benchmarks.md (## Optimizer).
 *
 * Options: --workers N (default: one per core), --skip-large, --skip-retail,
 * --skip-quality (the NSGA-II vs random-search comparison on the enumerable
 * model of test/opt/models.ts).
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseModel } from '../src/language/load.js';
import { resolveSettings } from '../src/model/settings.js';
import { OBJECTIVE_KEYS, type Model } from '../src/model/types.js';
import { inlineEvaluator, optimize, simulationSettings, type OptimizationResult } from '../src/opt/index.js';
import { createSimulator } from '../src/sim/index.js';
import { createSpace, genotypeKey, toAllocation } from '../src/opt/genotype.js';
import { randomGenotype } from '../src/opt/operators.js';
import { repair } from '../src/opt/repair.js';
import { Rng } from '../src/opt/rng.js';
import { nonDominated, normalizationOf, normalizedHypervolume } from '../src/opt/pareto.js';
import { enumerateSpace } from '../test/opt/enumerate.js';
import { SMALL } from '../test/opt/models.js';

const args = process.argv.slice(2);
const workersArg = args.indexOf('--workers');
const workers = workersArg >= 0 ? Number(args[workersArg + 1]) : 0;

function machine(): string {
    const cpus = os.cpus();
    return `${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, node ${process.version}, load average ${os.loadavg().map(x => x.toFixed(1)).join(' ')}`;
}

/** 20 components, 8 server kinds (2 with GPUs), 6 processes of 2-4 steps. Deterministic. */
export function largeModel(): Model {
    const servers = Array.from({ length: 8 }, (_, s) => ({
        name: `kind${s}`,
        cpuGHz: 16 + 8 * (s % 4),
        gpuTOPS: s >= 6 ? 200 + 100 * (s - 6) : 0,
        ramMB: 32_000 * (1 + (s % 3)),
        netInMbps: null, netOutMbps: null,
        pricePerSecond: (0.5 + s * 0.4 + (s >= 6 ? 6 : 0)) / 3600,
        count: 2 + (s % 3)
    }));
    const components = Array.from({ length: 20 }, (_, c) => ({
        name: `comp${c}`,
        idleCpuGHz: 0.2 + (c % 5) * 0.3,
        idleRamMB: 500 + (c % 4) * 1500,
        permanent: c % 7 === 0,
        startupSeconds: 2 + (c % 6) * 5
    }));
    const steps = components.map((component, c) => ({
        name: `step${c}`,
        component: component.name,
        cpuWorkGHzSeconds: { kind: 'exponential' as const, mean: 5 + (c % 6) * 8 },
        gpuWorkTOPSSeconds: c % 10 === 9 ? { kind: 'exponential' as const, mean: 400 } : null,
        ramMB: 256 + (c % 3) * 1024,
        netInMbps: 0, netOutMbps: 0,
        threads: 1 + (c % 3)
    }));
    const processes = Array.from({ length: 6 }, (_, p) => {
        const length = 2 + (p % 3);
        const chain = Array.from({ length }, (_, i) => steps[(p * 3 + i * 7) % steps.length].name);
        return {
            name: `process${p}`,
            steps: [...new Set(chain)],
            everySeconds: { kind: 'exponential' as const, mean: 30 + 20 * p },
            deadlineSeconds: 60 + 30 * p,
            weightTime: 1, weightVariance: 0.1
        };
    });
    // Every step appears in some process.
    processes[5].steps = [...new Set([...processes[5].steps, ...steps.map(s => s.name).filter(n => !processes.some(p => p.steps.includes(n)))])];
    return {
        system: 'large', currency: 'EUR', servers, components, steps, processes, allocations: [],
        optimize: { horizonSeconds: 2 * 3600, warmupSeconds: 600, replications: 2, population: 40, generations: 15, seed: 1 }
    };
}

async function run(name: string, model: Model): Promise<OptimizationResult> {
    const settings = resolveSettings(model, workers > 0 ? { workers } : {});
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    let progressCalls = 0;
    let maxProgressGapMs = 0;
    let lastProgress = performance.now();
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const result = await optimize(model, settings, {
        onProgress: () => {
            const now = performance.now();
            maxProgressGapMs = Math.max(maxProgressGapMs, now - lastProgress);
            lastProgress = now;
            progressCalls++;
        }
    });
    const wall = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    delay.disable();
    const ff = result.baselines.find(b => b.name === 'first-fit');
    const chosen = result.front[result.chosen];
    console.log(`\n${name}: population ${settings.population}, generations ${settings.generations}, replications ${settings.replications}, `
        + `horizon ${settings.horizonSeconds / 3600} h, workers ${settings.workers || os.availableParallelism()}`);
    console.log(`  wall ${wall.toFixed(1)} s, ${result.evaluations} evaluations (${(result.evaluations / wall).toFixed(1)} /s incl. baselines and details), `
        + `${result.generations} generations, stopped by ${result.stoppedBy}`);
    console.log(`  CPU time of the process (all threads) ${cpuSeconds.toFixed(1)} s: ${(1000 * cpuSeconds / Math.max(1, result.evaluations)).toFixed(1)} ms per evaluation; `
        + `on ${os.availableParallelism()} idle cores that is about ${(cpuSeconds / os.availableParallelism()).toFixed(1)} s of wall time`);
    console.log(`  hypervolume ${result.hypervolume.toFixed(4)}, front ${result.front.length}, hypervolume by generation ${result.hypervolumeByGeneration.map(h => h.toFixed(3)).join(' ')}`);
    console.log(`  calling thread: event-loop delay p50 ${(delay.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms, `
        + `max ${(delay.max / 1e6).toFixed(1)} ms; ${progressCalls} progress calls, largest gap ${(maxProgressGapMs / 1000).toFixed(2)} s`);
    if (chosen && ff) {
        console.log(`  chosen vs first-fit: ${OBJECTIVE_KEYS.map(k => `${k} ${chosen.objectives[k].toPrecision(4)} vs ${ff.objectives[k].toPrecision(4)}`).join(', ')}`);
    }
    if (result.warnings.length > 0) {
        console.log(`  warnings: ${result.warnings.slice(0, 3).join(' | ')}${result.warnings.length > 3 ? ` (+${result.warnings.length - 3})` : ''}`);
    }
    return result;
}

async function cancelLatency(model: Model): Promise<void> {
    const settings = resolveSettings(model, { generations: 1000, ...(workers > 0 ? { workers } : {}) });
    const controller = new AbortController();
    let abortedAt = 0;
    setTimeout(() => { abortedAt = performance.now(); controller.abort(); }, 3000);
    const result = await optimize(model, settings, { signal: controller.signal });
    console.log(`\ncancel after 3 s: returned ${((performance.now() - abortedAt) / 1000).toFixed(3)} s after abort, stopped by ${result.stoppedBy}, front ${result.front.length}`);
}

/**
 * Search quality where the true front is known: the enumerable model of the
 * tests, NSGA-II against random search (valid random genotypes) with the same
 * evaluation budgets, hypervolume as a fraction of the true front's (true
 * front normalization), 5 seeds each.
 */
async function quality(): Promise<void> {
    const model = await parseModel(SMALL);
    const space = createSpace(model);
    const all = enumerateSpace(space);
    const base = resolveSettings(model);
    const simulator = createSimulator(model, simulationSettings(base));
    const truth = new Map(all.map(g => {
        const o = simulator.evaluate(toAllocation(space, g));
        return [genotypeKey(g), OBJECTIVE_KEYS.map(k => o[k])] as const;
    }));
    const points = [...truth.values()];
    const norm = normalizationOf(nonDominated(points).map(i => points[i]));
    const trueHv = normalizedHypervolume(nonDominated(points).map(i => points[i]), norm);
    console.log(`\nsearch quality on the enumerable test model (${all.length} valid allocations, true front ${nonDominated(points).length} points):`);
    console.log('  budget  NSGA-II HV/true (min / mean over 5 seeds)  random search HV/true (min / mean)');
    for (const fraction of [0.02, 0.05, 0.10, 0.15]) {
        const budget = Math.floor(fraction * all.length);
        const ga: number[] = [];
        const random: number[] = [];
        for (let seed = 1; seed <= 5; seed++) {
            // The evaluator keeps the model's seed (same streams as the truth); `seed` only drives the search here.
            const varied = await optimize(model, resolveSettings(model, { evaluations: budget, generations: 10_000, seed }),
                {}, { evaluator: inlineEvaluator(simulator) });
            ga.push(normalizedHypervolume(varied.front.map(x => OBJECTIVE_KEYS.map(k => x.objectives[k])), norm) / trueHv);
            const rng = new Rng(seed);
            const seen = new Set<string>();
            for (let attempt = 0; seen.size < budget && attempt < budget * 100; attempt++) {
                const g = repair(space, randomGenotype(space, rng), rng);
                if (g) {
                    seen.add(genotypeKey(g));
                }
            }
            const sample = [...seen].map(key => truth.get(key)!);
            random.push(normalizedHypervolume(nonDominated(sample).map(i => sample[i]), norm) / trueHv);
        }
        const stats = (xs: number[]) => `${Math.min(...xs).toFixed(4)} / ${(xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(4)}`;
        console.log(`  ${(fraction * 100).toFixed(0).padStart(3)}% (${budget})  ${stats(ga).padEnd(40)}  ${stats(random)}`);
    }
}

console.log(`optimizer benchmark on ${machine()}`);
if (!args.includes('--skip-quality')) {
    await quality();
}
if (!args.includes('--skip-retail')) {
    const retail = await parseModel(readFileSync('examples/retail.mlops', 'utf8'));
    await run('examples/retail.mlops (its own optimize block)', retail);
    await cancelLatency(retail);
}
if (!args.includes('--skip-large')) {
    await run('generated large model (20 components, 8 server kinds)', largeModel());
}
console.log(`\nload average at the end: ${os.loadavg().map(x => x.toFixed(1)).join(' ')}`);
