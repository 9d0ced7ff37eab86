/**
 * The selected solution's results per phase of the arrival profile
 * (docs/semantics.md, "Profiles"): one row per phase with its place in the
 * cycle, its rate factor and the four criteria; then each process's runs,
 * mean and p95 per phase (p95 marked against the deadline). Nothing when no
 * process has a profile. Pure DOM, text only (names through displayName).
 */
import type { OptimizationResult, SolutionDetails } from '../opt/api.js';
import { el } from './dom.js';
import { displayName, formatNumber, formatPercent, formatSeconds } from './format.js';

export function phaseTables(result: Pick<OptimizationResult, 'labels' | 'currency'>, details: SolutionDetails): HTMLElement | undefined {
    const ph = details.phases;
    if (!ph || ph.phases.length === 0) { return undefined; }
    const hours = (s: number) => `${formatNumber(s / 3600)} h`;
    const cell = (text: string, cls?: string) => el('td', { class: cls }, text);
    const criteria = el('table', { class: 'data phases' },
        el('thead', {}, el('tr', {}, ...['phase', 'in the cycle', 'rate ×', 'mean time', 'violations /h', `cost ${result.currency ?? ''}/h`.replace('  ', ' ')]
            .map(h => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, ...ph.phases.map(p => el('tr', {},
            el('th', { scope: 'row' }, p.phase), cell(`${hours(p.start)} – ${hours(p.end)}`), cell(formatNumber(p.factor)),
            cell(formatSeconds(p.objectives.time)), cell(formatNumber(p.objectives.violations)), cell(formatNumber(p.objectives.cost))))));
    const deadlines = new Map(details.processes.map(x => [x.name, x.deadline]));
    const names = ph.phases[0].processes.map(x => x.name);
    const perProcess = el('table', { class: 'data phases' },
        el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'process'), el('th', { scope: 'col' }, 'phase'),
            ...['runs', 'mean', 'p95', 'over deadline'].map(h => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, ...names.flatMap((name, i) => ph.phases.map((p, f) => {
            const x = p.processes[i];
            const deadline = deadlines.get(name) ?? null;
            return el('tr', {},
                f === 0 ? el('th', { scope: 'row', rowspan: String(ph.phases.length) }, displayName(result, name)) : undefined,
                cell(p.phase), cell(formatNumber(x.runs)), cell(formatSeconds(x.mean)),
                cell(formatSeconds(x.p95), deadline !== null && x.p95 > deadline ? 'late' : undefined),
                cell(x.runs > 0 ? formatPercent(x.violations / x.runs) : '–'));
        }))));
    return el('div', { class: 'process-table' },
        el('h3', {}, `Per phase of the ${hours(ph.cycle)} cycle (profile of ${displayName(result, ph.process)})`), criteria, perProcess);
}
