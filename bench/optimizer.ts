/**
 * `npm run bench:optimizer`: the optimizer's figures of issue 11 ("What it
 * must show"), printed with the machine they ran on; docs/benchmarks.md
 * records them (## Optimizer).
 *
 * Parts (all by default; `--only a,b` or `--skip a,b` to choose):
 * - enumerable: hard enumerable models (>= 5,000 valid allocations, random
 *   search < 0.75 of the true hypervolume at 2%): the optimizer at a 2%
 *   budget, 5 seeds (bench/optimizer-enumerable.ts);
 * - generated: the generated 30 x 10 x 12 model at equal wall time: the
 *   optimizer with its defaults (or --seconds N), then random search and a
 *   first-fit hill climber each for the optimizer's wall time on the same
 *   full settings; every method's front re-simulated on held-out streams;
 *   share of the union front's hypervolume; the chosen solution's cost and
 *   time across 5 seeds (--seeds N), on each run's own streams (what the
 *   run reports) and re-simulated on common held-out streams (the choice
 *   itself), beside the spread of one fixed allocation (the first run's
 *   chosen one) across the same seeds' streams: the measurement's own noise; --model-seeds 1,2,3 runs
 *   it on several generated instances;
 * - brief: on the generated model, how the brief fidelity ranks time
 *   against the full simulation on each front's good region, counting a
 *   process the brief window did not see as 0 or with the analytic estimate
 *   (bench/optimizer-brief.ts; search seeds 1..min(--seeds, 3));
 * - retail: examples/retail.mlops with its own settings on 2 workers: wall
 *   time, event-loop delay of the calling thread, cancel latency;
 * - scoring: a 20 requests/s scoring model with no optimize block: time to
 *   the first front, total wall time, the chosen allocation's scoring
 *   violations;
 * - analytic, packing: `npm run bench:analytic` and the cloud-balancing
 *   bench, when those scripts exist.
 * Other options: --model-seeds 1,2,3 (generator seeds of the generated part, default 1), --workers N (default 2 for retail and scoring, else one per core).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseModel } from '../src/language/load.js';
import { resolveSettings } from '../src/model/settings.js';
import { fromMatrix } from '../src/model/allocation.js';
import { OBJECTIVE_KEYS, type AllocationDef, type Model } from '../src/model/types.js';
import { createSpace, toAllocation } from '../src/opt/genotype.js';
import { optimize, simulationSettings, type OptimizationResult, type OptimizeOptions } from '../src/opt/index.js';
import type { Screen } from '../src/opt/search/evaluation.js';
import { effectiveSettings } from '../src/opt/search/fidelity.js';
import { WorkerPool } from '../src/opt/pool.js';
import { nonDominated, normalizationOf, normalizedHypervolume } from '../src/opt/pareto.js';
import { enumerablePart } from './optimizer-enumerable.js';
import { briefPart } from './optimizer-brief.js';
import { hillClimber, randomSearch } from './optimizer-compare.js';
import { generatedModelText, scoringModelText } from './models.js';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
};
const PARTS = ['enumerable', 'generated', 'brief', 'retail', 'scoring', 'analytic', 'packing'] as const;
const only = option('only')?.split(',');
const skip = option('skip')?.split(',') ?? [];
const wanted = (part: typeof PARTS[number]) => (only ? only.includes(part) : true) && !skip.includes(part);
const workersOption = option('workers');
const seeds = Number(option('seeds') ?? 5);
const secondsOption = option('seconds');
/** Generator seeds of the generated model (bench/models.ts), e.g. `--model-seeds 1,2,3`: the class of models, not one file. */
const modelSeeds = (option('model-seeds') ?? '1').split(',').map(Number);

function machine(): string {
    const cpus = os.cpus();
    return `${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, node ${process.version}, load average ${os.loadavg().map(x => x.toFixed(1)).join(' ')}`;
}

