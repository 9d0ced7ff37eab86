/**
 * `npm run bench:cloud-balancing`: the optimizer on cloud-balancing
 * instances (generate.ts, OptaPlanner generator rules, CPU and RAM only)
 * against first-fit and an LP lower bound (lp_bound.py, scipy/HiGHS).
 * Through the product's optimizer: `optimize(model, settings)` with a time
 * limit, the file's defaults otherwise, as `mlops optimize --timeout` would.
 * Figures go to docs/benchmarks.md (## Cloud balancing).
 *
 * Options: --sizes 100x300,200x600 (default: 100x300,200x600,400x1200,800x2400),
 * --limits 60,120,240,480 (seconds per size, default by size), --workers N
 * (default 2), --milp S (also a MILP incumbent within S seconds, for
 * reference), --lp-max N (LP bound only up to N processes, default 1200:
 * the LP has one variable per process and computer), --packing-only (the
 * packing local search alone, without the optimizer), --keep (write the
 * .mlops files to out/bench/), --rule strict (capacities written as they are,
 * see generate.ts; default: the reference rule, load at most capacity),
 * --seed N or --seeds 1,2,3 (the generator's seeds, default 47: other seeds
 * are other instances of the same class; each size is run with each seed).
 * Every instance's line ends with the load average when it finished.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseModel } from '../../src/language/load.js';
import { firstFit } from '../../src/model/first-fit.js';
import { resolveSettings } from '../../src/model/settings.js';
import type { Model } from '../../src/model/types.js';
import { createSpace, fromAllocation } from '../../src/opt/genotype.js';
import { optimize } from '../../src/opt/index.js';
import { improvePacking, packingSeeds, staticCost } from '../../src/opt/packing/index.js';
import { Rng } from '../../src/opt/rng.js';
import { generateCloudBalance, toMlops, type CapacityRule, type CloudInstance } from './generate.js';

const args = process.argv.slice(2);
const option = (name: string) => {
    const at = args.indexOf(name);
    return at >= 0 ? args[at + 1] : undefined;
};
const sizes = (option('--sizes') ?? '100x300,200x600,400x1200,800x2400').split(',').map(s => s.split('x').map(Number) as [number, number]);
const DEFAULT_LIMITS: Record<number, number> = { 300: 60, 600: 120, 1200: 240, 2400: 480 };
const limits = option('--limits')?.split(',').map(Number);
const workers = Number(option('--workers') ?? 2);
const milpSeconds = Number(option('--milp') ?? 0);
const lpMax = Number(option('--lp-max') ?? 1200);
const packingOnly = args.includes('--packing-only');
const keep = args.includes('--keep');
const rule: CapacityRule = option('--rule') === 'strict' ? 'strict' : 'reference';
const generatorSeeds = (option('--seeds') ?? option('--seed') ?? '47').split(',').map(Number);
const here = path.dirname(fileURLToPath(import.meta.url));
/** Debian's python3 has scipy (the `python3` on PATH may be a pyenv shim without it); PYTHON overrides. */
const PYTHON = process.env.PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');

function machine(): string {
    const cpus = os.cpus();
    return `${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, node ${process.version}, load average ${os.loadavg().map(x => x.toFixed(1)).join(' ')}`;
}

interface Bound { lp: number; milp: number | null; seconds: number }

/**
 * LP bound by lp_bound.py for the rule of the generated file: the largest
 * load a computer may carry is its capacity (reference rule) or its
 * capacity - 1 (strict rule, loads strictly below capacity, whole numbers).
 */
