/**
 * `simulate --explain` (cli.md): where each process's time goes, as a table
 * per process (one row per step, the parts in seconds per run) with its
 * bottleneck, and as the extra JSON fields `timeParts` and `steps` of each
 * process and the top-level `bottlenecks`; then the largest changes against `current`
 * with what each did, and the headroom (src/opt/explain), as text or as the
 * top-level JSON fields `changes` and `headroom`.
 */
import { toMatrix } from '../model/allocation.js';
import { fmt, fmtSeconds } from '../model/format.js';
import type { AllocationDef, Model } from '../model/types.js';
import { changeEffects, headroom, type Change, type ChangeEffect, type Headroom } from '../opt/index.js';
import { partKeysOf, partSeconds, type ProcessStats, type SimulationResult, type SimulationSettings } from '../sim/api.js';
import { bottleneckOf, describeBottleneck, TIME_PART_LABELS } from '../sim/index.js';

/** The extra JSON fields of one process (absent for estimates, which have no decomposition). */
export function explainJson(p: ProcessStats): Pick<ProcessStats, 'timeParts' | 'steps'> {
    return p.timeParts && p.steps ? { timeParts: p.timeParts, steps: p.steps } : {};
}

/** The top-level `bottlenecks` of --explain: each process's, null without a decomposition or runs. */
export function bottlenecksJson(r: SimulationResult): { process: string; bottleneck: ReturnType<typeof bottleneckOf> }[] {
    return r.processes.map(p => ({ process: p.name, bottleneck: bottleneckOf(p, r.servers) }));
}

/** The tables, one per process, with a line naming the bottleneck. */
export function formatExplain(r: SimulationResult): string {
    const lines: string[] = ['where the time goes (mean seconds per run; a step\'s parts follow its last part to finish):'];
    for (const p of r.processes) {
        lines.push('');
        if (!p.timeParts || !p.steps) {
            lines.push(`${p.name}: no decomposition (${r.estimate ? 'an estimate' : 'not measured'})`);
            continue;
        }
        const keys = partKeysOf(p.timeParts);
        const header = ['process ' + p.name, 'component', ...keys.map(k => TIME_PART_LABELS[k]), 'total', 'cold starts'];
        const rows = p.steps.map(s => [s.step, s.component, ...keys.map(k => cell(partSeconds(s, k))),
            cell(keys.reduce((sum, k) => sum + partSeconds(s, k), 0)), `${(100 * s.coldStartShare).toFixed(1)}%`]);
        rows.push(['all steps', '', ...keys.map(k => cell(partSeconds(p.timeParts!, k))),
            cell(keys.reduce((sum, k) => sum + partSeconds(p.timeParts!, k), 0)), '']);
        lines.push(table(header, rows));
        const b = bottleneckOf(p, r.servers);
        lines.push(b ? `bottleneck: ${describeBottleneck(b)}` : 'bottleneck: none (no runs)');
        if (p.unfinishedRuns > 0) {
            lines.push(`${p.unfinishedRuns} runs had not finished when their replication stopped: the parts cover the steps that finished`);
        }
    }
    return lines.join('\n') + '\n';
}

function cell(x: number): string {
    return x === 0 ? '0' : fmtSeconds(x);
}

function table(header: string[], rows: string[][]): string {
    const widths = header.map((h, c) => Math.max(h.length, ...rows.map(row => row[c].length)));
    const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
    return [line(header), ...rows.map(line)].join('\n');
}

/** What `simulate --explain` adds beyond the decomposition: the changes against the reference and their effects, the headroom. */
export interface ExplainExtras {
    /** Against `current` (or the file's first other allocation); null when the simulated allocation is that one or there is none. */
    changes: { against: string; effects: ChangeEffect[] } | null;
    headroom: Headroom | null;
}

/**
 * The reference of "what changed": the allocation named `current`, else the
 * file's first allocation (the results view's rule, src/webview/service-levels-data.ts),
 * never the simulated one itself.
 */
