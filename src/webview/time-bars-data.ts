/**
 * Where the time goes in the shown solution, per process: the parts of its
 * mean run time (docs/semantics.md, "Where the time goes") as shares of one
 * bar, and the bottleneck (src/sim/bottleneck.ts). Pure: no DOM.
 */
import type { Solution } from '../opt/api.js';
import { partSeconds, TIME_PART_KEYS, type TimePartKey } from '../sim/api.js';
import { bottleneckOf, type Bottleneck } from '../sim/index.js';

export interface TimeSegment {
    part: TimePartKey;
    seconds: number;
    /** Share of the bar (the sum of the parts), 0..1. */
    share: number;
}

export interface TimeBarRow {
    process: string;
    mean: number;
    /** The parts in TIME_PART_KEYS order (zero parts included, so every bar has the same segments; a missing transfer part is 0). */
    segments: TimeSegment[];
    bottleneck: Bottleneck | null;
    /** Runs that had not finished at a stop: the parts cover their finished steps only. */
    unfinishedRuns: number;
}

/** One row per process with a decomposition; [] when the solution has none (an estimate, an older result). */
export function timeBarRows(solution: Solution): TimeBarRow[] {
    const details = solution.details;
    if (!details) { return []; }
    return details.processes.filter(p => p.timeParts).map(p => {
        const parts = p.timeParts!;
        const seconds = (k: TimePartKey) => partSeconds(parts, k);
        const total = TIME_PART_KEYS.reduce((s, k) => s + (seconds(k) > 0 ? seconds(k) : 0), 0);
        return {
            process: p.name,
            mean: p.mean,
            segments: TIME_PART_KEYS.map(part => ({ part, seconds: seconds(part), share: total > 0 && seconds(part) > 0 ? seconds(part) / total : 0 })),
            bottleneck: bottleneckOf(p, details.servers),
            unfinishedRuns: p.unfinishedRuns
        };
    });
}
