/**
 * The per-process service levels of one solution beside the reference
 * allocations (`current`, `first-fit`): what the results view opens on,
 * because a weighted mean time dominated by a slow process hides whether a
 * fast one meets its deadline. Pure: no DOM.
 */
import type { Baseline, OptimizationResult, Solution } from '../opt/api.js';
import type { ProcessStats } from '../sim/api.js';

/** The name the file's own allocation usually has; the reference for "change". */
export const CURRENT = 'current';
export const FIRST_FIT = 'first-fit';

export interface ServiceLevelCell {
    /** Which allocation: 'selected' (the shown solution) or a baseline's name. */
    allocation: string;
    stats: ProcessStats | undefined;
    /** Share of measured runs over the deadline, NaN without runs or deadline. */
    overShare: number;
}

export interface ServiceLevelRow {
    process: string;
    deadline: number | null;
    shown: ServiceLevelCell;
    references: ServiceLevelCell[];
    /** Change of the shown solution against `current`, or null without that reference. */
    change: { p95: number; overShare: number } | null;
}

/**
 * The reference allocations: the baseline named `current` (or, without one,
 * the file's first allocation, i.e. the first baseline that is not first-fit)
 * and `first-fit`, each once, never the shown one itself.
 */
export function referenceBaselines(result: OptimizationResult, shownBaseline: number | null): Baseline[] {
    const firstFit = result.baselines.find((b, i) => i !== shownBaseline && b.name === FIRST_FIT);
    return [currentBaseline(result, shownBaseline), firstFit].filter((b): b is Baseline => b !== undefined);
}

/** The reference for "change": `current`, else the file's first allocation; never the shown baseline. */
export function currentBaseline(result: OptimizationResult, shownBaseline: number | null): Baseline | undefined {
    const candidates = result.baselines.filter((_, i) => i !== shownBaseline);
    return candidates.find(b => b.name === CURRENT) ?? candidates.find(b => b.name !== FIRST_FIT);
}

export function overShare(stats: ProcessStats | undefined): number {
    return stats && stats.deadline !== null && stats.runs > 0 ? stats.violations / stats.runs : NaN;
}

function cell(allocation: string, solution: Solution, process: string): ServiceLevelCell {
    const stats = solution.details?.processes.find(p => p.name === process);
    return { allocation, stats, overShare: overShare(stats) };
}

/**
 * One row per process of the shown solution (or of a reference when the
 * shown one has no details), in the simulator's order.
 */
export function serviceLevelRows(result: OptimizationResult, shown: Solution, shownBaseline: number | null): ServiceLevelRow[] {
    const references = referenceBaselines(result, shownBaseline);
    const source = shown.details ?? references.find(r => r.details)?.details;
    if (!source) {
        return [];
    }
    const current = currentBaseline(result, shownBaseline);
    return source.processes.map(p => {
        const mine = cell('selected', shown, p.name);
        const refs = references.map(r => cell(r.name, r, p.name));
        const base = current ? refs[references.indexOf(current)] : undefined;
        const change = mine.stats && base?.stats
            ? { p95: mine.stats.p95 - base.stats.p95, overShare: mine.overShare - base.overShare }
            : null;
        return { process: p.name, deadline: p.deadline, shown: mine, references: refs, change };
    });
}

/** Some cell of the rows reports availability (a model with failing machines): the view adds its column. */
export function hasAvailability(rows: readonly ServiceLevelRow[]): boolean {
    return rows.some(r => [r.shown, ...r.references].some(c => c.stats?.availability !== undefined));
}

/**
 * The availability column of one cell (docs/semantics.md, "Failures and
 * availability"): the share of time with every component available, then the
 * share of runs in time; '—' where not reported. Three decimals of a percent:
 * 99.9 % and 99.99 % are different promises.
 */
export function availabilityText(stats: ProcessStats | undefined): string {
    const a = stats?.availability;
    if (!a) {
        return '—';
    }
    const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(3)} %` : '–');
    return `time ${pct(a.time)} (95% CI ${pct(a.timeCI[0])} – ${pct(a.timeCI[1])}); runs in time ${pct(a.runs)}`;
}