export function referenceAllocation(model: Model, simulated: AllocationDef): AllocationDef | undefined {
    const others = model.allocations.filter(a => a.name !== simulated.name);
    return others.find(a => a.name === 'current') ?? (model.allocations[0]?.name === simulated.name ? undefined : others[0]);
}

/** Runs the extra simulations (about 3 to 8 for the changes, 6 to 15 for the headroom). */
export function explainExtras(model: Model, settings: SimulationSettings, allocation: AllocationDef): ExplainExtras {
    const reference = referenceAllocation(model, allocation);
    return {
        changes: reference ? { against: reference.name, effects: changeEffects(model, settings, toMatrix(reference), toMatrix(allocation)) } : null,
        headroom: headroom(model, settings, allocation)
    };
}

export function formatExtras(extras: ExplainExtras): string {
    const lines: string[] = [''];
    if (extras.changes) {
        const { against, effects } = extras.changes;
        lines.push(effects.length === 0 ? `same allocation as ${against}` : `largest changes against ${against} and what each did (the allocation simulated without that one change, same random streams):`);
        for (const e of effects) {
            lines.push(`- ${changeText(e.change)}`);
            if (e.refused) { lines.push(`    cannot be undone alone: ${e.refused}`); continue; }
            for (const p of e.processes) {
                lines.push(`    ${p.process}: p95 ${fmtSeconds(p.with.p95)} (without the change ${fmtSeconds(p.without.p95)})`
                    + (Number.isFinite(p.with.overShare) ? `, over deadline ${pct(p.with.overShare)} (without ${pct(p.without.overShare)})` : ''));
            }
            if (e.objectives) { lines.push(`    cost ${fmt(e.objectives.with.cost)} per hour (without ${fmt(e.objectives.without.cost)})`); }
        }
        lines.push('');
    }
    const h = extras.headroom;
    if (!h) {
        lines.push('headroom: no process has a deadline');
    } else {
        const first = h.limitedBy ? `${h.limitedBy.process} (${pct(h.limitedBy.withinDeadline)} within its deadline at x${fmt(h.upper)})` : '';
        lines.push(h.factor === 0 ? `headroom: none: even at x${fmt(h.upper)} of the arrival rates ${first} misses ${pct(h.target)} within the deadline`
            : h.factor < 1 ? `headroom: below 1: the arrival rates must fall to x${fmt(h.factor)} for every process to have ${pct(h.target)} of its runs within the deadline; first to break: ${first}`
            : !Number.isFinite(h.upper) ? `headroom: at least x${fmt(h.factor)} (the search stops there): every process keeps ${pct(h.target)} of its runs within the deadline`
            : `headroom: x${fmt(h.factor)}: all arrival rates can grow by this factor with every process keeping ${pct(h.target)} of its runs within the deadline; first to break: ${first}`);
        lines.push(`  (${h.steps.length} simulations, same random streams)`);
    }
    return lines.join('\n') + '\n';
}

/** "scorer: 1 added (node 1 -> 2)", "scorer on node: made permanent", "limit of report: none -> 1". */
export function changeText(c: Change): string {
    switch (c.kind) {
        case 'component': {
            const parts = [c.moved && `${c.moved} moved`, c.added && `${c.added} added`, c.removed && `${c.removed} removed`].filter(Boolean);
            return `${c.component}: ${parts.join(', ')} (${Object.keys(c.after).map(s => `${s} ${c.before[s]} -> ${c.after[s]}`).join(', ')})`;
        }
        case 'permanent': return `${c.component} on ${c.server}: ${c.permanent ? 'made permanent' : 'no longer permanent'}`;
        case 'limit': return `limit of ${c.step}: ${c.before ?? 'none'} -> ${c.after ?? 'none'}`;
    }
}

function pct(x: number): string {
    return `${(100 * x).toFixed(1)}%`;
}
