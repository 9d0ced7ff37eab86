/**
 * Short, human-readable summaries of the elements, quantities and
 * distributions of a .mlops file, in Markdown. Hover and completion (the
 * documentation of a reference candidate) share them. Numbers are shown in
 * base units (language.md) with thousands separators.
 */
import type { AstNode, CommentProvider } from 'langium';
import * as ast from '../generated/ast.js';
import { distribution, docText, failureTime, quantity } from '../model-builder.js';
import { BASE_UNIT, DIMENSION_NAME, lookupUnit, unitsOf, type Dimension } from '../../model/units.js';
import { distributionMean, distributionQuantile, distributionSd } from '../../model/distributions.js';
import { dimensionOf, fieldOf } from './fields.js';
import type { AllocationDef, Model } from '../../model/types.js';
import { canSpread, spreadAllocation } from '../../model/spread.js';

const NUMBER = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 6 });

/** `64000` → `64,000`; at most 6 significant digits. */
export function formatNumber(value: number): string {
    if (!Number.isFinite(value)) {
        return String(value);
    }
    return NUMBER.format(value);
}

/** The base unit of a dimension as shown to people (money with its currency). */
export function baseUnitLabel(dimension: Dimension, currency?: string): string {
    return dimension === 'money' ? `${currency ?? 'CUR'}/s` : BASE_UNIT[dimension];
}

/**
 * Text for Markdown: work units hold a `*` (`GHz*s`), which Markdown reads
 * as emphasis ("GHzs" with the rest in italics). Every unit and any text the
 * user wrote goes through this in a hover or a completion's documentation.
 */
