/**
 * createSimulator: prepares a model once, then simulates allocations
 * (replications, statistics, objectives k1..k4 of semantics.md).
 */
import { componentDemand, loadOverloads, type ComponentDemand, type LoadMachines } from '../model/offered-load.js';
import type { AllocationDef, Model, Objectives, ObjectiveKey } from '../model/types.js';
import type { ProcessAvailability, ProcessStats, ServerStats, SimulateOptions, SimulationResult, SimulationSettings, Simulator, SimulatorOptions } from './api.js';
import { Engine, END_EVENT_BUDGET, END_OK, END_RUN_CAP, END_STUCK, type EngineSettings } from './engine.js';
import { layoutAllocation, type Layout } from './layout.js';
import { SimulationInputError } from './errors.js';
import { precisionWarnings } from './precision.js';
import { saturationWarnings } from './saturation.js';
import { prepareModel, type PreparedModel } from './prepared.js';
import { HISTOGRAM_BUCKETS, histogramQuantile, meanWithCI, PooledMoments } from './stats.js';
import { sumParts, TimePartsPool } from './time-parts.js';
import { PhaseAccumulator } from './profile-report.js';
import { ReplicationMoments } from './time-criteria.js';

export const DEFAULT_MAX_RUNS_IN_SYSTEM = 250_000;

