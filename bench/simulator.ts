/**
 * `npm run bench:simulator`: events per second of the simulator on an M/M/c
 * model and on examples/retail.mlops, and the same M/M/c model in SimPy
 * (bench/mmc_simpy.py, Debian's python3-simpy), compared per served customer.
 *
 * Targets (issue 3): >= 3 million events/s on one core for M/M/c, >= 20x SimPy.
 *
 * The models are parsed here; the timed simulations run in a child process
 * (this file with `--child`, the same tsx loader) that loads only src/sim and
 * src/model, as the SimPy script loads only SimPy. Loading the language layer
 * (langium and the `object.groupby` polyfill) into the measuring process made
 * the simulator about 25% slower under tsx, a cost the shipped bundles
 * (CLI, optimizer worker) do not have.
 *
 * The SimPy comparison uses the same model, horizon and count on both sides:
 * horizon 20 000 s, no warm-up, customers served (SimPy: finished by the
 * horizon; here: arrived before it, all finished after the drain: a handful
 * more, simulated to the end), CPU seconds of the run only, best of 5 each.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { AllocationDef, Model } from '../src/model/types.js';
import type { SimulationSettings } from '../src/sim/index.js';
import { createSimulator } from '../src/sim/index.js';

const C = 8, LAMBDA = 6.4, MU = 1; // rho = 0.8
const MMC = `system mmc
server node { cpu 1 GHz ram 4 GB price 1 EUR/h count ${C} }
component c { }
step s { runs on c cpu exponential(mean ${1 / MU} GHz*s) }
process p { steps s every exponential(mean ${1 / LAMBDA} s) }
allocation a { c on node x ${C} permanent }
`;
const HORIZON = 300_000;
const COMPARISON_HORIZON = 20_000;
const REPEAT = 3;
const COMPARISON_REPEAT = 5;

interface ChildInput {
    mmc: Model;
    mmcSettings: SimulationSettings;
    retail: Model;
    retailSettings: SimulationSettings;
}
interface Timing { seconds: number; wall: number }
interface ChildOutput {
    mmcEvents: number;
    simulate: Timing[];
    evaluate: Timing[];
    retailEvents: number;
    retailAllocation: string;
    retail: Timing[];
    comparisonCustomers: number;
    comparison: Timing[];
}

/** Wall and CPU seconds of `f` (the simulator is single-threaded, so CPU time is its own time even on a loaded machine). */
function timed<T>(f: () => T): { value: T } & Timing {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const value = f();
    const wall = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    return { value, wall, seconds: (c.user + c.system) / 1e6 };
}

function repeat(n: number, f: () => Timing): Timing[] {
    return Array.from({ length: n }, f);
}

function best(runs: Timing[]): Timing {
    return runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
}

/** The timed part, in the child process. */
function measure(input: ChildInput): ChildOutput {
    const { mmc, retail } = input;
    const mmcAllocation: AllocationDef = mmc.allocations[0];
    const sim = createSimulator(mmc, input.mmcSettings);
    sim.evaluate(mmcAllocation); // warm-up (JIT)
    let mmcEvents = 0;
    const simulate = repeat(REPEAT, () => {
        const t = timed(() => sim.simulate(mmcAllocation));
        mmcEvents = t.value.events;
        return t;
    });
    const evaluate = repeat(REPEAT, () => timed(() => sim.evaluate(mmcAllocation)));

    const retailSim = createSimulator(retail, input.retailSettings);
    retailSim.evaluate(retail.allocations[0]);
    let retailEvents = 0;
    const retailRuns = repeat(REPEAT, () => {
        const t = timed(() => retailSim.simulate(retail.allocations[0]));
        retailEvents = t.value.events;
        return t;
    });

    // The SimPy comparison: the same horizon as the SimPy run, no warm-up, every customer counted.
    const comparisonSim = createSimulator(mmc, { ...input.mmcSettings, horizonSeconds: COMPARISON_HORIZON, warmupSeconds: 0 });
    comparisonSim.simulate(mmcAllocation); // warm-up (JIT)
    let comparisonCustomers = 0;
    const comparison = repeat(COMPARISON_REPEAT, () => {
        const t = timed(() => comparisonSim.simulate(mmcAllocation));
        comparisonCustomers = t.value.processes[0].runs;
        return t;
    });
    return {
        mmcEvents, simulate, evaluate,
        retailEvents, retailAllocation: retail.allocations[0].name, retail: retailRuns,
        comparisonCustomers, comparison
    };
}

function runChild(input: ChildInput): ChildOutput {
    const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1], '--child'], {
        input: JSON.stringify(input), encoding: 'utf8', maxBuffer: 1 << 24
    });
    if (child.status !== 0) { throw new Error(`the measuring process failed: ${child.stderr || child.error}`); }
    return JSON.parse(child.stdout.trim().split('\n').pop()!) as ChildOutput;
}

