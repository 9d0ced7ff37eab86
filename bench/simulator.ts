/**
 * `npm run bench:simulator`: events per second of the simulator on an M/M/c
 * model and on examples/retail.mlops, and the same M/M/c model in SimPy
 * (bench/mmc_simpy.py, Debian's python3-simpy), compared per served customer.
 *
 * Targets (issue 3): >= 3 million events/s on one core for M/M/c, >= 20x SimPy.
 */
import 'object.groupby/auto';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { parseModel } from '../src/language/load.js';
import { resolveSettings } from '../src/model/settings.js';
import { createSimulator } from '../src/sim/index.js';

const C = 8, LAMBDA = 6.4, MU = 1; // rho = 0.8
const MMC = `system mmc
server node { cpu 1 GHz ram 4 GB price 1 EUR/h count ${C} }
component c { }
step s { runs on c cpu exponential(mean ${1 / MU} GHz*s) }
process p { steps s every exponential(mean ${1 / LAMBDA} s) }
allocation a { c on node x ${C} permanent }
`;

function best<T extends { seconds: number }>(runs: T[]): T {
    return runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
}

/** Wall and CPU seconds of `f` (the simulator is single-threaded, so CPU time is its own time even on a loaded machine). */
function timed<T>(f: () => T): { value: T; wall: number; seconds: number } {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const value = f();
    const wall = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    return { value, wall, seconds: (c.user + c.system) / 1e6 };
}

async function main(): Promise<void> {
    console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown'}, ${os.cpus().length} cores, node ${process.version}`);
    console.log('note: other work may share the machine; rates are per CPU second of this process (best of 3 runs), wall time beside.\n');

    const mmc = await parseModel(MMC);
    const horizon = 300_000;
    const settings = { ...resolveSettings(mmc), horizonSeconds: horizon, warmupSeconds: 1000, replications: 1 };
    const sim = createSimulator(mmc, settings);
    sim.evaluate(mmc.allocations[0]); // warm-up (JIT)
    const runs = [0, 1, 2].map(() => {
        const t = timed(() => sim.simulate(mmc.allocations[0]));
        return { seconds: t.seconds, wall: t.wall, events: t.value.events, runs: t.value.processes[0].runs };
    });
    const evals = [0, 1, 2].map(() => {
        const t = timed(() => sim.evaluate(mmc.allocations[0]));
        return { seconds: t.seconds, wall: t.wall };
    });
    const m = best(runs);
    const e = best(evals);
    const eventsPerSecond = m.events / m.seconds;
    const evalEventsPerSecond = m.events / e.seconds;
    // Customers arriving in the whole horizon (the counted runs exclude the warm-up).
    const customers = m.runs * horizon / (horizon - 1000);
    console.log(`M/M/${C} (rho 0.8), horizon ${horizon} s: ${m.events} events`);
    console.log(`  simulate(): ${m.seconds.toFixed(3)} CPU s (${m.wall.toFixed(3)} s wall), ${(eventsPerSecond / 1e6).toFixed(2)} M events/s, ${(customers / m.seconds / 1e6).toFixed(2)} M customers/s`);
    console.log(`  evaluate(): ${e.seconds.toFixed(3)} CPU s (${e.wall.toFixed(3)} s wall), ${(evalEventsPerSecond / 1e6).toFixed(2)} M events/s`);

    const retail = await parseModel(readFileSync('examples/retail.mlops', 'utf8'));
    const retailSettings = { ...resolveSettings(retail), horizonSeconds: 30 * 86400, replications: 1 };
    const retailSim = createSimulator(retail, retailSettings);
    retailSim.evaluate(retail.allocations[0]);
    const rr = best([0, 1, 2].map(() => {
        const t = timed(() => retailSim.simulate(retail.allocations[0]));
        return { seconds: t.seconds, wall: t.wall, events: t.value.events };
    }));
    console.log(`examples/retail.mlops (allocation ${retail.allocations[0].name}, 30 days): ${rr.events} events, ${rr.seconds.toFixed(3)} CPU s (${rr.wall.toFixed(3)} s wall), `
        + `${(rr.events / rr.seconds / 1e6).toFixed(2)} M events/s`);

    const simpyHorizon = 20_000;
    type SimPyRun = { customers?: number; wallSeconds?: number; cpuSeconds?: number; simpy?: string; error?: string };
    const simpyOnce = (): SimPyRun => {
        const py = spawnSync('/usr/bin/python3', ['bench/mmc_simpy.py', String(C), String(LAMBDA), String(MU), String(simpyHorizon), '1'], { encoding: 'utf8' });
        const line = py.stdout?.trim().split('\n').pop() ?? '';
        try { return JSON.parse(line) as SimPyRun; } catch { return { error: py.error ? String(py.error) : (py.stderr || 'no output') }; }
    };
    // Best of 3 for SimPy too, like the simulator.
    const simpyRuns = [simpyOnce(), simpyOnce(), simpyOnce()];
    const simpy = simpyRuns.filter(r => r.cpuSeconds).sort((a, b) => a.cpuSeconds! - b.cpuSeconds!)[0] ?? simpyRuns[0];
    if (!simpy.customers || !simpy.cpuSeconds || !simpy.wallSeconds) {
        console.log(`SimPy: not run (${simpy.error ?? 'unknown error'}).`);
        console.log('  Install it with: apt-get update && apt-get install -y python3-simpy   (run with /usr/bin/python3)');
        return;
    }
    const simpyRate = simpy.customers / simpy.cpuSeconds;
    const ours = customers / m.seconds;
    console.log(`SimPy ${simpy.simpy} (same M/M/${C}, horizon ${simpyHorizon} s): ${simpy.customers} customers, ${simpy.cpuSeconds.toFixed(3)} CPU s `
        + `(${simpy.wallSeconds.toFixed(3)} s wall), ${(simpyRate / 1e3).toFixed(1)} k customers/s`);
    console.log(`ratio (customers per CPU second, simulate() vs SimPy): ${(ours / simpyRate).toFixed(1)}x`);
}

main().catch(error => { console.error(error); process.exitCode = 1; });
