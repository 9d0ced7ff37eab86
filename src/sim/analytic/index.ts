/**
 * The analytic estimate (docs/semantics.md, "The analytic estimate"): the
 * simulator's criteria k1..k4 and statistics of one allocation from queueing
 * formulas instead of events, in well under a millisecond. Same input, same
 * errors (SimulationInputError) and same result shape as the simulator
 * (src/sim/api.ts), marked `estimate: 'analytic'`; every confidence interval
 * has zero width (there is no sampling error to report, only model error,
 * which docs/semantics.md quantifies).
 *
 * Pure: no I/O, no vscode, no Langium.
 */
import type { AllocationDef, Model, Objectives } from '../../model/types.js';
import type { ProcessStats, ServerStats, SimulationResult, SimulationSettings } from '../api.js';
import { layoutAllocation } from '../layout.js';
import { checkSettings } from '../simulator.js';
import { prepareAnalytic, type AnalyticModel } from './prepare.js';
import { createNetworkSolver, type NetworkSolution } from './network.js';
import { RunTime } from './run-time.js';
import { transferMoments } from './transfer.js';
import { createProfiledEvaluator, type StationaryEvaluator } from './profile.js';

export interface AnalyticEvaluator {
    /** The estimate in the simulator's result shape (for `simulate --analytic` and the results view). */
    estimate(allocation: AllocationDef): SimulationResult;
    /** Only k1..k4 (the optimizer's screening path; the same numbers as estimate().objectives). */
    evaluate(allocation: AllocationDef): Objectives;
}

/**
 * Prepares a model once; then each allocation costs one fixed-point solve,
 * in arrays reused from one allocation to the next (so an evaluator serves
 * one caller at a time, as everything in a thread does).
 */
export function createAnalyticEvaluator(model: Model, settings: SimulationSettings): AnalyticEvaluator {
    checkSettings(settings);
    // Arrival profiles: one stationary estimate per phase, combined (profile.ts).
    if (model.processes.some(p => p.profile)) { return createProfiledEvaluator(model, settings, createStationaryEvaluator); }
    return createStationaryEvaluator(model, settings);
}

