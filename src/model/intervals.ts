/**
 * Confidence intervals of quantities that cannot be negative (times,
 * variances, rates, costs): the one rule that clips them at 0 and the one
 * that tells a clipped interval, for the simulator, the CLI, the results view
 * and the report. Pure.
 */

/** The interval with its lower end raised to 0 when it was below. */
export function clipAtZero(ci: readonly [number, number]): [number, number] {
    return [Math.max(0, ci[0]), ci[1]];
}

/**
 * Whether an interval of a nonnegative quantity was clipped at 0: its lower
 * end is 0 while the estimate and the upper end are above 0 (an unclipped
 * t-interval ends exactly at 0 only by chance, and then marking it does no harm).
 */
export function clippedAtZero(ci: readonly [number, number], estimate: number): boolean {
    return ci[0] === 0 && estimate > 0 && ci[1] > 0;
}
