/**
 * Export: the front as JSON (the whole result, as `mlops optimize --json`
 * plus the view's fields) or as CSV (one row per solution, then the
 * baselines). Pure.
 */
import { OBJECTIVE_KEYS } from '../model/types.js';
import type { OptimizationResult, Solution } from '../opt/api.js';

export function frontToJson(result: OptimizationResult): string {
    return JSON.stringify(result, null, 2) + '\n';
}

/** RFC 4180 field: quoted when it holds a comma, a quote or a line break; a leading =+-@ is neutralized for spreadsheets. */
export function csvField(value: string | number): string {
    let text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value;
    if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) {
        text = `'${text}`;
    }
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function frontToCsv(result: OptimizationResult): string {
    const cells = result.components.flatMap(c => result.servers.map(s => ({ c, s })));
    const header = ['solution', 'chosen', ...OBJECTIVE_KEYS.map(k => (k === 'cost' && result.currency ? `cost_${result.currency}_per_h` : k === 'time' ? 'time_s' : k === 'variance' ? 'variance_s2' : k === 'violations' ? 'violations_per_h' : k)),
        ...cells.map(({ c, s }) => `${c}@${s}`), ...cells.map(({ c, s }) => `${c}@${s}:permanent`), ...result.steps.map(st => `limit:${st}`)];
    const row = (name: string, chosen: boolean, sol: Solution) => [name, chosen ? 'yes' : '',
        ...OBJECTIVE_KEYS.map(k => sol.objectives[k]),
        ...cells.map(({ c, s }) => sol.allocation.instances[c]?.[s] ?? 0),
        ...cells.map(({ c, s }) => ((sol.allocation.permanent[c] ?? []).includes(s) ? 'yes' : '')),
        ...result.steps.map(st => sol.allocation.limits[st] ?? '')];
    const rows = [header,
        ...result.front.map((sol, i) => row(String(i + 1), i === result.chosen, sol)),
        ...result.baselines.map(b => row(b.name, false, b))];
    return rows.map(r => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
