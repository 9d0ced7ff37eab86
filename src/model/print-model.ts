/**
 * A whole model as .mlops text (for generated models: `mlops import
 * kubernetes`). Pure. Fields at their defaults are left out; quantities and
 * distributions are written by print.ts, allocations by allocation.ts, so a
 * printed model loads back to the same numbers (up to 10 significant digits).
 * Callers may add comment lines before an element (`notes.before`, keyed
 * `server:NAME`, `component:NAME`, ...) and after the last one (`notes.after`).
 */
import { allocationToText } from './allocation.js';
import { formatDistribution, formatNumber, formatQuantity } from './print.js';
import type { Described, Model, StepDef } from './types.js';

export interface ModelNotes {
    /** Comment lines (without `//`) at the top, after `system`. */
    header?: string[];
    before?: Record<string, string[]>;
    after?: string[];
}

const comment = (lines: string[] | undefined, indent = '') => (lines ?? []).map(l => `${indent}//${l ? ' ' + l : ''}`);

function quoted(text: string): string {
    return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/[\r\n]+/g, ' ')}"`;
}

function head(keyword: string, element: Described, notes: ModelNotes): string[] {
    const lines = comment(notes.before?.[`${keyword}:${element.name}`]);
    if (element.doc) {
        // `*/` cannot appear inside a block comment.
        lines.push(`/** ${element.doc.replace(/\*\//g, '* /')} */`);
    }
    return lines;
}

