/**
 * `simulate --explain` (cli.md): where each process's time goes, as a table
 * per process (one row per step, the parts in seconds per run) with its
 * bottleneck, and as the extra JSON fields `timeParts`, `steps` and
 * `bottleneck` of each process.
 */
import { fmtSeconds } from '../model/format.js';
import { TIME_PART_KEYS, type ProcessStats, type SimulationResult } from '../sim/api.js';
import { bottleneckOf, describeBottleneck, TIME_PART_LABELS } from '../sim/bottleneck.js';

/** The extra JSON fields of one process (absent for estimates, which have no decomposition). */
export function explainJson(p: ProcessStats, r: SimulationResult): Record<string, unknown> {
    if (!p.timeParts || !p.steps) { return {}; }
    return { timeParts: p.timeParts, steps: p.steps, bottleneck: bottleneckOf(p, r.servers) };
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
        const header = ['process ' + p.name, 'component', ...TIME_PART_KEYS.map(k => TIME_PART_LABELS[k]), 'total', 'cold starts'];
        const rows = p.steps.map(s => [s.step, s.component, ...TIME_PART_KEYS.map(k => cell(s[k])),
            cell(TIME_PART_KEYS.reduce((sum, k) => sum + s[k], 0)), `${(100 * s.coldStartShare).toFixed(1)}%`]);
        rows.push(['all steps', '', ...TIME_PART_KEYS.map(k => cell(p.timeParts![k])),
            cell(TIME_PART_KEYS.reduce((sum, k) => sum + p.timeParts![k], 0)), '']);
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