function lpBound(instance: CloudInstance, milp: number): Bound | string {
    const margin = rule === 'strict' ? 1 : 0;
    const input = {
        computers: instance.computers.map(c => ({ cpu: c.cpuGHz - margin, ram: c.ramGB - margin, cost: c.cost })),
        processes: instance.processes.map(p => ({ cpu: p.cpuGHz, ram: p.ramGB })),
        milpSeconds: milp
    };
    try {
        const out = execFileSync(PYTHON, [path.join(here, 'lp_bound.py')], { input: JSON.stringify(input), maxBuffer: 1 << 24 }).toString();
        const parsed = JSON.parse(out) as Bound & { error?: string };
        return parsed.error ?? parsed;
    } catch (error) {
        return `no LP bound (python3 with scipy needed): ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
    }
}

const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
const ratio = (x: number, bound: number) => (x / bound).toFixed(3);

const load = () => `load average ${os.loadavg()[0].toFixed(1)}`;

async function run(computers: number, processes: number, limitSeconds: number, generatorSeed: number): Promise<void> {
    const instance = generateCloudBalance(computers, processes, generatorSeed);
    const text = toMlops(instance, rule);
    if (keep) {
        mkdirSync('out/bench', { recursive: true });
        writeFileSync(`out/bench/${instance.name}.mlops`, text);
    }
    const model: Model = await parseModel(text);
    const space = createSpace(model);
    const ff = firstFit(model);
    const ffCost = ff.unplaced.length === 0 ? staticCost(space, fromAllocation(space, ff.allocation)) : NaN;
    console.log(`\n${computers} computers x ${processes} processes, generator seed ${generatorSeed} (limit ${limitSeconds} s, ${load()}): first-fit ${fmt(ffCost)}${ff.unplaced.length ? ` (${ff.unplaced.length} unplaced)` : ''}`);
    let ours: number;
    let seconds: number;
    const started = performance.now();
    if (packingOnly) {
        const deadline = started + limitSeconds * 1000;
        const rng = new Rng(42);
        let best = packingSeeds(space, rng, 2).reduce((a, b) => (staticCost(space, b) < staticCost(space, a) ? b : a));
        while (performance.now() < deadline - 2000) {
            best = improvePacking(space, best, rng, { iterations: 200 * processes, shouldStop: () => performance.now() > deadline });
        }
        ours = staticCost(space, best);
        seconds = (performance.now() - started) / 1000;
        console.log(`  packing local search alone: ${fmt(ours)} in ${seconds.toFixed(1)} s, ${load()}`);
    } else {
        const settings = resolveSettings(model, { timeoutSeconds: limitSeconds, workers });
        const result = await optimize(model, settings);
        seconds = (performance.now() - started) / 1000;
        ours = Math.min(...result.front.map(s => s.objectives.cost));
        const chosen = result.front[result.chosen]?.objectives.cost ?? NaN;
        console.log(`  optimizer: best cost ${fmt(ours)}, chosen ${fmt(chosen)}, ${seconds.toFixed(1)} s wall, ${result.evaluations} evaluations, `
            + `${result.generations ?? '?'} generations, stopped by ${result.stoppedBy}, ${load()}${result.warnings.length ? `, warnings: ${result.warnings.slice(0, 2).join('; ')}` : ''}`);
    }
    console.log(`  vs first-fit: ${ratio(ours, ffCost)}`);
    if (processes > lpMax) {
        console.log(`  LP bound: skipped (over --lp-max ${lpMax} processes)`);
        return;
    }
    const bound = lpBound(instance, milpSeconds);
    if (typeof bound === 'string') {
        console.log(`  ${bound}`);
        return;
    }
    console.log(`  LP bound ${fmt(bound.lp)} (${bound.seconds.toFixed(0)} s); ours / LP ${ratio(ours, bound.lp)}, first-fit / LP ${ratio(ffCost, bound.lp)}`
        + (bound.milp !== null && bound.milp !== undefined ? `; MILP incumbent in ${milpSeconds} s: ${fmt(bound.milp)} (${ratio(bound.milp, bound.lp)})` : ''));
}

console.log(`cloud balancing benchmark — ${machine()}`);
console.log(`workers ${workers}, generator seeds ${generatorSeeds.join(', ')}, ${rule} capacity rule${packingOnly ? ', packing local search alone' : ', through optimize()'}`);
for (const [k, [computers, processes]] of sizes.entries()) {
    for (const generatorSeed of generatorSeeds) {
        await run(computers, processes, limits?.[k] ?? DEFAULT_LIMITS[processes] ?? 120, generatorSeed);
    }
}