export function createSimulator(model: Model, settings: SimulationSettings, options: SimulatorOptions = {}): Simulator {
    const engineSettings = checkSettings(settings);
    const prep = prepareModel(model);
    const engine = new Engine(prep);
    const demand = componentDemand(model);
    const R = engineSettings.replications;
    const objectivesByReplication: Record<ObjectiveKey, Float64Array> = {
        time: new Float64Array(R), variance: new Float64Array(R), violations: new Float64Array(R), cost: new Float64Array(R)
    };

    const moments = new ReplicationMoments(prep.processCount);

    /** Replication r's violations and cost, and its per-process moments for k1 and k2 (time-criteria.ts). */
    function replicationObjectives(r: number): void {
        const out = engine.out;
        if (r === 0) { moments.clear(); }
        moments.add(out.runs, out.mean, out.m2);
        let late = 0;
        for (let p = 0; p < prep.processCount; p++) {
            late += out.violations[p];
        }
        const w = out.windowSeconds;
        objectivesByReplication.violations[r] = w > 0 ? late / w * 3600 : 0;
        objectivesByReplication.cost[r] = w > 0 ? out.cost / w * 3600 : 0;
    }

    /** After the last replication: k1 and k2 of each, now that a process's pooled moments are known. */
    function timeObjectives(allocation: AllocationDef): void {
        const unseen = options.unseen;
        moments.criteria(prep.weightTime, prep.weightVariance, objectivesByReplication.time, objectivesByReplication.variance,
            unseen ? () => unseen(allocation) : undefined);
    }

    function meanObjectives(): Objectives {
        const mean = (a: Float64Array) => { let s = 0; for (let i = 0; i < R; i++) { s += a[i]; } return s / R; };
        return {
            time: mean(objectivesByReplication.time),
            variance: mean(objectivesByReplication.variance),
            violations: mean(objectivesByReplication.violations),
            cost: mean(objectivesByReplication.cost)
        };
    }

    return {
        evaluate(allocation: AllocationDef): Objectives {
            engine.setLayout(layoutAllocation(prep, allocation));
            engine.collectHistogram = false;
            engine.collectTime = false;
            engine.setCollectPhases(false);
            for (let r = 0; r < R; r++) {
                engine.run(engineSettings, r);
                replicationObjectives(r);
            }
            timeObjectives(allocation);
            return meanObjectives();
        },

        simulate(allocation: AllocationDef, options: SimulateOptions = {}): SimulationResult {
            const started = performance.now();
            const layout = layoutAllocation(prep, allocation);
            engine.setLayout(layout);
            engine.collectHistogram = true;
            const withTimeParts = options.timeParts !== false;
            engine.collectTime = withTimeParts;
            engine.resetHistogram();
            const phaseMeasure = engine.setCollectPhases(true);
            const phases = phaseMeasure ? new PhaseAccumulator(prep, phaseMeasure) : null;
            const timeParts = new TimePartsPool(prep, layout);
            const P = prep.processCount;
            const pooled = Array.from({ length: P }, () => new PooledMoments());
            const means: number[][] = Array.from({ length: P }, () => []);
            const violations = new Float64Array(P);
            const unfinishedByProcess = new Float64Array(P);
            const kinds = model.servers.length;
            const utilization = { cpu: new Float64Array(kinds), gpu: new Float64Array(kinds), ram: new Float64Array(kinds) };
            const ends = [0, 0, 0, 0];
            // Failures only: each replication's time availability per process, and the failures seen.
            const withFailures = engine.hasFailures;
            const timeAvailability: number[][] = Array.from({ length: withFailures ? P : 0 }, () => []);
            let machineFailures = 0;
            let events = 0, unfinished = 0, maxDrain = 0, fromZero = 0;
            for (let r = 0; r < R; r++) {
                const out = engine.run(engineSettings, r);
                replicationObjectives(r);
                if (withTimeParts) { timeParts.add(out); }
                if (phases) { phases.add(engineSettings.warmupSeconds, out.windowSeconds, out.measuredFromZero); }
                events += out.events;
                unfinished += out.unfinished;
                if (out.measuredFromZero) { fromZero++; }
                ends[out.end]++;
                maxDrain = Math.max(maxDrain, out.drainSeconds);
                for (let p = 0; p < P; p++) {
                    pooled[p].add(out.runs[p], out.mean[p], out.m2[p]);
                    if (out.runs[p] > 0) { means[p].push(out.mean[p]); }
                    violations[p] += out.violations[p];
                    unfinishedByProcess[p] += out.unfinishedByProcess[p];
                }
                addUtilization(layout, out.windowSeconds, out.cpuIntegral, out.gpuIntegral, out.ramIntegral, utilization, R);
                if (withFailures) {
                    machineFailures += out.machineFailures;
                    for (let p = 0; p < P; p++) { timeAvailability[p].push(out.timeAvailability[p]); }
                }
            }
            const processes: ProcessStats[] = model.processes.map((proc, p) => {
                const n = pooled[p].n;
                const at = (q: number) => histogramQuantile(engine.histogram, p * HISTOGRAM_BUCKETS, n, q);
                const steps = withTimeParts ? timeParts.steps(p) : undefined;
                return {
                    name: proc.name,
                    runs: n,
                    mean: pooled[p].mean,
                    variance: pooled[p].variance,
                    p50: at(0.5), p95: at(0.95), p99: at(0.99),
                    deadline: proc.deadlineSeconds,
                    violations: violations[p],
                    meanCI: meanWithCI(means[p], true).ci,
                    unfinishedRuns: unfinishedByProcess[p],
                    ...(steps ? { timeParts: sumParts(steps), steps } : {}),
                    ...(withFailures ? { availability: availabilityOf(n, violations[p], unfinishedByProcess[p], proc.deadlineSeconds, timeAvailability[p]) } : {})
                };
            });
            const servers: ServerStats[] = model.servers.map((s, k) => ({
                name: s.name, machines: s.count,
                cpuUtilization: utilization.cpu[k], gpuUtilization: utilization.gpu[k], ramUtilization: utilization.ram[k]
            }));
            timeObjectives(allocation);
            // Every criterion is nonnegative: intervals are clipped at 0 (stats.ts).
            const ci = (key: ObjectiveKey) => meanWithCI(objectivesByReplication[key], true).ci;
            const objectives = meanObjectives();
            const objectivesCI = { time: ci('time'), variance: ci('variance'), violations: ci('violations'), cost: ci('cost') };
            return {
                allocation: allocation.name,
                seed: engineSettings.seed,
                replications: R,
                horizon: engineSettings.horizonSeconds,
                warmup: engineSettings.warmupSeconds,
                processes,
                servers,
                objectives,
                objectivesCI,
                events,
                wallSeconds: (performance.now() - started) / 1000,
                warnings: [
                    ...warningsOf(prep, layout, demand, engineSettings, ends, unfinished, maxDrain, processes),
                    ...(fromZero > 0 ? [`${fromZero} of ${R} replications stopped before the warmup ended; their criteria were measured from time 0 `
                        + `to the stop (runs that arrived during the warmup included)`] : []),
                    ...precisionWarnings(processes, R, objectives, objectivesCI),
                    ...saturationWarnings(model, demand, loadMachinesOf(layout, prep.componentCount), engineSettings.warmupSeconds)
                ],
                unfinishedRuns: unfinished,
                ...(phases ? { phases: phases.result(model) } : {}),
                ...(withFailures ? { machineFailures } : {})
            };
        }
    };
}