export function escapeMarkdown(text: string): string {
    return text.replace(/[\\`*_{}[\]<>()#+!|~]/g, c => `\\${c}`);
}

/** Units listed for Markdown: `GHz\*s, GHz\*min, ...`. */
export function unitListMarkdown(dimension: Dimension): string {
    return unitsOf(dimension).map(escapeMarkdown).join(', ');
}

/** `64,000 MB` (Markdown); money also per hour, which people read more easily. */
export function formatBase(value: number, dimension: Dimension, currency?: string): string {
    if (dimension === 'money') {
        return `${formatNumber(value)} ${currency ?? 'CUR'}/s (${formatNumber(value * 3600)} ${currency ?? 'CUR'}/h)`;
    }
    return `${formatNumber(value)} ${escapeMarkdown(BASE_UNIT[dimension])}`;
}

/** The source text of a node, whitespace collapsed (for headings like `exponential(mean 4 h)`). */
export function sourceText(node: AstNode): string {
    return (node.$cstNode?.text ?? '').replace(/\s+/g, ' ').trim();
}

/** The hover of one quantity: its value in base units, or why it has none. */
export function describeQuantity(q: ast.Quantity): string {
    const dimension = dimensionOf(q);
    const written = sourceText(q);
    if (!dimension) {
        return `\`${written}\``;
    }
    if (q.unit === undefined) {
        return `\`${written}\`: ${DIMENSION_NAME[dimension]} needs a unit: ${unitListMarkdown(dimension)}`;
    }
    const info = lookupUnit(q.unit);
    if (!info || info.dimension !== dimension) {
        return `\`${written}\`: '${escapeMarkdown(q.unit)}' is not ${DIMENSION_NAME[dimension]}; use ${unitListMarkdown(dimension)}`;
    }
    return `\`${written}\` = **${formatBase(q.value * info.factor, dimension, info.currency)}**`;
}

/** Mean, standard deviation and the 5th/95th percentiles of a distribution, in base units. */
export function describeDistribution(d: ast.Distribution): string | undefined {
    const dimension = dimensionOf(d);
    if (!dimension) {
        return undefined;
    }
    const dist = distribution(d, dimension);
    const unit = escapeMarkdown(BASE_UNIT[dimension]);
    const rows: Array<[string, number]> = [
        ['mean', distributionMean(dist)],
        ['sd', distributionSd(dist)],
        ['p5', distributionQuantile(dist, 0.05)],
        ['p95', distributionQuantile(dist, 0.95)]
    ];
    const values = rows.map(([name, value]) => `${name} ${formatNumber(value)} ${unit}`).join(' · ');
    return `\`${sourceText(d)}\` (${DIMENSION_NAME[dimension]})\n\n${values}`;
}

/** Where a quantity or distribution stands, e.g. `cpu of step train`. */
export function describeField(node: AstNode): string | undefined {
    const field = fieldOf(node);
    if (!field) {
        return undefined;
    }
    const name = (field.element as { name?: string }).name;
    const kind = elementKind(field.element);
    return `${field.property} of ${kind}${name ? ` \`${name}\`` : ''}`;
}

export function elementKind(node: AstNode): string {
    switch (node.$type) {
        case ast.Model.$type: return 'system';
        case ast.OptimizeBlock.$type: return 'optimize block';
        default: return node.$type.toLowerCase();
    }
}

/** The `/** ... *\/` comment before a node, without its markers. */
export function docOf(node: AstNode, comments: CommentProvider): string | undefined {
    const comment = node.$cstNode ? comments.getComment(node) : undefined;
    return comment && comment.startsWith('/**') ? docText(comment) : undefined;
}

/** The heading, label and doc comment shared by every element summary. */
function header(node: AstNode & { name?: string; label?: string }, comments: CommentProvider): string[] {
    const lines = [`**${elementKind(node)}** \`${node.name ?? ''}\`${node.label !== undefined ? ` — ${escapeMarkdown(node.label)}` : ''}`];
    const doc = docOf(node, comments);
    if (doc) {
        lines.push(doc);
    }
    return lines;
}

/** The summary of an element (server, component, step, process, allocation, system). */
export function describeElement(node: AstNode, comments: CommentProvider): string | undefined {
    if (ast.isServer(node)) {
        return [...header(node, comments), describeServer(node)].join('\n\n');
    }
    if (ast.isComponent(node)) {
        return [...header(node, comments), describeComponent(node)].join('\n\n');
    }
    if (ast.isStep(node)) {
        return [...header(node, comments), describeStep(node)].join('\n\n');
    }
    if (ast.isProcess(node)) {
        return [...header(node, comments), describeProcess(node)].join('\n\n');
    }
    if (ast.isAllocation(node)) {
        return [...header(node, comments), describeAllocation(node)].join('\n\n');
    }
    if (ast.isModel(node)) {
        const count = (is: (n: unknown) => boolean, noun: string) => {
            const n = node.elements.filter(is).length;
            return `${n} ${noun}${n === 1 ? '' : noun.endsWith('s') ? 'es' : 's'}`;
        };
        return [...header(node, comments),
            [count(ast.isServer, 'server kind'), count(ast.isComponent, 'component'), count(ast.isStep, 'step'),
                count(ast.isProcess, 'process'), count(ast.isAllocation, 'allocation')].join(' · ')].join('\n\n');
    }
    return undefined;
}

function currencyOf(q: ast.Quantity | undefined): string | undefined {
    return q?.unit ? lookupUnit(q.unit)?.currency : undefined;
}

function describeServer(s: ast.Server): string {
    const count = s.count ?? 1;
    const cpu = quantity(s.cpu, 'cpuSpeed');
    const gpu = quantity(s.gpu, 'gpuSpeed');
    const ram = quantity(s.ram, 'memory');
    const price = quantity(s.price, 'money');
    const currency = currencyOf(s.price) ?? 'CUR';
    const net = s.net
        ? ` · net in ${s.netIn ? formatBase(quantity(s.netIn, 'bandwidth'), 'bandwidth') : 'unlimited'}`
            + ` out ${s.netOut ? formatBase(quantity(s.netOut, 'bandwidth'), 'bandwidth') : 'unlimited'}`
        : '';
    const one = `One machine: CPU ${formatNumber(cpu)} GHz · GPU ${formatNumber(gpu)} TOPS · RAM ${formatNumber(ram)} MB${net}`
        + ` · ${formatNumber(price * 3600)} ${currency}/h`;
    const all = `All ${formatNumber(count)} machine${count === 1 ? '' : 's'}: CPU ${formatNumber(cpu * count)} GHz · GPU ${formatNumber(gpu * count)} TOPS`
        + ` · RAM ${formatNumber(ram * count)} MB · ${formatNumber(price * 3600 * count)} ${currency}/h`;
    return `${one}\n\n${all}${failures(s)}`;
}

/** `mtbf`/`mttr` given: the mean times and the long-run share each machine works (docs/semantics.md, "Failures and availability"). */
function failures(s: ast.Server): string {
    if (!s.mtbf || !s.mttr) {
        return '';
    }
    const up = distributionMean(failureTime(s.mtbf)), down = distributionMean(failureTime(s.mttr));
    if (!(up > 0) || !(down > 0)) {
        return '';
    }
    return `\n\nFailures: each machine works ${formatBase(up, 'time')} on average between failures, repaired in ${formatBase(down, 'time')}:`
        + ` available ${(100 * up / (up + down)).toFixed(3)}% of the time`;
}

function describeComponent(c: ast.Component): string {
    const parts = [
        `Idle: CPU ${formatNumber(quantity(c.idleCpu, 'cpuSpeed'))} GHz · RAM ${formatNumber(quantity(c.idleRam, 'memory'))} MB`,
        `start-up ${formatNumber(quantity(c.startup, 'time'))} s`
    ];
    if (c.permanent) {
        parts.push('permanent');
    }
    return parts.join(' · ');
}

function meanOf(d: ast.Distribution | undefined, dimension: Dimension): number | undefined {
    return d ? distributionMean(distribution(d, dimension)) : undefined;
}

function describeStep(s: ast.Step): string {
    const parts = [`Runs on \`${s.component?.$refText ?? '?'}\``];
    const cpu = meanOf(s.cpu, 'cpuWork');
    const gpu = meanOf(s.gpu, 'gpuWork');
    if (cpu !== undefined) { parts.push(`CPU work mean ${formatBase(cpu, 'cpuWork')}`); }
    if (gpu !== undefined) { parts.push(`GPU work mean ${formatBase(gpu, 'gpuWork')}`); }
    if (s.ram) { parts.push(`RAM ${formatNumber(quantity(s.ram, 'memory'))} MB`); }
    parts.push(`threads ${formatNumber(s.threads ?? 1)}`);
    if (s.dataIn || s.dataOut) {
        parts.push(`data in ${formatNumber(quantity(s.dataIn, 'memory'))} MB, out ${formatNumber(quantity(s.dataOut, 'memory'))} MB`);
    }
    if (s.splitSerial !== undefined) { parts.push(`split serial ${formatNumber(s.splitSerial)}`); }
    if (s.splitOverhead) { parts.push(`split overhead ${s.splitOverhead.value} ${s.splitOverhead.unit ?? ''} per other part`); }
    return parts.join(' · ');
}

function describeProcess(p: ast.Process): string {
    const parts = [`Steps: ${p.steps.map(r => r?.$refText ?? '?').join(' → ') || '(none)'}`];
    const every = meanOf(p.every, 'time');
    if (every !== undefined) {
        parts.push(`a run every ${formatNumber(every)} s on average`);
    }
    parts.push(p.deadline ? `deadline ${formatNumber(quantity(p.deadline, 'time'))} s` : 'no deadline');
    return parts.join(' · ');
}

function describeAllocation(a: ast.Allocation): string {
    const lines = a.placements.map(p =>
        `- \`${p.component?.$refText ?? '?'}\` on \`${p.server?.$refText ?? '?'}\` × ${formatNumber(p.count)}${p.permanent ? ' (permanent)' : ''}`);
    for (const limit of a.limits) {
        lines.push(`- limit \`${limit.step?.$refText ?? '?'}\` to ${formatNumber(limit.value)}`);
    }
    const instances = a.placements.reduce((sum, p) => sum + (p.count ?? 0), 0);
    return `${formatNumber(instances)} instances\n\n${lines.join('\n')}`;
}

/**
 * An allocation line: where its instances land after spreading (semantics.md)
 * and the idle load of those machines against their capacity.
 */
export function describePlacement(model: Model, allocation: AllocationDef, index: number): string | undefined {
    const placement = allocation.placements[index];
    const server = placement ? model.servers.find(s => s.name === placement.server) : undefined;
    if (!placement || !server || !canSpread(model, allocation)) {
        return undefined;
    }
    const machines = spreadAllocation(model, allocation).filter(m => m.server === server.name);
    const rows = machines
        .filter(m => m.instances.length > 0)
        .map(m => {
            const mine = m.instances.filter(i => i.placement === index).length;
            const over = m.idleCpuGHz >= server.cpuGHz || m.idleRamMB >= server.ramMB ? ' **over capacity**' : '';
            return `| ${server.name}#${m.index + 1} | ${mine} | ${m.instances.length} | ${formatNumber(m.idleCpuGHz)} / ${formatNumber(server.cpuGHz)} GHz`
                + ` | ${formatNumber(m.idleRamMB)} / ${formatNumber(server.ramMB)} MB${over} |`;
        });
    const used = machines.filter(m => m.instances.some(i => i.placement === index)).length;
    return [
        `**${formatNumber(placement.instances)}** instance${placement.instances === 1 ? '' : 's'} of \`${placement.component}\` on ${used} of the ${formatNumber(server.count)} \`${server.name}\` machines`
            + (placement.permanent ? ' (permanent)' : ''),
        ['| machine | this line | all instances | idle CPU | idle RAM |', '|---|---:|---:|---:|---:|', ...rows].join('\n')
    ].join('\n\n');
}
