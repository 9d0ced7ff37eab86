/**
 * Arrival profiles (docs/semantics.md, "Profiles"): a process's arrival rate
 * is multiplied by f_i during phase i of a cycle of phases that repeats from
 * time 0.
 *
 * Operational time: the process's `every` draws are gaps in operational time
 * tau, and an arrival happens at the calendar time t where
 * Lambda(t) = integral over [0, t) of f = tau. For exponential gaps this is
 * exactly the Poisson process of rate f(t) / mean; for other distributions it
 * is the usual time-warped renewal process (the gaps stretch where f is
 * small). One draw per arrival, from the process's own stream, as without a
 * profile: a profile moves the arrival times, not the random numbers.
 *
 * Invariants: phases have length > 0 and factor >= 0, at least one factor is
 * > 0 (the validator's check); start[i] and opStart[i] are the calendar and
 * operational times at which phase i begins within a cycle, start[n] = cycle,
 * opStart[n] = opCycle.
 */
import type { ProfilePhase } from '../model/types.js';

export interface CompiledProfile {
    phases: number;
    factor: Float64Array;
    start: Float64Array;
    opStart: Float64Array;
    /** Calendar length of one cycle, s. */
    cycle: number;
    /** Operational length of one cycle (sum of factor x length). */
    opCycle: number;
}

export function compileProfile(phases: readonly ProfilePhase[]): CompiledProfile {
    const n = phases.length;
    const factor = new Float64Array(n), start = new Float64Array(n + 1), opStart = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) {
        factor[i] = phases[i].factor;
        start[i + 1] = start[i] + phases[i].seconds;
        opStart[i + 1] = opStart[i] + phases[i].factor * phases[i].seconds;
    }
    return { phases: n, factor, start, opStart, cycle: start[n], opCycle: opStart[n] };
}


/** The calendar time at which operational time tau is reached (the first such time: phases of factor 0 are skipped). */
export function calendarTime(c: CompiledProfile, tau: number): number {
    const k = Math.floor(tau / c.opCycle);
    const rem = tau - k * c.opCycle;
    const n = c.phases, factor = c.factor, opStart = c.opStart, start = c.start;
    for (let i = 0; i < n; i++) {
        if (factor[i] > 0 && rem < opStart[i + 1]) {
            const into = (rem - opStart[i]) / factor[i];
            return k * c.cycle + start[i] + (into > 0 ? into : 0);
        }
    }
    // rem rounded up to opCycle: the start of the next cycle's first phase with arrivals.
    let i = 0;
    while (factor[i] <= 0) { i++; }
    return (k + 1) * c.cycle + start[i];
}

/** The phase (0-based) that calendar time t falls in. */
export function phaseOf(c: CompiledProfile, t: number): number {
    const x = t - Math.floor(t / c.cycle) * c.cycle;
    const start = c.start;
    for (let i = 1; i < c.phases; i++) {
        if (x < start[i]) { return i - 1; }
    }
    return c.phases - 1;
}

/** Time spent in phase i over [0, t), t >= 0. */
export function timeInPhase(c: CompiledProfile, i: number, t: number): number {
    const k = Math.floor(t / c.cycle);
    const x = t - k * c.cycle - c.start[i];
    const length = c.start[i + 1] - c.start[i];
    return k * length + (x <= 0 ? 0 : x < length ? x : length);
}

/** Time spent in phase i over [a, b). */
export function overlapWithPhase(c: CompiledProfile, i: number, a: number, b: number): number {
    return b > a ? timeInPhase(c, i, b) - timeInPhase(c, i, a) : 0;
}

/**
 * The arrival clocks of one replication: operational time per process with a
 * profile. Processes without one never touch it (their arrivals are t + gap,
 * bit for bit as without this module).
 */
export class ArrivalClock {
    private readonly tau: Float64Array;

    /** `profiles[p]`: process p's compiled profile, or null. */
    constructor(readonly profiles: readonly (CompiledProfile | null)[]) {
        this.tau = new Float64Array(profiles.length);
    }

    /** The first arrival of process p (its profile not null), from its first gap. */
    first(p: number, gap: number): number {
        this.tau[p] = gap;
        return calendarTime(this.profiles[p]!, gap);
    }

    /** The next arrival of process p (its profile not null), `gap` after the last in operational time. */
    next(p: number, gap: number): number {
        const tau = this.tau[p] + gap;
        this.tau[p] = tau;
        return calendarTime(this.profiles[p]!, tau);
    }
}
