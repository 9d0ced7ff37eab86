/**
 * The timed part of `npm run bench:simulator`, run in a child process: reads
 * {cases, repeat} as JSON on stdin, simulates each case `repeat` times with
 * the simulator of the source tree it was bundled from (bench/simulator.ts
 * bundles it once from the working tree and once from the pre-change
 * revision), prints one JSON line of timings. Only src/sim and src/model are
 * loaded, as a SimPy script loads only SimPy.
 */
import { readFileSync } from 'node:fs';
import type { AllocationDef, Model } from '../src/model/types.js';
import type { SimulationSettings } from '../src/sim/index.js';
import { createSimulator } from '../src/sim/index.js';

/** `timeParts`: measure the time decomposition (simulate --explain); off as in `mlops simulate --json`. The base revision ignores it. */
export interface ChildCase { name: string; model: Model; settings: SimulationSettings; allocation: AllocationDef; timeParts?: boolean }
export interface ChildTiming { name: string; events: number; customers: number; cpuSeconds: number; wallSeconds: number }

function measure(c: ChildCase, repeat: number): ChildTiming {
    // Warm-up (JIT) on a tenth of the horizon.
    createSimulator(c.model, { ...c.settings, horizonSeconds: c.settings.horizonSeconds / 10, warmupSeconds: 0 }).simulate(c.allocation);
    const sim = createSimulator(c.model, c.settings);
    let best: ChildTiming | undefined;
    for (let k = 0; k < repeat; k++) {
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        const result = sim.simulate(c.allocation, { timeParts: c.timeParts === true });
        const wallSeconds = (performance.now() - t0) / 1000;
        const cpu = process.cpuUsage(c0);
        const cpuSeconds = (cpu.user + cpu.system) / 1e6;
        const customers = result.processes.reduce((sum, p) => sum + p.runs, 0);
        if (!best || cpuSeconds < best.cpuSeconds) { best = { name: c.name, events: result.events, customers, cpuSeconds, wallSeconds }; }
    }
    return best!;
}

const input = JSON.parse(readFileSync(0, 'utf8')) as { cases: ChildCase[]; repeat: number };
console.log(JSON.stringify(input.cases.map(c => measure(c, input.repeat))));
