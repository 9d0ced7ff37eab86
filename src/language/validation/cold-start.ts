/**
 * Warning `cold-start-risk`: a performance risk visible before any run. A
 * component that is not permanent stops as soon as it is idle when keepalive
 * is 0 (semantics.md), so a run that finds no instance up waits its whole
 * startup; when that startup alone exceeds the deadline of a process the
 * component serves, every such run misses the deadline, and with runs far
 * apart nearly every run is one. (A card-fraud scorer starting in 5 s with a
 * 200 ms deadline: 95.8% of runs late; permanent: 0.4%.)
 *
 * Not reported when the component is permanent, when every allocation line
 * that places it says `permanent`, or when the file's keepalive is above 0.
 * The quick fixes (code-actions.ts) make the component permanent or write
 * `data.keepaliveSeconds` into the optimize block.
 */
import type * as ast from '../generated/ast.js';
import type { Model, ProcessDef } from '../../model/types.js';
import { distributionMean } from '../../model/distributions.js';
import { resolveSettings } from '../../model/settings.js';
import { fmtSeconds } from '../../model/analysis.js';
import { Codes } from './codes.js';
import type { Problem } from './problem.js';

export function coldStartRisks(components: Map<string, ast.Component>, model: Model, problems: Problem[]): void {
    const keepalive = resolveSettings(model).keepaliveSeconds;
    if (keepalive > 0) {
        return;
    }
    const componentOfStep = new Map(model.steps.map(s => [s.name, s.component]));
    for (const component of model.components) {
        const node = components.get(component.name);
        if (!node?.startup || component.permanent || component.startupSeconds <= 0) {
            continue;
        }
        const lines = model.allocations.flatMap(a => a.placements.filter(p => p.component === component.name && p.instances > 0));
        if (lines.length > 0 && lines.every(p => p.permanent)) {
            continue;
        }
        const late = model.processes.filter(p => p.deadlineSeconds !== null && p.deadlineSeconds < component.startupSeconds
            && p.steps.some(s => componentOfStep.get(s) === component.name));
        if (late.length === 0) {
            continue;
        }
        const tightest = late.reduce((a, b) => ((b.deadlineSeconds ?? Infinity) < (a.deadlineSeconds ?? Infinity) ? b : a));
        const suggested = suggestedKeepalive(late);
        problems.push({
            severity: 'warning', node, property: 'startup',
            message: `component ${component.name} starts in ${fmtSeconds(component.startupSeconds)}, longer than the deadline `
                + `${fmtSeconds(tightest.deadlineSeconds!)} of process ${tightest.name}${late.length > 1 ? ` (and ${late.length - 1} more)` : ''}, `
                + `and it is not permanent while keepalive is 0 s: an idle instance stops at once, so every run may wait for a cold start `
                + `and miss the deadline. Make it permanent, or keep idle instances up (keepalive ${formatDuration(suggested)})`,
            data: {
                code: Codes.coldStartRisk, component: component.name, process: tightest.name,
                startupSeconds: component.startupSeconds, deadlineSeconds: tightest.deadlineSeconds, keepaliveSeconds: suggested,
                keepalive: formatDuration(suggested)
            }
        });
    }
}

/**
 * A keepalive that keeps an instance up between runs: ten mean gaps between
 * runs of the slowest process at risk (an exponential gap exceeds it with
 * probability e^-10), at least 1 s, rounded up to a whole number of s, min or h.
 */
export function suggestedKeepalive(processes: ProcessDef[]): number {
    const gap = Math.max(...processes.map(p => distributionMean(p.everySeconds)).filter(Number.isFinite), 0);
    const seconds = Math.max(10 * gap, 1);
    const unit = seconds > 3600 ? 3600 : seconds > 60 ? 60 : 1;
    return Math.ceil(seconds / unit) * unit;
}

/** `45 s`, `5 min`, `2 h`: the keepalive as written in the file. */
export function formatDuration(seconds: number): string {
    if (seconds % 3600 === 0) { return `${seconds / 3600} h`; }
    if (seconds % 60 === 0) { return `${seconds / 60} min`; }
    return `${seconds} s`;
}