function createStationaryEvaluator(model: Model, settings: SimulationSettings): StationaryEvaluator {
    const am = prepareAnalytic(model);
    const s = { horizonSeconds: settings.horizonSeconds, warmupSeconds: settings.warmupSeconds, keepaliveSeconds: settings.keepaliveSeconds };
    const solveNetwork = createNetworkSolver(am);
    // One RunTime per process, reset for each allocation (the solver's arrays are reused the same way).
    const runs = model.processes.map(() => new RunTime());
    const transfers = new Float64Array(2 * am.prep.positionCount);
    let fromScratch = new Float64Array(0), toScratch = new Float64Array(0);

    function solve(allocation: AllocationDef): { net: NetworkSolution; runs: RunTime[]; layout: ReturnType<typeof layoutAllocation> } {
        const layout = layoutAllocation(am.prep, allocation);
        const net = solveNetwork(layout, s);
        if (am.prep.hasTransfers) {
            if (fromScratch.length !== layout.machineCount) { fromScratch = new Float64Array(layout.machineCount); toScratch = new Float64Array(layout.machineCount); }
            transferMoments(am, layout, transfers, fromScratch, toScratch);
        }
        runTimes(am, net, runs, am.prep.hasTransfers ? transfers : null);
        return { net, runs, layout };
    }

    return {
        runs,
        evaluate(allocation) {
            const { net, runs, layout } = solve(allocation);
            return objectivesOf(am, net, runs, layout.pricePerSecond);
        },
        estimate(allocation) {
            const started = performance.now();
            const { net, runs, layout } = solve(allocation);
            const objectives = objectivesOf(am, net, runs, layout.pricePerSecond);
            const window = settings.horizonSeconds - settings.warmupSeconds;
            const processes: ProcessStats[] = model.processes.map((proc, p) => {
                const rt = runs[p];
                const count = am.prep.arrivalRate[p] * window * settings.replications;
                const late = proc.deadlineSeconds === null ? 0 : rt.survival(proc.deadlineSeconds);
                return {
                    name: proc.name, runs: count, mean: rt.mean, variance: rt.variance,
                    p50: rt.quantile(0.5), p95: rt.quantile(0.95), p99: rt.quantile(0.99),
                    deadline: proc.deadlineSeconds, violations: count * late, meanCI: [rt.mean, rt.mean],
                    unfinishedRuns: 0 // no run is censored in a steady-state estimate
                };
            });
            const servers: ServerStats[] = model.servers.map((server, k) => {
                let cpu = 0, gpu = 0, ram = 0, capCpu = 0, capGpu = 0, capRam = 0;
                for (let m = 0; m < layout.machineCount; m++) {
                    if (layout.machineKind[m] !== k) { continue; }
                    cpu += net.machineCpuGHz[m]; gpu += net.machineGpuTOPS[m]; ram += net.machineRamMB[m];
                    capCpu += layout.cpuGHz[m]; capGpu += layout.gpuTOPS[m]; capRam += layout.ramMB[m];
                }
                return {
                    name: server.name, machines: server.count,
                    cpuUtilization: capCpu > 0 ? cpu / capCpu : 0, gpuUtilization: capGpu > 0 ? gpu / capGpu : 0,
                    ramUtilization: capRam > 0 ? ram / capRam : 0
                };
            });
            const zero = (x: number): [number, number] => [x, x];
            return {
                allocation: allocation.name,
                seed: settings.seed,
                replications: settings.replications,
                horizon: settings.horizonSeconds,
                warmup: settings.warmupSeconds,
                processes,
                servers,
                objectives,
                objectivesCI: { time: zero(objectives.time), variance: zero(objectives.variance), violations: zero(objectives.violations), cost: zero(objectives.cost) },
                events: 0,
                wallSeconds: (performance.now() - started) / 1000,
                warnings: net.saturated.map(x => `analytic estimate: component ${model.components[x.component].name} is overloaded `
                    + `(offered load ${x.rho.toPrecision(3)} times what its instances can serve); its queue grows through the horizon`),
                unfinishedRuns: 0,
                estimate: 'analytic'
            };
        }
    };
}

/** One-off estimate (prepares the model each time; use createAnalyticEvaluator for many allocations). */
export function estimate(model: Model, allocation: AllocationDef, settings: SimulationSettings): SimulationResult {
    return createAnalyticEvaluator(model, settings).estimate(allocation);
}

/** Each process's run time from its steps; `transfers` (mean, variance per position; transfer.ts) adds the hops' transfers. */
function runTimes(am: AnalyticModel, net: NetworkSolution, runs: RunTime[], transfers: Float64Array | null): void {
    const prep = am.prep;
    for (let p = 0; p < prep.processCount; p++) {
        const rt = runs[p];
        rt.reset();
        for (let q = prep.chainStart[p]; q < prep.chainStart[p] + prep.chainLength[p]; q++) {
            const x = net.positions[q];
            rt.addStep(x.mean, x.variance, x.coldProbability, x.coldSeconds);
            if (transfers && transfers[2 * q] > 0) { rt.addStep(transfers[2 * q], transfers[2 * q + 1], 0, 0); }
        }
    }
}

function objectivesOf(am: AnalyticModel, net: NetworkSolution, runs: RunTime[], price: Float64Array): Objectives {
    const prep = am.prep;
    let time = 0, variance = 0, violations = 0, cost = 0;
    for (let p = 0; p < prep.processCount; p++) {
        time += prep.weightTime[p] * runs[p].mean;
        variance += prep.weightVariance[p] * runs[p].variance;
        const d = prep.deadline[p];
        if (Number.isFinite(d)) { violations += prep.arrivalRate[p] * 3600 * runs[p].survival(d); }
    }
    for (let m = 0; m < price.length; m++) { cost += price[m] * net.machineUp[m] * 3600; }
    return { time, variance, violations, cost };
}
