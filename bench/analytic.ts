/**
 * `npm run bench:analytic`: how well the analytic estimate (src/sim/analytic)
 * ranks allocations the way the simulator does, and how much cheaper it is.
 *
 * For each of three models (examples/retail.mlops, the generated 30 x 10 x 12
 * platform and the GPU-tight platform of bench/models.ts), random valid
 * allocations are drawn as the optimizer draws its initial population
 * (randomGenotype, then repair), each is estimated and simulated with the
 * same settings, and the Spearman rank correlation between the two is
 * printed per criterion (targets, issue 11: >= 0.9 for time and cost, >= 0.8
 * for violations), with the median relative error, the share of allocations
 * the estimate calls overloaded, and the time per estimate against the time
 * per simulation (CPU seconds of this process, both measured in the same run).
 * The closed-form cases (M/M/1, M/M/c, M/G/1, M/G/1-PS, tandem, one on-demand
 * instance) are checked too: largest relative error of the estimate.
 *
 * Environment: ALLOCATIONS (default 200 per model), MODELS (comma-separated
 * subset of retail,generated,gpu-tight), SEED (default 1), REFERENCE (a
 * file of JSON lines: the simulated objectives of each allocation are read
 * from it when it holds them for the same model, settings and allocation,
 * and appended to it otherwise; the simulator is deterministic, so this only
 * saves time when the estimate is changed and measured again).
 * `runAnalyticBench()` returns the figures for bench/optimizer.ts.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import type { AllocationDef, Model, ObjectiveKey } from '../src/model/types.js';
import { OBJECTIVE_KEYS } from '../src/model/types.js';
import { resolveSettings } from '../src/model/settings.js';
import { createAnalyticEvaluator, createSimulator, type SimulationResult, type SimulationSettings } from '../src/sim/index.js';
import { createSpace, genotypeKey, toAllocation } from '../src/opt/genotype.js';
import { randomGenotype } from '../src/opt/operators.js';
import { repair } from '../src/opt/repair.js';
import { Rng } from '../src/opt/rng.js';
import { generatedModelText, gpuTightModelText } from './models.js';
import { mg1MeanSojourn, mmcMeanSojourn, setupMeanSojourn, singleStation, tandem, tandemMeanSojourn } from '../test/sim/queueing-models.js';

export interface ModelFigures {
    model: string;
    allocations: number;
    settings: string;
    /** Spearman rank correlation, analytic vs simulated, per criterion. */
    spearman: Record<ObjectiveKey, number>;
    /** Median relative error |analytic - simulated| / simulated, per criterion. */
    medianRelativeError: Record<ObjectiveKey, number>;
    /** Share of the allocations the estimate calls overloaded, and the simulator stopped early (unfinished runs). */
    overloadedAnalytic: number;
    overloadedSimulated: number;
    /** Mean CPU microseconds per estimate (evaluate()) and per simulation (evaluate()). */
    microsecondsPerEstimate: number;
    microsecondsPerSimulation: number;
    /** Allocations whose simulated objectives were read from the REFERENCE file. */
    referenceFromFile: number;
}

export interface ClosedFormFigures {
    cases: { name: string; estimate: number; exact: number; relativeError: number }[];
    maxRelativeError: number;
}

/** Average ranks (ties share their mean rank). */
function ranks(values: number[]): number[] {
    const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
    const r = new Array<number>(values.length);
    for (let i = 0; i < order.length;) {
        let j = i;
        while (j + 1 < order.length && values[order[j + 1]] === values[order[i]]) { j++; }
        for (let k = i; k <= j; k++) { r[order[k]] = (i + j) / 2 + 1; }
        i = j + 1;
    }
    return r;
}

export function spearman(a: number[], b: number[]): number {
    const ra = ranks(a), rb = ranks(b);
    const n = a.length;
    const ma = ra.reduce((s, x) => s + x, 0) / n, mb = rb.reduce((s, x) => s + x, 0) / n;
    let sab = 0, saa = 0, sbb = 0;
    for (let i = 0; i < n; i++) {
        sab += (ra[i] - ma) * (rb[i] - mb);
        saa += (ra[i] - ma) ** 2;
        sbb += (rb[i] - mb) ** 2;
    }
    return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : (saa === 0 && sbb === 0 ? 1 : 0);
}