export function modelToText(model: Model, notes: ModelNotes = {}): string {
    const currency = model.currency ?? 'USD';
    const out: string[] = [`system ${model.system}${model.label ? ` label ${quoted(model.label)}` : ''}`];
    out.push(...comment(notes.header));
    const fields = (list: (string | false | null | undefined)[]) => list.filter((f): f is string => !!f).map(f => `    ${f}`);
    const label = (d: Described) => d.label !== undefined && `label ${quoted(d.label)}`;

    for (const s of model.servers) {
        out.push('', ...head('server', s, notes), `server ${s.name} {`, ...fields([
            label(s),
            `cpu ${formatQuantity(s.cpuGHz, 'cpuSpeed')}`,
            s.gpuTOPS > 0 && `gpu ${formatQuantity(s.gpuTOPS, 'gpuSpeed')}`,
            `ram ${formatQuantity(s.ramMB, 'memory')}`,
            (s.netInMbps !== null || s.netOutMbps !== null) && ['net',
                s.netInMbps !== null && `in ${formatQuantity(s.netInMbps, 'bandwidth')}`,
                s.netOutMbps !== null && `out ${formatQuantity(s.netOutMbps, 'bandwidth')}`].filter(Boolean).join(' '),
            `price ${formatQuantity(s.pricePerSecond, 'money', 10, currency)}`,
            s.count !== 1 && `count ${s.count}`,
            // Written as distributions: a bare quantity would read back as exponential, constant() as constant.
            s.mtbfSeconds && `mtbf ${formatDistribution(s.mtbfSeconds, 'time')}`,
            s.mttrSeconds && `mttr ${formatDistribution(s.mttrSeconds, 'time')}`
        ]), '}');
    }
    for (const c of model.components) {
        const idle = [c.idleCpuGHz > 0 && `cpu ${formatQuantity(c.idleCpuGHz, 'cpuSpeed')}`, c.idleRamMB > 0 && `ram ${formatQuantity(c.idleRamMB, 'memory')}`]
            .filter(Boolean).join(' ');
        out.push('', ...head('component', c, notes), `component ${c.name} {`, ...fields([
            label(c),
            idle && `idle ${idle}`,
            c.permanent && 'permanent',
            c.startupSeconds > 0 && `startup ${formatQuantity(c.startupSeconds, 'time')}`
        ]), '}');
    }
    for (const s of model.steps) {
        const net = [s.netInMbps > 0 && `in ${formatQuantity(s.netInMbps, 'bandwidth')}`, s.netOutMbps > 0 && `out ${formatQuantity(s.netOutMbps, 'bandwidth')}`]
            .filter(Boolean).join(' ');
        out.push('', ...head('step', s, notes), `step ${s.name} {`, ...fields([
            label(s),
            `runs on ${s.component}`,
            s.cpuWorkGHzSeconds && `cpu ${formatDistribution(s.cpuWorkGHzSeconds, 'cpuWork')}`,
            s.gpuWorkTOPSSeconds && `gpu ${formatDistribution(s.gpuWorkTOPSSeconds, 'gpuWork')}`,
            s.ramMB > 0 && `ram ${formatQuantity(s.ramMB, 'memory')}`,
            net && `net ${net}`,
            s.threads !== 1 && `threads ${s.threads}`,
            ...communicationFields(s)
        ]), '}');
    }
    for (const p of model.processes) {
        const weight = [p.weightTime !== 1 && `time ${formatNumber(p.weightTime)}`, p.weightVariance !== 1 && `variance ${formatNumber(p.weightVariance)}`]
            .filter(Boolean).join(' ');
        out.push('', ...head('process', p, notes), `process ${p.name} {`, ...fields([
            label(p),
            `steps ${p.steps.join(' -> ')}`,
            `every ${formatDistribution(p.everySeconds, 'time')}`,
            p.profile && `profile [${p.profile.map(f => `${formatNumber(f.factor)} x ${formatQuantity(f.seconds, 'time')}${f.label !== undefined ? ` ${quoted(f.label)}` : ''}`).join(', ')}]`,
            p.deadlineSeconds !== null && `deadline ${formatQuantity(p.deadlineSeconds, 'time')}`,
            weight && `weight ${weight}`,
            p.priority !== undefined && `priority ${formatNumber(p.priority)}${p.preemptive ? ' preemptive' : ''}`
        ]), '}');
    }
    for (const a of model.allocations) {
        out.push('', ...comment(notes.before?.[`allocation:${a.name}`]), allocationToText(a));
    }
    const o = model.optimize;
    const time = (x: number | undefined) => x !== undefined && formatQuantity(x, 'time');
    const prefer = o.prefer && (['time', 'variance', 'violations', 'cost'] as const)
        .filter(k => o.prefer![k] !== undefined).map(k => `${k} ${formatNumber(o.prefer![k]!)}`).join(' ');
    const settings = [
        o.horizonSeconds !== undefined && `horizon ${time(o.horizonSeconds)}`,
        o.warmupSeconds !== undefined && `warmup ${time(o.warmupSeconds)}`,
        o.keepaliveSeconds !== undefined && `keepalive ${time(o.keepaliveSeconds)}`,
        o.replications !== undefined && `replications ${o.replications}`,
        o.population !== undefined && `population ${o.population}`,
        o.generations !== undefined && `generations ${o.generations}`,
        o.evaluations !== undefined && `evaluations ${o.evaluations}`,
        o.timeoutSeconds !== undefined && `timeout ${time(o.timeoutSeconds)}`,
        o.stagnationGenerations !== undefined && `stagnation ${o.stagnationGenerations}`,
        o.maxEvents !== undefined && `events ${o.maxEvents}`,
        o.seed !== undefined && `seed ${o.seed}`,
        o.latencySeconds !== undefined && `latency ${time(o.latencySeconds)}`,
        prefer && `prefer ${prefer}`
    ];
    if (settings.some(Boolean)) {
        out.push('', 'optimize {', ...fields(settings), '}');
    }
    if (notes.after && notes.after.length > 0) {
        out.push('', ...comment(notes.after));
    }
    return out.join('\n') + '\n';
}

/** `data in .. out ..` and `split serial .. overhead ..` of a step, when it declares them. */
function communicationFields(s: StepDef): (string | false)[] {
    const data = [s.dataInMB !== undefined && `in ${formatQuantity(s.dataInMB, 'memory')}`,
        s.dataOutMB !== undefined && `out ${formatQuantity(s.dataOutMB, 'memory')}`].filter(Boolean).join(' ');
    const overhead = s.splitOverheadGpuTOPSSeconds !== undefined ? formatQuantity(s.splitOverheadGpuTOPSSeconds, 'gpuWork')
        : s.splitOverheadCpuGHzSeconds !== undefined ? formatQuantity(s.splitOverheadCpuGHzSeconds, 'cpuWork') : undefined;
    const split = [s.splitSerial !== undefined && `serial ${formatNumber(s.splitSerial)}`, overhead !== undefined && `overhead ${overhead}`]
        .filter(Boolean).join(' ');
    return [data !== '' && `data ${data}`, split !== '' && `split ${split}`];
}
