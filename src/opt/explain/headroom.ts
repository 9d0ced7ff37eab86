/**
 * Headroom of an allocation (issue 13 item 6, docs/semantics.md "Headroom"):
 * the largest factor by which every process's arrival rate can grow before
 * the first process with a deadline has fewer than `target` of its runs
 * within it. Found by bisection on simulations of the model with every
 * `every` distribution divided by the factor, all with the same settings and
 * seed: the same random streams, so the n-th run of a process has the same
 * work at every factor and its arrival times are scaled exactly (common
 * random numbers make the share within the deadline nearly monotonic in the
 * factor). Pure: no vscode, no Langium.
 */
import { scaleDistribution } from '../../model/distributions.js';
import type { AllocationDef, Model } from '../../model/types.js';
import { createSimulator, type SimulationResult, type SimulationSettings } from '../../sim/index.js';

export interface HeadroomOptions {
    /** Share of runs that must finish within the deadline (default 0.99). */
    target?: number;
    /** Bisection stops when upper / lower < 1 + tolerance (default 0.02). */
    tolerance?: number;
    /** The search looks no further than this factor up, nor 1 / it down (default 64). */
    maxFactor?: number;
    /** Called after each simulation (for progress). */
    onStep?: (step: HeadroomStep) => void;
    /** Checked between simulations; a cancelled search throws 'cancelled'. */
    cancelled?: () => boolean;
}

export interface HeadroomStep {
    factor: number;
    /** Every process with a deadline met the target. */
    ok: boolean;
    /** The process furthest below (or least above) the target, and its share within the deadline. */
    worst: { process: string; withinDeadline: number };
}

export interface Headroom {
    target: number;
    /**
     * The largest factor found at which every process meets the target
     * (below 1 when the allocation misses it already; 0 when even 1 / maxFactor
     * misses it), and the smallest at which one misses it (Infinity when
     * none did up to maxFactor).
     */
    factor: number;
    upper: number;
    /** The first process to break the target (at `upper`), null when none did. */
    limitedBy: { process: string; withinDeadline: number } | null;
    steps: HeadroomStep[];
}

/** null when no process has a deadline (nothing can break). */
export function headroom(model: Model, settings: SimulationSettings, allocation: AllocationDef, options: HeadroomOptions = {}): Headroom | null {
    const target = options.target ?? 0.99;
    const tolerance = options.tolerance ?? 0.02;
    const maxFactor = options.maxFactor ?? 64;
    if (!model.processes.some(p => p.deadlineSeconds !== null)) { return null; }
    const steps: HeadroomStep[] = [];
    const check = (factor: number): HeadroomStep => {
        if (options.cancelled?.()) { throw new Error('cancelled'); }
        const result = createSimulator(scaledRates(model, factor), settings).simulate(allocation, { timeParts: false });
        const step = { factor, ...judge(result, target) };
        steps.push(step);
        options.onStep?.(step);
        return step;
    };
    let lo: HeadroomStep | null = null;
    let hi: HeadroomStep | null = null;
    const first = check(1);
    if (first.ok) {
        lo = first;
        for (let f = 2; f <= maxFactor; f *= 2) {
            const s = check(f);
            if (!s.ok) { hi = s; break; }
            lo = s;
        }
    } else {
        hi = first;
        for (let f = 0.5; f >= 1 / maxFactor; f /= 2) {
            const s = check(f);
            if (s.ok) { lo = s; break; }
            hi = s;
        }
    }
    if (lo && hi) {
        while (hi.factor / lo.factor > 1 + tolerance) {
            const s = check(Math.sqrt(lo.factor * hi.factor));
            if (s.ok) { lo = s; } else { hi = s; }
        }
    }
    return {
        target,
        factor: lo ? lo.factor : 0,
        upper: hi ? hi.factor : Infinity,
        limitedBy: hi ? hi.worst : null,
        steps
    };
}

/**
 * The model with every process's arrival rate times `factor` (its `every`
 * divided by it). Only the arrival distributions change, so the random
 * streams (keyed by process and step names) are the same.
 */
export function scaledRates(model: Model, factor: number): Model {
    return { ...model, processes: model.processes.map(p => ({ ...p, everySeconds: scaleDistribution(p.everySeconds, 1 / factor) })) };
}

/**
 * Whether every process with a deadline has at least `target` of its runs
 * within it; a process with unfinished runs at a stop (an overloaded
 * allocation) misses it.
 */
function judge(result: SimulationResult, target: number): Omit<HeadroomStep, 'factor'> {
    let worst: { process: string; withinDeadline: number } | null = null;
    for (const p of result.processes) {
        if (p.deadline === null) { continue; }
        // No counted run (a rate too low for the horizon) shows nothing late; runs cut off at a stop count as late.
        const within = p.unfinishedRuns > 0 ? 0 : p.runs > 0 ? 1 - p.violations / p.runs : 1;
        if (!worst || within < worst.withinDeadline) { worst = { process: p.name, withinDeadline: within }; }
    }
    return { ok: worst === null || worst.withinDeadline >= target, worst: worst ?? { process: '', withinDeadline: 1 } };
}