/** The analytic estimate as a screen, when the simulator exports one (helper `analytic`'s createAnalyticEvaluator). */
async function analyticScreen(): Promise<((m: Model) => Screen | undefined) | undefined> {
    const sim = await import('../src/sim/index.js') as Record<string, unknown>;
    const create = sim.createAnalyticEvaluator as ((m: Model, s: ReturnType<typeof simulationSettings>) => { evaluate: Screen }) | undefined;
    if (!create) {
        return undefined;
    }
    return m => {
        const estimator = create(m, simulationSettings(effectiveSettings(m, resolveSettings(m))));
        return allocation => estimator.evaluate(allocation);
    };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const spread = (xs: number[]) => (Math.max(...xs) - Math.min(...xs)) / Math.max(1e-12, Math.abs(mean(xs)));
const points = (r: OptimizationResult) => r.front.map(s => OBJECTIVE_KEYS.map(k => s.objectives[k]));

/** CPU seconds of the process (all threads: the calling thread and the evaluation workers) since `from`. */
const cpuSince = (from: NodeJS.CpuUsage) => {
    const used = process.cpuUsage(from);
    return (used.user + used.system) / 1e6;
};

/**
 * The same allocations re-simulated with the same full settings and one
 * held-out seed for every method: a method that evaluated many allocations
 * on the search's streams keeps those whose noise happened to favour them
 * (optimistic bias growing with the evaluation count); on fresh streams every
 * method's front is judged alike.
 */
async function reevaluate(model: Model, settings: ReturnType<typeof effectiveSettings>, workers: number, seed: number,
    allocations: AllocationDef[]): Promise<number[][]> {
    const pool = new WorkerPool(model, simulationSettings({ ...settings, seed }), { workers });
    const out: number[][] = allocations.map(() => OBJECTIVE_KEYS.map(() => Infinity));
    try {
        await pool.evaluate(allocations, (i, o) => { out[i] = OBJECTIVE_KEYS.map(k => o[k]); }, new AbortController().signal);
    } finally {
        await pool.close();
    }
    return out;
}

/** Seed of the held-out streams of the re-evaluation (far from the search seeds 1..N). */
const HELD_OUT_SEED = 1_000_003;

async function generatedPart(modelSeed: number, options: OptimizeOptions): Promise<void> {
    const model = await parseModel(generatedModelText({ seed: modelSeed }));
    const space = createSpace(model);
    const workers = workersOption ? Number(workersOption) : 0;
    const base = resolveSettings(model, { workers, ...(secondsOption ? { timeoutSeconds: Number(secondsOption) } : {}) });
    const settings = effectiveSettings(model, base);
    console.log(`\ngenerated 30 x 10 x 12 model (generator seed ${modelSeed}), ${seeds} seeds; the optimizer with its defaults (budget ${settings.timeoutSeconds} s), then the hill climber `
        + `and random search for the optimizer's wall time each; full settings: horizon ${Math.round(settings.horizonSeconds)} s `
        + `(warmup ${Math.round(settings.warmupSeconds)} s) x ${settings.replications} replications, workers ${workers || os.availableParallelism()}; `
        + `every front re-simulated on held-out streams (seed ${HELD_OUT_SEED}) before the hypervolume`);
    const shares: Record<'search' | 'heldOut', { ours: number; climber: number; random: number }[]> = { search: [], heldOut: [] };
    const chosen: { cost: number; time: number; violations: number }[] = [];
    const chosenHeldOut: number[][] = [];
    /** The first run's chosen allocation, simulated with each seed's streams: how much one allocation's criteria move with the streams alone. */
    let firstChosen: AllocationDef | undefined;
    for (let seed = 1; seed <= seeds; seed++) {
        const load = os.loadavg()[0];
        let cpu = process.cpuUsage();
        const started = performance.now();
        let firstFront: number | undefined;
        let firstGeneration: number | undefined;
        const result = await optimize(model, { ...base, seed }, {
            onProgress: p => {
                const at = (performance.now() - started) / 1000;
                firstFront ??= p.front.length > 0 ? at : undefined;
                firstGeneration ??= p.generation >= 1 ? at : undefined;
            }
        }, options);
        const oursCpu = cpuSince(cpu);
        const wall = result.wallSeconds;
        const c = result.front[result.chosen]?.objectives;
        if (c) {
            chosen.push({ cost: c.cost, time: c.time, violations: c.violations });
        }
        if (result.stoppedBy === 'error') {
            console.log(`  seed ${seed}: the optimizer stopped with an error: ${result.warnings.filter(w => /fail|error|crash|memory/i.test(w)).join(' | ')}`);
        }
        const pool = new WorkerPool(model, simulationSettings({ ...settings, seed }), { workers });
        cpu = process.cpuUsage();
        const climber = await hillClimber(model, pool, wall, seed);
        const climberCpu = cpuSince(cpu);
        cpu = process.cpuUsage();
        const random = await randomSearch(model, pool, wall, seed);
        const randomCpu = cpuSince(cpu);
        await pool.close();
        const fronts = { ours: points(result), climber: climber.front, random: random.front };
        const unionShares = (f: Record<'ours' | 'climber' | 'random', number[][]>) => {
            const union = [...f.ours, ...f.climber, ...f.random].filter(p => p.every(Number.isFinite));
            const unionFront = nonDominated(union).map(i => union[i]);
            const norm = normalizationOf(unionFront);
            const hv = (ps: number[][]) => ps.length === 0 ? 0 : normalizedHypervolume(ps.filter(p => p.every(Number.isFinite)), norm);
            const total = hv(unionFront);
            return { ours: hv(f.ours) / total, climber: hv(f.climber) / total, random: hv(f.random) / total };
        };
        const onSearch = unionShares(fronts);
        const allocations = [
            ...result.front.map(s => fromMatrix(model, s.allocation)),
            ...climber.genotypes.map(g => toAllocation(space, g)),
            ...random.genotypes.map(g => toAllocation(space, g))];
        const checked = await reevaluate(model, settings, workers, HELD_OUT_SEED, allocations);
        const n1 = result.front.length, n2 = climber.front.length;
        if (c) {
            chosenHeldOut.push(checked[result.chosen]);
        }
        if (c && !firstChosen) {
            firstChosen = fromMatrix(model, result.front[result.chosen].allocation);
        }
        const heldOut = unionShares({ ours: checked.slice(0, n1), climber: checked.slice(n1, n1 + n2), random: checked.slice(n1 + n2) });
        shares.search.push(onSearch);
        shares.heldOut.push(heldOut);
        const f3 = (x: number) => x.toFixed(3);
        console.log(`  seed ${seed} (load ${load.toFixed(1)}): wall ${wall.toFixed(1)} s each; share of the union hypervolume on held-out streams `
            + `(on the search's streams): optimizer ${f3(heldOut.ours)} (${f3(onSearch.ours)}), hill climber ${f3(heldOut.climber)} (${f3(onSearch.climber)}), `
            + `random ${f3(heldOut.random)} (${f3(onSearch.random)})`);
        console.log(`    optimizer: ${result.evaluations} simulations (${result.simulations?.brief ?? 0} brief, ${result.simulations?.full ?? result.evaluations} full), `
            + `front ${result.front.length}, CPU ${oursCpu.toFixed(1)} s, first front after ${firstFront?.toFixed(1) ?? '-'} s, `
            + `generation 1 done after ${firstGeneration?.toFixed(1) ?? '-'} s, stopped by ${result.stoppedBy}; hill climber: ${climber.evaluations} full, front ${climber.front.length}, `
            + `CPU ${climberCpu.toFixed(1)} s; random: ${random.evaluations} full, front ${random.front.length}, CPU ${randomCpu.toFixed(1)} s`);
        const ours = checked.slice(0, n1);
        const missed = checked.slice(n1).filter(p => p.every(Number.isFinite) && !ours.some(q => q.every((x, k) => x <= p[k])));
        console.log(`    held-out points of the other methods that no point of the optimizer's front weakly dominates: ${missed.length}`
            + (missed.length > 0 ? ` (e.g. ${missed.slice(0, 3).map(p => p.map(x => x.toPrecision(3)).join(' / ')).join('; ')})` : ''));
        console.log(`    chosen: cost ${c?.cost.toPrecision(4)} time ${c?.time.toPrecision(4)} violations ${c?.violations.toPrecision(3)} `
            + `(held-out: ${c ? `${checked[result.chosen][3].toPrecision(4)} / ${checked[result.chosen][0].toPrecision(4)} / ${checked[result.chosen][2].toPrecision(3)}` : '-'}); `
            + `best on each front (time / violations / cost): optimizer ${best(fronts.ours)}, hill climber ${best(fronts.climber)}, random ${best(fronts.random)}`);
    }
    for (const [name, list] of [['held-out streams', shares.heldOut], ["search's streams", shares.search]] as const) {
        console.log(`  mean share of the union hypervolume (${name}): optimizer ${mean(list.map(s => s.ours)).toFixed(3)} `
            + `(min ${Math.min(...list.map(s => s.ours)).toFixed(3)}), hill climber ${mean(list.map(s => s.climber)).toFixed(3)}, random ${mean(list.map(s => s.random)).toFixed(3)}`);
    }
    const fixed: number[][] = [];
    for (let seed = 1; seed <= seeds && firstChosen; seed++) {
        fixed.push(...await reevaluate(model, settings, workers, seed, [firstChosen]));
    }
    const pct = (xs: number[]) => `${(100 * spread(xs)).toFixed(1)}%`;
    console.log(`  chosen solution across seeds ((max - min) / mean): on each run's own streams (as reported) cost spread ${pct(chosen.map(c => c.cost))}, `
        + `time spread ${pct(chosen.map(c => c.time))}; the same allocations on common held-out streams: cost ${pct(chosenHeldOut.map(p => p[3]))}, `
        + `time ${pct(chosenHeldOut.map(p => p[0]))}; the first run's chosen allocation (one fixed allocation) on the ${fixed.length} seeds' own streams: `
        + `cost ${pct(fixed.map(p => p[3]))}, time ${pct(fixed.map(p => p[0]))} (the streams' own noise)`);
}

/** The best time, violations and cost on a front. */
function best(front: number[][]): string {
    const min = (k: number) => Math.min(...front.map(p => p[k]));
    return front.length === 0 ? '-' : `${min(0).toPrecision(4)} / ${min(2).toPrecision(3)} / ${min(3).toPrecision(4)}`;
}

async function retailPart(options: OptimizeOptions): Promise<void> {
    const workers = Number(workersOption ?? 2);
    const model = await parseModel(readFileSync('examples/retail.mlops', 'utf8'));
    const settings = resolveSettings(model, { workers });
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const cpuBefore = process.cpuUsage();
    const result = await optimize(model, settings, {}, options);
    const cpu = process.cpuUsage(cpuBefore);
    delay.disable();
    const ff = result.baselines.find(b => b.name === 'first-fit');
    const chosen = result.front[result.chosen];
    console.log(`\nexamples/retail.mlops, its own settings, ${workers} workers: wall ${result.wallSeconds.toFixed(1)} s `
        + `(CPU of the process, all threads ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s), ${result.evaluations} simulations `
        + `(${result.simulations?.brief ?? 0} brief, ${result.simulations?.full ?? 0} full), ${result.generations} generations, stopped by ${result.stoppedBy}, `
        + `front ${result.front.length}, hypervolume ${result.hypervolume.toFixed(4)}`);
    console.log(`  calling thread: event-loop delay p50 ${(delay.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms, max ${(delay.max / 1e6).toFixed(1)} ms`);
    if (chosen && ff) {
        console.log(`  chosen vs first-fit: ${OBJECTIVE_KEYS.map(k => `${k} ${chosen.objectives[k].toPrecision(4)} vs ${ff.objectives[k].toPrecision(4)}`).join(', ')}`);
    }
    const controller = new AbortController();
    let abortedAt = 0;
    setTimeout(() => { abortedAt = performance.now(); controller.abort(); }, 3000);
    const cancelled = await optimize(model, resolveSettings(model, { workers, generations: 1000 }), { signal: controller.signal }, options);
    console.log(`  cancel after 3 s: returned ${((performance.now() - abortedAt) / 1000).toFixed(3)} s after abort, stopped by ${cancelled.stoppedBy}, front ${cancelled.front.length}`);
}

async function scoringPart(options: OptimizeOptions): Promise<void> {
    const workers = Number(workersOption ?? 2);
    const model = await parseModel(scoringModelText(20));
    const settings = resolveSettings(model, { workers });
    const effective = effectiveSettings(model, settings);
    const started = performance.now();
    let firstFront: number | undefined;
    const result = await optimize(model, settings, {
        onProgress: p => {
            if (firstFront === undefined && p.front.length > 0) {
                firstFront = (performance.now() - started) / 1000;
            }
        }
    }, options);
    const chosen = result.front[result.chosen];
    const scoring = chosen?.details?.processes.find(p => p.name === 'scoring');
    const current = result.baselines.find(b => b.name === 'current')?.details?.processes.find(p => p.name === 'scoring');
    console.log(`\n20 requests/s scoring model, no optimize block (defaults: horizon ${effective.horizonSeconds} s, warmup ${effective.warmupSeconds} s, `
        + `${effective.replications} replications, budget ${effective.timeoutSeconds} s), ${workers} workers:`);
    console.log(`  first front after ${firstFront?.toFixed(1) ?? 'never'} s, done after ${result.wallSeconds.toFixed(1)} s (stopped by ${result.stoppedBy}), `
        + `${result.evaluations} simulations (${result.simulations?.brief ?? 0} brief, ${result.simulations?.full ?? 0} full), front ${result.front.length}`);
    if (scoring) {
        console.log(`  chosen allocation: scoring violations ${(100 * scoring.violations / Math.max(1, scoring.runs)).toFixed(2)}% of ${scoring.runs} runs `
            + `(file's allocation 'current': ${current ? (100 * current.violations / Math.max(1, current.runs)).toFixed(2) : '?'}%), `
            + `cost ${chosen!.objectives.cost.toPrecision(4)}/h, time ${chosen!.objectives.time.toPrecision(4)} s`);
    }
    if (result.warnings.length > 0) {
        console.log(`  warnings: ${result.warnings.slice(0, 2).join(' | ')}${result.warnings.length > 2 ? ` (+${result.warnings.length - 2})` : ''}`);
    }
}

function runScript(name: string): void {
    const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
    if (!scripts[name]) {
        console.log(`\n(npm run ${name}: no such script yet, skipped)`);
        return;
    }
    console.log(`\nnpm run ${name}:`);
    spawnSync('npm', ['run', '--silent', name], { stdio: 'inherit' });
}

console.log(`optimizer benchmark on ${machine()}`);
const screenFor = await analyticScreen();
const optimizeOptions = (m?: Model): OptimizeOptions => ({ screen: m && screenFor ? screenFor(m) ?? false : false });
console.log(`analytic screen: ${screenFor ? 'yes (src/sim/analytic)' : 'not available'}`);
if (wanted('enumerable')) {
    await enumerablePart(seeds, screenFor);
}
if (wanted('generated')) {
    for (const modelSeed of modelSeeds) {
        await generatedPart(modelSeed, optimizeOptions(await parseModel(generatedModelText({ seed: modelSeed }))));
    }
}
if (wanted('brief')) {
    await briefPart(Array.from({ length: Math.min(seeds, 3) }, (_, i) => i + 1), optimizeOptions(await parseModel(generatedModelText({ seed: 1 }))));
}
if (wanted('retail')) {
    await retailPart(optimizeOptions(await parseModel(readFileSync('examples/retail.mlops', 'utf8'))));
}
if (wanted('scoring')) {
    await scoringPart(optimizeOptions(await parseModel(scoringModelText(20))));
}
if (wanted('analytic')) {
    runScript('bench:analytic');
}
if (wanted('packing')) {
    runScript('bench:cloud-balancing');
}
console.log(`\nload average at the end: ${os.loadavg().map(x => x.toFixed(1)).join(' ')}`);