function median(values: number[]): number {
    const s = [...values].sort((x, y) => x - y);
    return s.length === 0 ? NaN : s[Math.floor((s.length - 1) / 2)];
}

function cpuMicros<T>(f: () => T): { value: T; micros: number } {
    const c0 = process.cpuUsage();
    const value = f();
    const c = process.cpuUsage(c0);
    return { value, micros: c.user + c.system };
}

/** Distinct random valid allocations, drawn like the optimizer's initial population. */
export function randomAllocations(model: Model, count: number, seed: number): AllocationDef[] {
    const space = createSpace(model);
    const rng = new Rng(seed);
    const seen = new Set<string>();
    const out: AllocationDef[] = [];
    for (let attempt = 0; out.length < count && attempt < count * 50; attempt++) {
        const g = repair(space, randomGenotype(space, rng), rng);
        if (!g) { continue; }
        const key = genotypeKey(g);
        if (seen.has(key)) { continue; }
        seen.add(key);
        out.push(toAllocation(space, g, `random${out.length + 1}`));
    }
    return out;
}

/** Simulated objectives by model, settings and allocation, kept in a file of JSON lines (REFERENCE). */
class Reference {
    private readonly known = new Map<string, { objectives: Record<ObjectiveKey, number>; unfinishedRuns: number }>();
    used = 0;

    constructor(private readonly file?: string) {
        if (file && existsSync(file)) {
            for (const line of readFileSync(file, 'utf8').split('\n')) {
                if (line.trim()) {
                    const x = JSON.parse(line) as { key: string; objectives: Record<ObjectiveKey, number>; unfinishedRuns: number };
                    this.known.set(x.key, x);
                }
            }
        }
    }

    simulate(model: string, settings: SimulationSettings, allocation: AllocationDef, run: () => SimulationResult): { objectives: Record<ObjectiveKey, number>; unfinishedRuns: number } {
        const key = JSON.stringify([model, settings, allocation.placements, allocation.limits]);
        const hit = this.known.get(key);
        if (hit) {
            this.used++;
            return hit;
        }
        const r = run();
        const entry = { objectives: r.objectives, unfinishedRuns: r.unfinishedRuns };
        this.known.set(key, entry);
        if (this.file) {
            appendFileSync(this.file, JSON.stringify({ key, ...entry }) + '\n');
        }
        return entry;
    }
}

export function compareOnModel(name: string, model: Model, settings: SimulationSettings, count: number, seed: number,
    log: (line: string) => void = () => undefined, reference = new Reference()): ModelFigures {
    const allocations = randomAllocations(model, count, seed);
    const analytic = createAnalyticEvaluator(model, settings);
    const simulator = createSimulator(model, settings);
    const est: Record<ObjectiveKey, number[]> = { time: [], variance: [], violations: [], cost: [] };
    const sim: Record<ObjectiveKey, number[]> = { time: [], variance: [], violations: [], cost: [] };
    let estMicros = 0, simMicros = 0, overA = 0, overS = 0, simulated = 0;
    // Warm up the JIT on both sides before timing.
    if (allocations.length > 0) { analytic.evaluate(allocations[0]); }
    allocations.forEach((allocation, i) => {
        const reps = 20;
        const a = cpuMicros(() => { let r = analytic.evaluate(allocation); for (let k = 1; k < reps; k++) { r = analytic.evaluate(allocation); } return r; });
        estMicros += a.micros / reps;
        const full = analytic.estimate(allocation);
        if (full.warnings.some(w => w.includes('overloaded'))) { overA++; }
        const before = reference.used;
        const s = cpuMicros(() => reference.simulate(name, settings, allocation, () => simulator.simulate(allocation)));
        if (reference.used === before) { simMicros += s.micros; simulated++; }
        if (s.value.unfinishedRuns > 0) { overS++; }
        for (const key of OBJECTIVE_KEYS) {
            est[key].push(a.value[key]);
            sim[key].push(s.value.objectives[key]);
        }
        if ((i + 1) % 25 === 0) { log(`  ${name}: ${i + 1}/${allocations.length} allocations`); }
    });
    const n = allocations.length;
    const rel = (key: ObjectiveKey) => median(est[key].map((x, i) => Math.abs(x - sim[key][i]) / Math.max(1e-12, Math.abs(sim[key][i]))));
    return {
        model: name,
        allocations: n,
        settings: `horizon ${settings.horizonSeconds} s, warmup ${settings.warmupSeconds} s, ${settings.replications} replications, keepalive ${settings.keepaliveSeconds} s`,
        spearman: { time: spearman(est.time, sim.time), variance: spearman(est.variance, sim.variance), violations: spearman(est.violations, sim.violations), cost: spearman(est.cost, sim.cost) },
        medianRelativeError: { time: rel('time'), variance: rel('variance'), violations: rel('violations'), cost: rel('cost') },
        overloadedAnalytic: overA / n,
        overloadedSimulated: overS / n,
        microsecondsPerEstimate: estMicros / n,
        microsecondsPerSimulation: simulated > 0 ? simMicros / simulated : NaN,
        referenceFromFile: n - simulated
    };
}