/** A process's availability (api.ts ProcessAvailability): runs in time over counted runs, and the time share with its CI in [0, 1]. */
function availabilityOf(runs: number, violations: number, unfinished: number, deadline: number | null, time: number[]): ProcessAvailability {
    const late = deadline === null ? unfinished : violations;
    const { mean, ci } = meanWithCI(time, true);
    return { runs: runs > 0 ? (runs - late) / runs : 1, time: mean, timeCI: [ci[0], Math.min(1, ci[1])] };
}

export interface CheckedSettings extends EngineSettings { replications: number }

/** The settings checks of the simulator (the analytic estimate uses the same). */
export function checkSettings(s: SimulationSettings): CheckedSettings {
    const problems: string[] = [];
    if (!(s.horizonSeconds > 0) || !Number.isFinite(s.horizonSeconds)) { problems.push(`horizon must be a positive time, got ${s.horizonSeconds}`); }
    if (!(s.warmupSeconds >= 0) || !(s.warmupSeconds < s.horizonSeconds)) { problems.push(`warmup must be at least 0 and below the horizon (${s.horizonSeconds} s), got ${s.warmupSeconds}`); }
    if (!Number.isInteger(s.replications) || s.replications < 1) { problems.push(`replications must be a whole number >= 1, got ${s.replications}`); }
    if (!Number.isFinite(s.seed)) { problems.push(`seed must be a number, got ${s.seed}`); }
    if (!(s.keepaliveSeconds >= 0)) { problems.push(`keepalive must be at least 0, got ${s.keepaliveSeconds}`); }
    if (!(s.maxEvents >= 1)) { problems.push(`the event budget must be at least 1, got ${s.maxEvents}`); }
    if (problems.length > 0) { throw new SimulationInputError(problems.join('; ')); }
    return {
        horizonSeconds: s.horizonSeconds, warmupSeconds: s.warmupSeconds, keepaliveSeconds: s.keepaliveSeconds,
        maxEvents: s.maxEvents, maxRunsInSystem: s.maxRunsInSystem ?? DEFAULT_MAX_RUNS_IN_SYSTEM, seed: s.seed,
        replications: s.replications
    };
}

/** Time-average of used / capacity over all machines of each kind, averaged over the replications. */
function addUtilization(layout: Layout, windowSeconds: number, cpu: Float64Array, gpu: Float64Array, ram: Float64Array,
    into: { cpu: Float64Array; gpu: Float64Array; ram: Float64Array }, replications: number): void {
    if (windowSeconds <= 0) { return; }
    const kinds = into.cpu.length;
    const used = { cpu: new Float64Array(kinds), gpu: new Float64Array(kinds), ram: new Float64Array(kinds) };
    const cap = { cpu: new Float64Array(kinds), gpu: new Float64Array(kinds), ram: new Float64Array(kinds) };
    for (let m = 0; m < layout.machineCount; m++) {
        const k = layout.machineKind[m];
        used.cpu[k] += cpu[m]; used.gpu[k] += gpu[m]; used.ram[k] += ram[m];
        cap.cpu[k] += layout.cpuGHz[m] * windowSeconds; cap.gpu[k] += layout.gpuTOPS[m] * windowSeconds; cap.ram[k] += layout.ramMB[m] * windowSeconds;
    }
    for (let k = 0; k < kinds; k++) {
        into.cpu[k] += cap.cpu[k] > 0 ? used.cpu[k] / cap.cpu[k] / replications : 0;
        into.gpu[k] += cap.gpu[k] > 0 ? used.gpu[k] / cap.gpu[k] / replications : 0;
        into.ram[k] += cap.ram[k] > 0 ? used.ram[k] / cap.ram[k] / replications : 0;
    }
}

