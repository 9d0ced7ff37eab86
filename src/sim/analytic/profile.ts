/**
 * The analytic estimate of a model with arrival profiles (docs/semantics.md,
 * "The analytic estimate", profiles): one stationary estimate per phase of
 * the reporting cycle, combined by the runs and the time of each phase.
 *
 * - Phase model: each process's `every` divided by its factor averaged over
 *   the phase (its own profile's factors, time-averaged over the reporting
 *   phase; 1 without a profile), profiles removed. A factor of 0 becomes a
 *   negligible rate (1e-9 of the base), so the phase model keeps its processes.
 * - Each phase is estimated as a steady state over a window of the phase's
 *   length (settings' horizon = warmup + phase length), so an overloaded peak
 *   gives the fluid growth of its queue during the phase, not over the whole
 *   horizon. The backlog a peak leaves to the next phase is not modelled
 *   (transients are not, as for stationary models).
 * - Overall: a run's time is the mixture of the phases' distributions
 *   weighted by the runs arriving in each (rate x factor x length): mean and
 *   variance by the law of total variance, percentiles and the share over the
 *   deadline from the mixture's survival function; violations and cost per
 *   hour, and utilizations, are the phases' weighted by their length.
 */
import type { AllocationDef, Model, Objectives, ObjectiveKey, ProcessDef } from '../../model/types.js';
import { scaleDistribution } from '../../model/distributions.js';
import type { PhaseStats, ProcessStats, ServerStats, SimulationResult, SimulationSettings } from '../api.js';
import { compileProfile, overlapWithPhase, type CompiledProfile } from '../profile.js';
import type { RunTime } from './run-time.js';

/** A stationary evaluator, with the run-time distributions of its last solve. */
export interface StationaryEvaluator {
    estimate(allocation: AllocationDef): SimulationResult;
    evaluate(allocation: AllocationDef): Objectives;
    readonly runs: readonly RunTime[];
}

const KEYS: readonly ObjectiveKey[] = ['time', 'variance', 'violations', 'cost'];
/** Factor given to a process in a phase where its profile has no arrivals (the model keeps the process). */
const NO_ARRIVALS = 1e-9;

/** Process p's factor averaged over [a, b) (1 without a profile). */
function averageFactor(profile: CompiledProfile | null, a: number, b: number): number {
    if (!profile) { return 1; }
    let op = 0;
    for (let i = 0; i < profile.phases; i++) { op += profile.factor[i] * overlapWithPhase(profile, i, a, b); }
    return op / (b - a);
}

