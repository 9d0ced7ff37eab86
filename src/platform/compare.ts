/**
 * `mlops compare`: a model's allocation simulated against what the platform
 * measured. Per process: p50, p95, p99, throughput and the share of runs
 * within the deadline, each simulated in independent replications (one
 * simulator per replication, seeds seed, seed + 1, ...), given as the mean of
 * the replications with its 95% t-interval; an observation outside the
 * interval is flagged. Percentiles are read from the simulator's histogram
 * (0.4% resolution), so for them the interval is widened by that much.
 * Pure: no I/O.
 */
import type { AllocationDef, Model } from '../model/types.js';
import { createSimulator, meanWithCI, type SimulationSettings } from '../sim/index.js';

export const QUANTITIES = ['p50', 'p95', 'p99', 'throughput', 'withinDeadline'] as const;
export type Quantity = typeof QUANTITIES[number];

/** What was measured for one process; every field optional. Times in seconds, throughput in runs per second, the share in [0, 1]. */
export interface Observation {
    process: string;
    p50?: number;
    p95?: number;
    p99?: number;
    throughput?: number;
    withinDeadline?: number;
}

export interface ComparisonRow {
    process: string;
    quantity: Quantity;
    simulated: number;
    ci: [number, number];
    observed: number;
    /** (observed - simulated) / simulated; 0 when both are 0. */
    relativeDifference: number;
    /** The observation is outside the simulated 95% interval. */
    outside: boolean;
}

export interface Comparison {
    allocation: string;
    replications: number;
    rows: ComparisonRow[];
    warnings: string[];
}

const HISTOGRAM_RESOLUTION = 0.004;

export function compareWithObservations(model: Model, allocation: AllocationDef, settings: SimulationSettings,
    observations: Observation[], onReplication?: (done: number, of: number) => void, signal?: AbortSignal): Comparison {
    const values = new Map<string, number[]>();
    const warnings: string[] = [];
    const window = settings.horizonSeconds - settings.warmupSeconds;
    for (let r = 0; r < settings.replications; r++) {
        if (signal?.aborted) {
            throw new DOMException('the comparison was cancelled', 'AbortError');
        }
        const result = createSimulator(model, { ...settings, replications: 1, seed: settings.seed + r }).simulate(allocation);
        for (const w of result.warnings) {
            if (!warnings.includes(w)) { warnings.push(w); }
        }
        for (const p of result.processes) {
            const put = (q: Quantity, v: number) => {
                const key = `${p.name}\u0000${q}`;
                values.set(key, [...(values.get(key) ?? []), v]);
            };
            if (p.runs > 0) {
                put('p50', p.p50);
                put('p95', p.p95);
                put('p99', p.p99);
                put('withinDeadline', 1 - p.violations / p.runs);
            }
            put('throughput', p.runs / window);
        }
        onReplication?.(r + 1, settings.replications);
    }
    const rows: ComparisonRow[] = [];
    for (const o of observations) {
        for (const q of QUANTITIES) {
            const observed = o[q];
            if (observed === undefined) {
                continue;
            }
            const sample = values.get(`${o.process}\u0000${q}`);
            if (!sample || sample.length === 0) {
                warnings.push(`process ${o.process}: no counted run in the simulation, ${q} cannot be compared`);
                continue;
            }
            const { mean, ci } = meanWithCI(sample);
            const widen = q.startsWith('p') ? HISTOGRAM_RESOLUTION : 0;
            const lo = Math.max(0, ci[0]) * (1 - widen);
            const hi = (q === 'withinDeadline' ? Math.min(1, ci[1]) : ci[1]) * (1 + widen);
            rows.push({
                process: o.process, quantity: q, simulated: mean, ci: [lo, hi], observed,
                relativeDifference: mean === 0 ? (observed === 0 ? 0 : Infinity) : (observed - mean) / mean,
                outside: observed < lo || observed > hi
            });
        }
    }
    return { allocation: allocation.name, replications: settings.replications, rows, warnings };
}
