/**
 * The per-phase results of a simulate() (docs/semantics.md, "Profiles"):
 * the criteria k1..k4 and each process's statistics in each phase of the
 * reporting cycle, from the per-replication PhaseMeasure, with the rules of
 * the overall results (simulator.ts): criteria per replication then their
 * mean and 95% t interval, run statistics pooled over the replications.
 *
 * A replication stopped before its warm-up ended (measured from 0) has no
 * counted window and adds nothing here.
 */
import type { Model, ObjectiveKey, Objectives } from '../model/types.js';
import type { PhaseStats, PhasesResult } from './api.js';
import type { PhaseMeasure } from './profile-measure.js';
import { overlapWithPhase } from './profile.js';
import type { PreparedModel } from './prepared.js';
import { HISTOGRAM_BUCKETS, histogramQuantile, meanWithCI, PooledMoments } from './stats.js';
import { ReplicationMoments } from './time-criteria.js';

const KEYS: readonly ObjectiveKey[] = ['time', 'variance', 'violations', 'cost'];

export class PhaseAccumulator {
    private readonly n: number;
    private readonly P: number;
    /** Per phase: k3 and k4 in each counted replication (k1 and k2 come from `moments` in result()). */
    private readonly rates: { violations: number[]; cost: number[] }[];
    /** Per phase: each counted replication's per-process moments, for k1 and k2 (time-criteria.ts). */
    private readonly moments: ReplicationMoments[];
    private readonly seconds: number[][];
    private readonly pooled: PooledMoments[];
    private readonly means: number[][];
    private readonly violations: Float64Array;

    constructor(private readonly prep: PreparedModel, private readonly measure: PhaseMeasure) {
        this.n = measure.n;
        this.P = prep.processCount;
        this.rates = Array.from({ length: this.n }, () => ({ violations: [], cost: [] }));
        this.moments = Array.from({ length: this.n }, () => new ReplicationMoments(this.P));
        this.seconds = Array.from({ length: this.n }, () => []);
        this.pooled = Array.from({ length: this.n * this.P }, () => new PooledMoments());
        this.means = Array.from({ length: this.n * this.P }, () => []);
        this.violations = new Float64Array(this.n * this.P);
    }

    /** After a replication whose counted window is [warmup, warmup + windowSeconds). */
    add(warmup: number, windowSeconds: number, measuredFromZero: boolean): void {
        if (measuredFromZero) { return; }
        const m = this.measure, P = this.P;
        for (let f = 0; f < this.n; f++) {
            const seconds = overlapWithPhase(m.profile, f, warmup, warmup + windowSeconds);
            let late = 0;
            this.moments[f].add(m.runs, m.mean, m.m2, f * P);
            for (let p = 0; p < P; p++) {
                const x = f * P + p, runs = m.runs[x];
                late += m.violations[x];
                this.pooled[x].add(runs, m.mean[x], m.m2[x]);
                if (runs > 0) { this.means[x].push(m.mean[x]); }
                this.violations[x] += m.violations[x];
            }
            const o = this.rates[f];
            o.violations.push(seconds > 0 ? late / seconds * 3600 : 0);
            o.cost.push(seconds > 0 ? m.cost[f] / seconds * 3600 : 0);
            this.seconds[f].push(seconds);
        }
    }

    result(model: Model): PhasesResult {
        const m = this.measure, c = m.profile, P = this.P;
        const owner = this.prep.reportProfile!.process;
        const labels = model.processes[owner].profile!;
        const phases: PhaseStats[] = [];
        for (let f = 0; f < this.n; f++) {
            const time: number[] = [], variance: number[] = [];
            this.moments[f].criteria(this.prep.weightTime, this.prep.weightVariance, time, variance);
            const o: Record<ObjectiveKey, number[]> = { time, variance, ...this.rates[f] };
            const mean = (values: number[]) => (values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : 0);
            const objectives = Object.fromEntries(KEYS.map(k => [k, mean(o[k])])) as unknown as Objectives;
            const objectivesCI = Object.fromEntries(KEYS.map(k => [k, meanWithCI(o[k], true).ci])) as Record<ObjectiveKey, [number, number]>;
            phases.push({
                phase: labels[f].label ?? `phase ${f + 1}`,
                start: c.start[f],
                end: c.start[f + 1],
                factor: c.factor[f],
                seconds: mean(this.seconds[f]),
                objectives,
                objectivesCI,
                processes: model.processes.map((proc, p) => {
                    const x = f * P + p, n = this.pooled[x].n;
                    const at = (q: number) => histogramQuantile(m.histogram, x * HISTOGRAM_BUCKETS, n, q);
                    return {
                        name: proc.name, runs: n, mean: this.pooled[x].mean,
                        p50: at(0.5), p95: at(0.95), p99: at(0.99),
                        violations: this.violations[x],
                        meanCI: meanWithCI(this.means[x], true).ci
                    };
                })
            });
        }
        return { process: model.processes[owner].name, cycle: c.cycle, phases };
    }
}