export function createProfiledEvaluator(model: Model, settings: SimulationSettings,
    stationary: (model: Model, settings: SimulationSettings) => StationaryEvaluator): { estimate(a: AllocationDef): SimulationResult; evaluate(a: AllocationDef): Objectives } {
    const profiles = model.processes.map(p => (p.profile ? compileProfile(p.profile) : null));
    const owner = profiles.findIndex(c => c !== null);
    const report = profiles[owner]!;
    const n = report.phases;
    const P = model.processes.length;
    /** factors[f * P + p]: process p's factor in reporting phase f. */
    const factors = new Float64Array(n * P);
    const phases = Array.from({ length: n }, (_, f) => {
        const a = report.start[f], b = report.start[f + 1];
        const processes: ProcessDef[] = model.processes.map((proc, p) => {
            const factor = averageFactor(profiles[p], a, b);
            factors[f * P + p] = factor;
            const { profile: _profile, ...rest } = proc;
            return { ...rest, everySeconds: scaleDistribution(proc.everySeconds, 1 / Math.max(factor, NO_ARRIVALS)) };
        });
        const length = b - a;
        return {
            length,
            evaluator: stationary({ ...model, processes }, { ...settings, horizonSeconds: settings.warmupSeconds + length })
        };
    });
    const cycle = report.cycle;

    /** Weight of phase f in process p's runs. */
    function runWeights(p: number): number[] {
        const w = phases.map((ph, f) => factors[f * P + p] * ph.length);
        const total = w.reduce((s, x) => s + x, 0);
        return w.map(x => (total > 0 ? x / total : 0));
    }

    function combine(results: SimulationResult[]): { objectives: Objectives; processes: { mean: number; variance: number }[] } {
        let time = 0, variance = 0, violations = 0, cost = 0;
        const processes = model.processes.map((proc, p) => {
            const w = runWeights(p);
            let mean = 0, second = 0;
            results.forEach((r, f) => {
                const s = r.processes[p];
                mean += w[f] * s.mean;
                second += w[f] * (s.variance + s.mean * s.mean);
            });
            const v = Math.max(0, second - mean * mean);
            time += proc.weightTime * mean;
            variance += proc.weightVariance * v;
            return { mean, variance: v };
        });
        results.forEach((r, f) => {
            violations += phases[f].length / cycle * r.objectives.violations;
            cost += phases[f].length / cycle * r.objectives.cost;
        });
        return { objectives: { time, variance, violations, cost }, processes };
    }

    /** Quantile of process p's mixture over the phases (bisection on the survival function). */
    function mixtureQuantile(p: number, w: number[], q: number, hint: number): number {
        const survival = (x: number) => phases.reduce((s, ph, f) => s + w[f] * ph.evaluator.runs[p].survival(x), 0);
        if (!Number.isFinite(hint)) { return hint; }
        let lo = 0, hi = Math.max(1e-9, hint);
        for (let i = 0; i < 60 && survival(hi) > 1 - q; i++) { hi *= 2; }
        for (let i = 0; i < 60; i++) {
            const mid = (lo + hi) / 2;
            if (survival(mid) > 1 - q) { lo = mid; } else { hi = mid; }
            if (hi - lo <= 1e-9 * hi) { break; }
        }
        return (lo + hi) / 2;
    }

    return {
        evaluate(allocation) {
            return combine(phases.map(ph => ph.evaluator.estimate(allocation))).objectives;
        },
        estimate(allocation) {
            const started = performance.now();
            const results: SimulationResult[] = [];
            const quantiles: number[][] = [];
            const lateShare: number[] = [];
            // Each phase's solve is read (survival functions) before the next phase's evaluator is used: they are separate evaluators.
            for (const ph of phases) { results.push(ph.evaluator.estimate(allocation)); }
            const combined = combine(results);
            const windowShare = phases.map((_, f) => overlapWithPhase(report, f, settings.warmupSeconds, settings.horizonSeconds));
            const processes: ProcessStats[] = model.processes.map((proc, p) => {
                const w = runWeights(p);
                const { mean, variance } = combined.processes[p];
                const hint = mean + 10 * Math.sqrt(variance);
                quantiles[p] = [0.5, 0.95, 0.99].map(q => mixtureQuantile(p, w, q, hint));
                const d = proc.deadlineSeconds;
                lateShare[p] = d === null ? 0 : phases.reduce((s, ph, f) => s + w[f] * ph.evaluator.runs[p].survival(d), 0);
                // Expected runs in the counted window: each phase's rate times its share of the window.
                const count = results.reduce((sum, r, f) => sum + r.processes[p].runs / phases[f].length * windowShare[f], 0);
                return {
                    name: proc.name, runs: count, mean, variance,
                    p50: quantiles[p][0], p95: quantiles[p][1], p99: quantiles[p][2],
                    deadline: d, violations: count * lateShare[p], meanCI: [mean, mean], unfinishedRuns: 0
                };
            });
            const servers: ServerStats[] = model.servers.map((s, k) => {
                const avg = (key: 'cpuUtilization' | 'gpuUtilization' | 'ramUtilization') =>
                    results.reduce((sum, r, f) => sum + phases[f].length / cycle * r.servers[k][key], 0);
                return { name: s.name, machines: s.count, cpuUtilization: avg('cpuUtilization'), gpuUtilization: avg('gpuUtilization'), ramUtilization: avg('ramUtilization') };
            });
            const o = combined.objectives;
            const zero = (x: number): [number, number] => [x, x];
            const phaseStats: PhaseStats[] = results.map((r, f) => ({
                phase: model.processes[owner].profile![f].label ?? `phase ${f + 1}`,
                start: report.start[f], end: report.start[f + 1], factor: report.factor[f],
                // The phase's share of the counted window.
                seconds: windowShare[f],
                objectives: r.objectives,
                objectivesCI: Object.fromEntries(KEYS.map(k => [k, zero(r.objectives[k])])) as Record<ObjectiveKey, [number, number]>,
                processes: r.processes.map(s => ({
                    name: s.name, runs: s.runs / phases[f].length * windowShare[f],
                    mean: s.mean, p50: s.p50, p95: s.p95, p99: s.p99,
                    violations: s.violations / phases[f].length * windowShare[f],
                    meanCI: s.meanCI
                }))
            }));
            return {
                allocation: allocation.name, seed: settings.seed, replications: settings.replications,
                horizon: settings.horizonSeconds, warmup: settings.warmupSeconds,
                processes, servers, objectives: o,
                objectivesCI: { time: zero(o.time), variance: zero(o.variance), violations: zero(o.violations), cost: zero(o.cost) },
                events: 0,
                wallSeconds: (performance.now() - started) / 1000,
                warnings: [...new Set(results.flatMap((r, f) => r.warnings.map(w => `${phaseStats[f].phase}: ${w}`)))],
                unfinishedRuns: 0,
                estimate: 'analytic',
                phases: { process: model.processes[owner].name, cycle, phases: phaseStats }
            };
        }
    };
}