function warningsOf(prep: PreparedModel, layout: Layout, demand: ComponentDemand[], s: CheckedSettings, ends: number[], unfinished: number,
    maxDrain: number, processes: ProcessStats[]): string[] {
    const warnings: string[] = [];
    const model = prep.model;
    const R = s.replications;
    if (ends[END_EVENT_BUDGET] > 0) {
        warnings.push(`${ends[END_EVENT_BUDGET]} of ${R} replications hit the event budget (${s.maxEvents} events) and were stopped: `
            + `the model is probably overloaded (work arrives faster than the allocation can serve it) or the horizon is too long for the budget`);
    }
    if (ends[END_RUN_CAP] > 0) {
        warnings.push(`${ends[END_RUN_CAP]} of ${R} replications were stopped with ${s.maxRunsInSystem} runs in the system at once: `
            + `the queues grow without bound, the model is overloaded`);
    }
    if (ends[END_STUCK] > 0) {
        warnings.push(`${ends[END_STUCK]} of ${R} replications ended with runs that could never be served (no instance could take their parts)`);
    }
    if (unfinished > 0) {
        warnings.push(`${unfinished} counted runs had not finished when their replication was stopped; their times are counted up to the stop `
            + `(lower bounds), so the objectives are optimistic`);
    }
    if (ends[END_OK] > 0 && maxDrain > s.horizonSeconds - s.warmupSeconds) {
        warnings.push(`runs still in the system at the horizon took ${Math.round(maxDrain)} s to finish, longer than the measured window: `
            + `the allocation is overloaded or close to saturation`);
    }
    // Offered load against the distinct machines that can serve it: the rule of src/model/offered-load.ts, shared with the validator.
    for (const o of loadOverloads(demand, loadMachinesOf(layout, prep.componentCount))) {
        const unit = o.resource === 'cpu' ? 'GHz' : 'TOPS';
        const names = o.components.map(c => model.components[c].name);
        const one = names.length === 1;
        warnings.push(`${one ? 'component' : 'components'} ${names.join(', ')}: ${o.resource.toUpperCase()} work arrives at ${fmt(o.offered)} ${unit} on average, `
            + `but the ${o.machines.length === 1 ? 'machine' : `${o.machines.length} machines`} that can serve it ${o.machines.length === 1 ? 'has' : 'have'} `
            + `${fmt(o.capacity)} ${unit} in all: ${one ? 'the component is' : 'they are'} overloaded`);
    }
    for (const p of processes) {
        if (p.runs === 0) {
            warnings.push(`process ${p.name}: no run arrived in the measured window [warmup, horizon); its statistics are 0`);
        }
    }
    return warnings;
}

/** Per component, the distinct machines holding its instances (each machine's speed counts once). */
function loadMachinesOf(layout: Layout, components: number): LoadMachines {
    const hosts: number[][] = [];
    for (let c = 0; c < components; c++) {
        const machines = new Set<number>();
        for (let k = layout.componentFirst[c]; k < layout.componentFirst[c + 1]; k++) {
            machines.add(layout.instanceMachine[layout.componentInstances[k]]);
        }
        hosts.push([...machines]);
    }
    return { cpuGHz: layout.cpuGHz, gpuTOPS: layout.gpuTOPS, hosts };
}

function fmt(x: number): string {
    return Number(x.toPrecision(4)).toString();
}