type SimPyRun = { customers?: number; wallSeconds?: number; cpuSeconds?: number; simpy?: string; error?: string };

function simpyOnce(): SimPyRun {
    const py = spawnSync('/usr/bin/python3', ['bench/mmc_simpy.py', String(C), String(LAMBDA), String(MU), String(COMPARISON_HORIZON), '1'], { encoding: 'utf8' });
    const line = py.stdout?.trim().split('\n').pop() ?? '';
    try { return JSON.parse(line) as SimPyRun; } catch { return { error: py.error ? String(py.error) : (py.stderr || 'no output') }; }
}

function load(): string {
    return os.loadavg().map(x => x.toFixed(2)).join(' ');
}

async function main(): Promise<void> {
    console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown'}, ${os.cpus().length} cores, node ${process.version}, load average ${load()}`);
    console.log(`note: other work may share the machine; rates are per CPU second of the simulating process (best of ${REPEAT} runs; `
        + `SimPy comparison best of ${COMPARISON_REPEAT} on both sides), wall time beside.\n`);

    const { parseModel } = await import('../src/language/load.js');
    const { resolveSettings } = await import('../src/model/settings.js');
    const mmc = await parseModel(MMC);
    const retail = await parseModel(readFileSync('examples/retail.mlops', 'utf8'));
    const r = runChild({
        mmc, mmcSettings: { ...resolveSettings(mmc), horizonSeconds: HORIZON, warmupSeconds: 1000, replications: 1 },
        retail, retailSettings: { ...resolveSettings(retail), horizonSeconds: 30 * 86400, replications: 1 }
    });

    const m = best(r.simulate), e = best(r.evaluate), rr = best(r.retail), cmp = best(r.comparison);
    console.log(`M/M/${C} (rho 0.8), horizon ${HORIZON} s: ${r.mmcEvents} events`);
    console.log(`  simulate(): ${m.seconds.toFixed(3)} CPU s (${m.wall.toFixed(3)} s wall), ${(r.mmcEvents / m.seconds / 1e6).toFixed(2)} M events/s`);
    console.log(`  evaluate(): ${e.seconds.toFixed(3)} CPU s (${e.wall.toFixed(3)} s wall), ${(r.mmcEvents / e.seconds / 1e6).toFixed(2)} M events/s`);
    console.log(`examples/retail.mlops (allocation ${r.retailAllocation}, 30 days): ${r.retailEvents} events, ${rr.seconds.toFixed(3)} CPU s `
        + `(${rr.wall.toFixed(3)} s wall), ${(r.retailEvents / rr.seconds / 1e6).toFixed(2)} M events/s`);
    const ours = r.comparisonCustomers / cmp.seconds;
    console.log(`M/M/${C}, horizon ${COMPARISON_HORIZON} s, no warm-up, simulate(): ${r.comparisonCustomers} customers, ${cmp.seconds.toFixed(4)} CPU s `
        + `(${cmp.wall.toFixed(4)} s wall), ${(ours / 1e6).toFixed(2)} M customers/s`);

    const simpyRuns = Array.from({ length: COMPARISON_REPEAT }, simpyOnce);
    const simpy = simpyRuns.filter(x => x.cpuSeconds).sort((a, b) => a.cpuSeconds! - b.cpuSeconds!)[0] ?? simpyRuns[0];
    if (!simpy.customers || !simpy.cpuSeconds || !simpy.wallSeconds) {
        console.log(`SimPy: not run (${simpy.error ?? 'unknown error'}).`);
        console.log('  Install it with: apt-get update && apt-get install -y python3-simpy   (run with /usr/bin/python3)');
        return;
    }
    const simpyRate = simpy.customers / simpy.cpuSeconds;
    console.log(`SimPy ${simpy.simpy} (same M/M/${C}, horizon ${COMPARISON_HORIZON} s): ${simpy.customers} customers, ${simpy.cpuSeconds.toFixed(3)} CPU s `
        + `(${simpy.wallSeconds.toFixed(3)} s wall), ${(simpyRate / 1e3).toFixed(1)} k customers/s`);
    console.log(`ratio (customers per CPU second, simulate() vs SimPy): ${(ours / simpyRate).toFixed(1)}x`);
    console.log(`load average at the end: ${load()}`);
}

if (process.argv.includes('--child')) {
    const input = JSON.parse(readFileSync(0, 'utf8')) as ChildInput;
    console.log(JSON.stringify(measure(input)));
} else {
    main().catch(error => { console.error(error); process.exitCode = 1; });
}
