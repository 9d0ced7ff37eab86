/**
 * The supported ranges of numbers (docs/limits.md), in one place: the
 * language's checks and the command line's options both read them, so a
 * value the file refuses is refused on the command line too. Pure.
 */

/**
 * Every number, and every quantity in its base unit (s, GHz, MB, ...), is at
 * most 1e12: products of a few of them (work / speed, price x horizon, weight
 * x variance) then stay far from overflow.
 */
export const MAX_MAGNITUDE = 1e12;

/** Speeds and bandwidths divide work: a non-zero one is at least 1e-6 (1 kHz, 1 MOPS, 1 bit/s). */
export const MIN_CAPACITY = 1e-6;

/** Seeds are 32-bit (the random streams are seeded from 32 bits). */
export const MAX_SEED = 0xffff_ffff;

/**
 * Evaluation threads: at most 4 per core and never above 64. Each thread holds
 * a simulator (about 10 MB for a small model, far more for a large one); more
 * threads than cores only add memory, and 64 once took 621 MB for nothing.
 */
export const MAX_WORKERS = 64;
export const MAX_WORKERS_PER_CORE = 4;

/** The largest worker count allowed on a machine with `cores` cores. */
export function maxWorkers(cores: number): number {
    return Math.max(1, Math.min(MAX_WORKERS, MAX_WORKERS_PER_CORE * Math.max(1, Math.floor(cores))));
}

/** A limit as people write it: 1e12, not 1000000000000. */
export function formatLimit(n: number): string {
    return n >= 1e6 && Number.isInteger(Math.log10(n)) ? `1e${Math.log10(n)}` : String(n);
}
