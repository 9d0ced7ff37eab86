/**
 * The words of the editor's what-if (the "Simulate" code lens and the
 * allocation hover): per process its p95 and its share of runs over the
 * deadline, labelled as an analytic estimate or a simulation, and the change
 * from the result before the last edit. Pure: strings from results.
 */
import type { ProcessStats } from '../../sim/api.js';
import { fmtSeconds } from '../../model/format.js';

/** What one allocation's what-if shows: the estimate first, then the simulation that replaces it. */
export interface WhatIfOutcome {
    kind: 'estimate' | 'simulated';
    processes: ProcessStats[];
    replications: number;
    /** Simulated time per replication, seconds. */
    horizon: number;
    warnings: string[];
}

/**
 * Share of counted runs over the deadline (NaN without a deadline or runs);
 * the same figure as the results view's "over deadline" column.
 */
export function lateShare(p: ProcessStats): number {
    return p.deadline !== null && p.runs > 0 ? p.violations / p.runs : NaN;
}

/** `95.2%`, `4.3%`, `0.41%`, `0%`, `100%`, `>99.9%`: two significant digits below 10%. */
export function formatShare(share: number): string {
    if (!Number.isFinite(share)) {
        return '–';
    }
    const pct = share * 100;
    if (pct === 0 || pct === 100) {
        return `${pct}%`;
    }
    if (pct > 99.95) {
        return '>99.9%'; // not all: 100.0% would say every run
    }
    return `${pct >= 10 ? pct.toFixed(1) : Number(pct.toPrecision(2))}%`;
}

/** `estimate` or `simulated, 8 × 24 h`: what the figures are. */
export function outcomeLabel(outcome: WhatIfOutcome): string {
    return outcome.kind === 'estimate'
        ? 'analytic estimate'
        : `simulated, ${outcome.replications} × ${fmtSeconds(outcome.horizon)}`;
}

/**
 * One process on the lens: `scoring p95 4.77 s, 95.2% over 200 ms`; with the
 * result before the last edit, the change: `95.2% → 0.41% over 200 ms`.
 */
export function processFigure(p: ProcessStats, before?: ProcessStats): string {
    const p95 = before && before.p95 !== p.p95 ? `${fmtSeconds(before.p95)} → ${fmtSeconds(p.p95)}` : fmtSeconds(p.p95);
    let text = `${p.name} p95 ${p95}`;
    if (p.deadline !== null) {
        const share = formatShare(lateShare(p));
        const old = before ? formatShare(lateShare(before)) : share;
        text += `, ${old !== share ? `${old} → ${share}` : share} over ${fmtSeconds(p.deadline)}`;
    }
    return text;
}

/** Processes shown on one lens line; the rest are counted (the hover of a line lists its component's). */
export const LENS_PROCESSES = 6;

/** The lens titles after "Simulate": the label, then one per process (at most LENS_PROCESSES, then "+N more"). */
export function lensTitles(outcome: WhatIfOutcome, previous: WhatIfOutcome | undefined, running: boolean): string[] {
    const label = outcomeLabel(outcome) + (outcome.kind === 'estimate' && running ? ', simulating…' : '');
    const figures = outcome.processes.slice(0, LENS_PROCESSES)
        .map(p => processFigure(p, previous?.processes.find(q => q.name === p.name)));
    const more = outcome.processes.length - LENS_PROCESSES;
    return [`${label}:`, ...figures, ...(more > 0 ? [`+${more} more`] : [])];
}

/**
 * The hover's section for an allocation line: a table of the processes whose
 * steps run on the line's component, from `outcome` (and the change from
 * `previous`).
 */
export function hoverSection(component: string, processes: string[], outcome: WhatIfOutcome, previous?: WhatIfOutcome): string {
    const rows = outcome.processes.filter(p => processes.includes(p.name)).map(p => {
        const before = previous?.processes.find(q => q.name === p.name);
        const share = p.deadline === null ? '—' : formatShare(lateShare(p));
        const change = before && p.deadline !== null ? ` (was ${formatShare(lateShare(before))})` : '';
        return `| ${p.name} | ${fmtSeconds(p.p50)} | ${fmtSeconds(p.p95)} | ${p.deadline === null ? '—' : fmtSeconds(p.deadline)} | ${share}${change} |`;
    });
    if (rows.length === 0) {
        return `*What-if (${outcomeLabel(outcome)}):* no process runs a step on \`${component}\`.`;
    }
    const warnings = outcome.warnings.length > 0 ? `\n\n${outcome.warnings.map(w => `⚠ ${w}`).join('\n\n')}` : '';
    return [
        `*What-if (${outcomeLabel(outcome)}): processes served by \`${component}\`*`,
        ['| process | p50 | p95 | deadline | over deadline |', '|---|---:|---:|---:|---:|', ...rows].join('\n')
    ].join('\n\n') + warnings;
}