/** The exact cases of test/sim/analytic/closed-forms.test.ts, as figures. */
export async function closedForms(): Promise<ClosedFormFigures> {
    const { parseModel } = await import('../src/language/load.js');
    const station = (every: string, work: string, count = 1, instances = 1, componentExtra = '', permanent = true) =>
        singleStation({ every, work, count, instances, componentExtra, permanent });
    const cases: { name: string; text: string; exact: number }[] = [
        { name: 'M/M/1 mean', text: station('exponential(mean 1 s)', 'exponential(mean 0.5 GHz*s)'), exact: 1 },
        ...[[2, 0.6], [4, 0.9], [8, 0.8]].map(([c, rho]) => ({
            name: `M/M/${c} mean, load ${rho}`, text: station(`exponential(mean ${1 / (rho * c)} s)`, 'exponential(mean 1 GHz*s)', c, c),
            exact: mmcMeanSojourn(c, rho * c, 1)
        })),
        { name: 'M/D/1 mean', text: station('exponential(mean 1 s)', 'constant(0.7 GHz*s)'), exact: mg1MeanSojourn(1, 0.7, 0.49) },
        { name: 'M/G/1 lognormal cv 1.5 mean', text: station('exponential(mean 1 s)', 'lognormal(mean 0.5 GHz*s, cv 1.5)'), exact: mg1MeanSojourn(1, 0.5, 0.25 * 3.25) },
        { name: 'M/D/1-PS mean (30 instances on one machine)', text: station('exponential(mean 1 s)', 'constant(0.5 GHz*s)', 1, 30), exact: 1 },
        { name: 'M/M/1 with startup 2 s, keepalive 0 (Welch)', text: station('exponential(mean 1 s)', 'exponential(mean 0.5 GHz*s)', 1, 1, 'startup 2 s', false), exact: setupMeanSojourn(1, 0.5, 2) },
        { name: 'tandem M/M/1 -> M/M/1 mean', text: tandem([0.4, 0.5]), exact: tandemMeanSojourn([0.4, 0.5]) }
    ];
    const settings: SimulationSettings = { horizonSeconds: 20_000, warmupSeconds: 500, replications: 1, seed: 1, keepaliveSeconds: 0, maxEvents: 1e6 };
    const out: ClosedFormFigures['cases'] = [];
    for (const c of cases) {
        const model = await parseModel(c.text);
        const estimate = createAnalyticEvaluator(model, settings).evaluate(model.allocations[0]).time;
        out.push({ name: c.name, estimate, exact: c.exact, relativeError: Math.abs(estimate - c.exact) / c.exact });
    }
    return { cases: out, maxRelativeError: Math.max(...out.map(c => c.relativeError)) };
}

export interface AnalyticBenchOptions {
    allocations?: number;
    models?: string[];
    seed?: number;
    log?: (line: string) => void;
    /** File of simulated objectives to reuse and extend (REFERENCE). */
    reference?: string;
}

/** The models of the benchmark and the settings both sides use. */
export async function benchModels(names: string[]): Promise<{ name: string; model: Model; settings: SimulationSettings }[]> {
    const { parseModel } = await import('../src/language/load.js');
    const out: { name: string; model: Model; settings: SimulationSettings }[] = [];
    for (const name of names) {
        if (name === 'retail') {
            const model = await parseModel(readFileSync('examples/retail.mlops', 'utf8'));
            out.push({ name, model, settings: resolveSettings(model) });
        } else if (name === 'generated') {
            const model = await parseModel(generatedModelText());
            // Two replications of 48 h: every random allocation of this model overloads some station, and
            // one replication measures the growth of those queues with much noise (time Spearman 0.886).
            out.push({ name: 'generated 30x10x12', model, settings: { ...resolveSettings(model), horizonSeconds: 48 * 3600, warmupSeconds: 3600, replications: 2, maxEvents: 20_000_000 } });
        } else if (name === 'gpu-tight') {
            const model = await parseModel(gpuTightModelText());
            out.push({ name, model, settings: { ...resolveSettings(model), horizonSeconds: 48 * 3600, warmupSeconds: 3600, replications: 2, maxEvents: 3_000_000 } });
        } else {
            throw new Error(`unknown model ${name} (known: retail, generated, gpu-tight)`);
        }
    }
    return out;
}

export async function runAnalyticBench(options: AnalyticBenchOptions = {}): Promise<{ models: ModelFigures[]; closedForms: ClosedFormFigures }> {
    const count = options.allocations ?? 200;
    const seed = options.seed ?? 1;
    const models: ModelFigures[] = [];
    const reference = new Reference(options.reference);
    for (const m of await benchModels(options.models ?? ['retail', 'generated', 'gpu-tight'])) {
        models.push(compareOnModel(m.name, m.model, m.settings, count, seed, options.log, reference));
    }
    return { models, closedForms: await closedForms() };
}

function load(): string {
    return os.loadavg().map(x => x.toFixed(2)).join(' ');
}

async function main(): Promise<void> {
    console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown'}, ${os.cpus().length} cores, node ${process.version}, load average ${load()}`);
    const count = Number(process.env.ALLOCATIONS ?? 200);
    const models = process.env.MODELS ? process.env.MODELS.split(',') : undefined;
    const seed = Number(process.env.SEED ?? 1);
    const { models: figures, closedForms: cf } = await runAnalyticBench({ allocations: count, models, seed, log: line => console.error(line), reference: process.env.REFERENCE });
    const f2 = (x: number) => x.toFixed(3);
    const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
    console.log('\nSpearman rank correlation, analytic estimate vs simulation, on random valid allocations (targets: time, cost >= 0.9; violations >= 0.8)');
    console.log('model                 n   time  variance  violations   cost   median rel. error (time/var/viol/cost)   overloaded (est/sim)  us per estimate  us per simulation  ratio');
    for (const m of figures) {
        console.log(`${m.model.padEnd(20)} ${String(m.allocations).padStart(3)}  ${f2(m.spearman.time)}  ${f2(m.spearman.variance).padStart(8)}  ${f2(m.spearman.violations).padStart(10)}  ${f2(m.spearman.cost)}`
            + `   ${[m.medianRelativeError.time, m.medianRelativeError.variance, m.medianRelativeError.violations, m.medianRelativeError.cost].map(pct).join(' / ').padEnd(38)}`
            + `   ${pct(m.overloadedAnalytic)} / ${pct(m.overloadedSimulated)}`.padEnd(22)
            + `  ${m.microsecondsPerEstimate.toFixed(0).padStart(15)}  `
            + (Number.isFinite(m.microsecondsPerSimulation)
                ? `${m.microsecondsPerSimulation.toFixed(0).padStart(17)}  ${(m.microsecondsPerSimulation / m.microsecondsPerEstimate).toFixed(0)}x`
                : `${'(from REFERENCE)'.padStart(17)}`));
        console.log(`  settings: ${m.settings}${m.referenceFromFile > 0 ? `; simulated objectives of ${m.referenceFromFile} allocations read from ${process.env.REFERENCE}` : ''}`);
    }
    console.log(`\nclosed forms (target: within 2%): largest relative error ${pct(cf.maxRelativeError)}`);
    for (const c of cf.cases) {
        console.log(`  ${c.name.padEnd(46)} estimate ${c.estimate.toPrecision(6)}  exact ${c.exact.toPrecision(6)}  error ${pct(c.relativeError)}`);
    }
    console.log(`load average at the end: ${load()}`);
}

if (process.argv[1] && /bench[\\/]analytic\.ts$/.test(process.argv[1])) {
    main().catch(error => { console.error(error); process.exitCode = 1; });
}
