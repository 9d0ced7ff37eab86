/**
 * Checks of one element on its own (language.md checks 2 and the optimize
 * settings): required fields, fields given twice, units and numbers,
 * distribution parameters. `elementProblems` is cached per AST node so that
 * the whole-model checks can skip invalid elements without reporting twice.
 */
import { CstUtils, GrammarAST, type AstNode, type CstNode } from 'langium';
import * as ast from '../generated/ast.js';
import { DEFAULT_SETTINGS } from '../../model/settings.js';
import type { Dimension } from '../../model/units.js';
import { fmtSeconds } from '../../model/analysis.js';
import { MAX_SEED } from '../../model/limits.js';
import { MAX_SPREAD_COUNT } from '../../model/spread.js';
import { Codes } from './codes.js';
import type { Problem } from './problem.js';
import { checkNumber, checkQuantity, err, naturalUnits, type Sign } from './units-check.js';
import { DIMENSION_NAME, lookupUnit, unitsOf } from '../../model/units.js';

const cache = new WeakMap<AstNode, Problem[]>();

/** The problems of one element (server, component, step, process, allocation, optimize block). */
export function elementProblems(node: ast.Element, currency?: string): Problem[] {
    let problems = cache.get(node);
    if (!problems) {
        problems = computeProblems(node, currency);
        cache.set(node, problems);
    }
    return problems;
}

/** True when the element has no error of its own (references are checked separately). */
export function isValidElement(node: ast.Element, currency?: string): boolean {
    return !elementProblems(node, currency).some(p => p.severity === 'error');
}

function computeProblems(node: ast.Element, currency?: string): Problem[] {
    const problems: Problem[] = [];
    duplicateFields(node, problems);
    switch (node.$type) {
        case ast.Server.$type: server(node as ast.Server, problems, currency); break;
        case ast.Component.$type: component(node as ast.Component, problems); break;
        case ast.Step.$type: step(node as ast.Step, problems); break;
        case ast.Process.$type: process(node as ast.Process, problems); break;
        case ast.Allocation.$type: allocation(node as ast.Allocation, problems); break;
        case ast.OptimizeBlock.$type: optimize(node as ast.OptimizeBlock, problems); break;
    }
    return problems;
}

function kindOf(node: ast.Element): string {
    return node.$type === ast.OptimizeBlock.$type ? 'optimize' : node.$type.toLowerCase();
}

function title(node: ast.Element): string {
    return ast.isOptimizeBlock(node) ? 'optimize' : `${kindOf(node)} ${node.name}`;
}

function required(node: ast.Element, present: boolean, field: string, example: string, problems: Problem[]): void {
    if (!present) {
        problems.push({
            severity: 'error', node, property: 'name',
            message: `${title(node)} has no '${field}' (e.g. ${example})`,
            data: { code: Codes.missingField, field }
        });
    }
}

/** `net`, `idle`, `weight`, `prefer` without any of their sub-fields. */
function emptyGroup(node: ast.Element, present: boolean, empty: boolean, keyword: string, expected: string, problems: Problem[]): void {
    if (present && empty) {
        const leaf = directKeywords(node).find(k => keywordOf(k) === keyword);
        problems.push({
            severity: 'error', node, range: leaf?.range,
            message: `'${keyword}' in ${title(node)} needs ${expected}`,
            data: { code: Codes.missingField, field: keyword }
        });
    }
}

function server(s: ast.Server, problems: Problem[], currency?: string): void {
    const what = (f: string) => `${f} of server ${s.name}`;
    required(s, s.cpu !== undefined, 'cpu', 'cpu 32 GHz', problems);
    required(s, s.ram !== undefined, 'ram', 'ram 64 GB', problems);
    required(s, s.price !== undefined, 'price', 'price 1.20 EUR/h', problems);
    quantity(s.cpu, 'cpuSpeed', what('cpu'), 'positive', problems);
    quantity(s.gpu, 'gpuSpeed', what('gpu'), 'nonNegative', problems);
    quantity(s.ram, 'memory', what('ram'), 'positive', problems);
    quantity(s.netIn, 'bandwidth', what('net in'), 'positive', problems);
    quantity(s.netOut, 'bandwidth', what('net out'), 'positive', problems);
    quantity(s.price, 'money', what('price'), 'nonNegative', problems, currency);
    emptyGroup(s, s.net, !s.netIn && !s.netOut, 'net', "'in' and/or 'out' with a bandwidth", problems);
    failures(s, problems);
    if (s.count !== undefined && checkNumber(s.count, s, 'count', what('count'), { sign: 'positive', integer: true }, problems)
        && s.count > MAX_COUNT) {
        problems.push(err(s, 'count', Codes.invalidNumber, `${what('count')} is ${s.count}; at most ${MAX_COUNT} machines per server kind are supported`));
    }
}

/**
 * `mtbf` and `mttr` (docs/language.md, "Failures"): positive times, and one
 * without the other is an error: a machine that fails and is never repaired,
 * or repairs without failures, is surely a slip, not a model.
 */
function failures(s: ast.Server, problems: Problem[]): void {
    distribution(s.mtbf, 'time', `mtbf of server ${s.name}`, 'positive', problems);
    distribution(s.mttr, 'time', `mttr of server ${s.name}`, 'positive', problems);
    const [given, missing] = s.mtbf && !s.mttr ? ['mtbf', 'mttr'] : !s.mtbf && s.mttr ? ['mttr', 'mtbf'] : [];
    if (given && missing) {
        problems.push(err(s, given as 'mtbf' | 'mttr', Codes.failureFieldAlone,
            `server ${s.name} has '${given}' but no '${missing}': failures need both the time between failures and the time to repair `
            + `(e.g. mtbf 500 h mttr 2 h)`));
    }
}

/**
 * Largest machine count of a server kind and instance count of one placement
 * line: spreading and simulation hold one record per machine and instance, so
 * `count 1e308` would exhaust memory (docs/limits.md).
 */
export const MAX_COUNT = MAX_SPREAD_COUNT;

function component(c: ast.Component, problems: Problem[]): void {
    const what = (f: string) => `${f} of component ${c.name}`;
    quantity(c.idleCpu, 'cpuSpeed', what('idle cpu'), 'nonNegative', problems);
    quantity(c.idleRam, 'memory', what('idle ram'), 'nonNegative', problems);
    quantity(c.startup, 'time', what('startup'), 'nonNegative', problems);
    emptyGroup(c, c.idle, !c.idleCpu && !c.idleRam, 'idle', "'cpu' and/or 'ram'", problems);
}

function step(s: ast.Step, problems: Problem[]): void {
    const what = (f: string) => `${f} of step ${s.name}`;
    required(s, s.component !== undefined, 'runs on', 'runs on my_component', problems);
    distribution(s.cpu, 'cpuWork', what('cpu'), 'nonNegative', problems);
    distribution(s.gpu, 'gpuWork', what('gpu'), 'nonNegative', problems);
    quantity(s.ram, 'memory', what('ram'), 'nonNegative', problems);
    quantity(s.netIn, 'bandwidth', what('net in'), 'nonNegative', problems);
    quantity(s.netOut, 'bandwidth', what('net out'), 'nonNegative', problems);
    emptyGroup(s, s.net, !s.netIn && !s.netOut, 'net', "'in' and/or 'out' with a bandwidth", problems);
    if (s.threads !== undefined) {
        checkNumber(s.threads, s, 'threads', what('threads'), { sign: 'positive', integer: true }, problems);
    }
    communication(s, what, problems);
}

/** `data in/out` and `split serial/overhead` of a step (docs/language.md, "Communication"). */
function communication(s: ast.Step, what: (f: string) => string, problems: Problem[]): void {
    quantity(s.dataIn, 'memory', what('data in'), 'nonNegative', problems);
    quantity(s.dataOut, 'memory', what('data out'), 'nonNegative', problems);
    emptyGroup(s, s.data, !s.dataIn && !s.dataOut, 'data', "'in' and/or 'out' with an amount of data (e.g. data in 200 MB)", problems);
    emptyGroup(s, s.split, s.splitSerial === undefined && !s.splitOverhead, 'split', "'serial' with a fraction and/or 'overhead' with a work (e.g. split serial 0.1)", problems);
    if (s.splitSerial !== undefined && checkNumber(s.splitSerial, s, 'splitSerial', what('split serial'), { sign: 'nonNegative' }, problems)
        && !(s.splitSerial < 1)) {
        problems.push(err(s, 'splitSerial', Codes.invalidSplitCost,
            `${what('split serial')} is ${s.splitSerial}; the serial fraction must be below 1 (0: a perfect split, 0.1: a tenth of the work is done by every part)`));
    }
    if (s.split && (s.threads === undefined || s.threads === 1)) {
        const leaf = directKeywords(s).find(k => keywordOf(k) === 'split');
        problems.push({
            severity: 'warning', node: s, range: leaf?.range,
            message: `step ${s.name} is never split (threads 1), so its 'split' cost has no effect; give it 'threads N' to let it be split over N instances`,
            data: { code: Codes.splitCostUnused }
        });
    }
    const overhead = s.splitOverhead;
    if (overhead) {
        const kind = overhead.unit !== undefined ? lookupUnit(overhead.unit)?.dimension : undefined;
        const dimension: Dimension = kind === 'gpuWork' ? 'gpuWork' : 'cpuWork';
        if (kind === 'gpuWork' || kind === 'cpuWork' || overhead.unit === undefined) {
            if (checkQuantity(overhead, dimension, what('split overhead'), 'nonNegative', problems) !== undefined) {
                const has = dimension === 'gpuWork' ? s.gpu !== undefined : s.cpu !== undefined;
                if (!has) {
                    problems.push(err(overhead, 'unit', Codes.invalidSplitCost, `${what('split overhead')} is ${dimension === 'gpuWork' ? 'GPU' : 'CPU'} work, `
                        + `but the step has no ${dimension === 'gpuWork' ? 'GPU' : 'CPU'} work: give the overhead in the unit of the step's work (${unitsOf(dimension === 'gpuWork' ? 'cpuWork' : 'gpuWork').join(', ')})`));
                }
            }
        } else {
            problems.push({
                severity: 'error', node: overhead, property: 'unit',
                message: `${what('split overhead')}: '${overhead.unit}' is ${kind ? DIMENSION_NAME[kind] : 'an unknown unit'}, expected CPU work (${unitsOf('cpuWork').join(', ')}) or GPU work (${unitsOf('gpuWork').join(', ')})`,
                data: { code: Codes.wrongUnit, units: naturalUnits(s.gpu && !s.cpu ? 'gpuWork' : 'cpuWork') }
            });
        }
    }
}

function process(p: ast.Process, problems: Problem[]): void {
    const what = (f: string) => `${f} of process ${p.name}`;
    required(p, p.steps.length > 0, 'steps', 'steps load -> score', problems);
    required(p, p.every !== undefined, 'every', 'every exponential(mean 10 s)', problems);
    distribution(p.every, 'time', what('every'), 'positive', problems);
    quantity(p.deadline, 'time', what('deadline'), 'positive', problems);
    emptyGroup(p, p.weight, p.weightTime === undefined && p.weightVariance === undefined, 'weight', "'time' and/or 'variance' with a number", problems);
    if (p.weightTime !== undefined) {
        checkNumber(p.weightTime, p, 'weightTime', what('weight time'), { sign: 'nonNegative' }, problems);
    }
    if (p.weightVariance !== undefined) {
        checkNumber(p.weightVariance, p, 'weightVariance', what('weight variance'), { sign: 'nonNegative' }, problems);
    }
    if (p.profile) {
        profile(p.profile, what('profile'), problems);
    }
    if (p.priority !== undefined && checkNumber(p.priority, p, 'priority', what('priority'), { sign: 'any', integer: true }, problems)
        && Math.abs(p.priority) > MAX_PRIORITY) {
        problems.push(err(p, 'priority', Codes.invalidNumber, `${what('priority')} is ${p.priority}; priorities from -${MAX_PRIORITY} to ${MAX_PRIORITY} are supported`));
    }
}

/** Largest priority in size (the simulator's queue key, src/sim/priority.ts, stays exact up to 8191). */
export const MAX_PRIORITY = 1000;

/** Most phases of one profile (each run looks its phase up among them). */
export const MAX_PROFILE_PHASES = 1000;

/** `profile [f x length, ...]`: factors >= 0 with one > 0, lengths > 0 (docs/language.md, "Profiles"). */
function profile(pr: ast.Profile, what: string, problems: Problem[]): void {
    for (const [i, phase] of pr.phases.entries()) {
        checkNumber(phase.factor, phase, 'factor', `${what}, phase ${i + 1}: the rate factor`, { sign: 'nonNegative', code: Codes.invalidProfile }, problems);
        checkQuantity(phase.length, 'time', `${what}, phase ${i + 1}: the length`, 'positive', problems);
    }
    if (pr.phases.length > MAX_PROFILE_PHASES) {
        problems.push(err(pr, undefined, Codes.invalidProfile, `${what} has ${pr.phases.length} phases; at most ${MAX_PROFILE_PHASES} are supported`));
    } else if (pr.phases.length > 0 && pr.phases.every(f => f.factor === 0)) {
        problems.push(err(pr, undefined, Codes.invalidProfile, `${what}: every factor is 0, so no run would ever arrive; give at least one phase a factor above 0`));
    }
}

function allocation(a: ast.Allocation, problems: Problem[]): void {
    a.placements.forEach(p => {
        // Parser recovery may leave parts of a placement out (a syntax error is reported there).
        if (p.count === undefined) {
            return;
        }
        const what = `instances of ${p.component?.$refText ?? '?'} on ${p.server?.$refText ?? '?'} in allocation ${a.name}`;
        if (checkNumber(p.count, p, 'count', what, { sign: 'positive', integer: true }, problems) && p.count > MAX_COUNT) {
            problems.push(err(p, 'count', Codes.invalidNumber, `${what}: ${p.count} is above the supported ${MAX_COUNT} instances per line`));
        }
    });
    const seen = new Map<string, ast.Limit>();
    for (const limit of a.limits) {
        const what = `limit of step ${limit.step?.$refText ?? '?'} in allocation ${a.name}`;
        if (!Number.isFinite(limit.value)) {
            checkNumber(limit.value, limit, 'value', what, { sign: 'any' }, problems);
        } else if (limit.value < 1) {
            problems.push(err(limit, 'value', Codes.limitBelowOne, `${what} is ${limit.value}; a step needs at least 1 instance`));
        } else {
            checkNumber(limit.value, limit, 'value', what, { sign: 'positive', integer: true }, problems);
        }
        const first = seen.get(limit.step?.$refText ?? '');
        if (first) {
            problems.push(err(limit, 'step', Codes.duplicateField,
                `step ${limit.step.$refText} has a second limit in allocation ${a.name} (first on line ${line(first.$cstNode)})`));
        } else {
            seen.set(limit.step?.$refText ?? '', limit);
        }
    }
}

function optimize(o: ast.OptimizeBlock, problems: Problem[]): void {
    const what = (f: string) => `optimize ${f}`;
    const horizon = quantity(o.horizon, 'time', what('horizon'), 'positive', problems);
    const warmup = quantity(o.warmup, 'time', what('warmup'), 'nonNegative', problems);
    quantity(o.keepalive, 'time', what('keepalive'), 'nonNegative', problems);
    quantity(o.timeout, 'time', what('timeout'), 'positive', problems);
    quantity(o.latency, 'time', what('latency'), 'nonNegative', problems);
    const counts: [keyof ast.OptimizeBlock & string, number | undefined, number][] = [
        ['replications', o.replications, 1], ['population', o.population, 4], ['generations', o.generations, 1],
        ['evaluations', o.evaluations, 1], ['stagnation', o.stagnation, 1], ['events', o.events, 1]
    ];
    for (const [field, value, min] of counts) {
        if (value === undefined) {
            continue;
        }
        if (checkNumber(value, o, field, what(field), { sign: 'positive', integer: true }, problems) && value < min) {
            problems.push(err(o, field, Codes.invalidSetting, `${what(field)} must be at least ${min}, got ${value}`));
        }
    }
    if (o.seed !== undefined && checkNumber(o.seed, o, 'seed', what('seed'), { sign: 'nonNegative', integer: true }, problems)
        && o.seed > MAX_SEED) {
        problems.push(err(o, 'seed', Codes.invalidSetting, `${what('seed')} must be at most ${MAX_SEED} (32 bits), got ${o.seed}`));
    }
    const prefer: [string, number | undefined][] = [
        ['preferTime', o.preferTime], ['preferVariance', o.preferVariance], ['preferViolations', o.preferViolations], ['preferCost', o.preferCost]
    ];
    let preferOk = true;
    for (const [field, value] of prefer) {
        if (value !== undefined) {
            preferOk = checkNumber(value, o, field, what(`prefer ${field.slice(6).toLowerCase()}`), { sign: 'nonNegative' }, problems) && preferOk;
        }
    }
    emptyGroup(o, o.prefer, prefer.every(([, v]) => v === undefined), 'prefer', "at least one of 'time', 'variance', 'violations', 'cost' with a weight", problems);
    if (o.prefer && preferOk && prefer.some(([, v]) => v !== undefined)) {
        const weights = prefer.map(([, v]) => v ?? DEFAULT_SETTINGS.prefer.time);
        if (weights.every(w => w === 0)) {
            problems.push(err(o, 'preferTime', Codes.invalidSetting, 'optimize prefer: at least one weight must be above 0'));
        }
    }
    // warmup < horizon, with the defaults standing in for a missing one.
    const h = o.horizon ? horizon : DEFAULT_SETTINGS.horizonSeconds;
    const w = o.warmup ? warmup : DEFAULT_SETTINGS.warmupSeconds;
    if (h !== undefined && w !== undefined && !(w < h)) {
        const property = o.warmup ? 'warmup' : 'horizon';
        problems.push(err(o, property, Codes.invalidSetting,
            `optimize warmup ${fmtSeconds(w)}${o.warmup ? '' : ' (the default)'} must be below horizon ${fmtSeconds(h)}${o.horizon ? '' : ' (the default)'}`));
    }
}

function quantity(q: ast.Quantity | undefined, dim: Dimension, what: string, sign: Sign, problems: Problem[], currency?: string): number | undefined {
    return q ? checkQuantity(q, dim, what, sign, problems, currency) : undefined;
}

/**
 * Checks a distribution's parameters. `sign` applies to its mean: 'positive'
 * for the time between runs, 'nonNegative' for works.
 */
function distribution(d: ast.Distribution | undefined, dim: Dimension, what: string, sign: Sign, problems: Problem[]): void {
    if (!d) {
        return;
    }
    const bad = (node: AstNode, property: string, message: string) =>
        problems.push(err(node, property, Codes.invalidDistribution, `${what}: ${message}`));
    switch (d.$type) {
        case ast.Quantity.$type:
            checkQuantity(d as ast.Quantity, dim, what, sign, problems);
            return;
        case ast.Constant.$type:
            checkQuantity((d as ast.Constant).value, dim, what, sign, problems);
            return;
        case ast.Exponential.$type:
            checkQuantity((d as ast.Exponential).mean, dim, `${what} (mean)`, 'positive', problems);
            return;
        case ast.Uniform.$type: {
            const u = d as ast.Uniform;
            const min = checkQuantity(u.min, dim, `${what} (min)`, 'nonNegative', problems);
            const max = checkQuantity(u.max, dim, `${what} (max)`, sign === 'positive' ? 'positive' : 'nonNegative', problems);
            if (min !== undefined && max !== undefined && min > max) {
                bad(u, 'max', `uniform min ${u.min.value} ${u.min.unit} is above max ${u.max.value} ${u.max.unit}`);
            }
            return;
        }
        case ast.Normal.$type: {
            const n = d as ast.Normal;
            checkQuantity(n.mean, dim, `${what} (mean)`, sign === 'positive' ? 'positive' : 'nonNegative', problems);
            const sd = checkQuantity(n.sd, dim, `${what} (sd)`, 'any', problems);
            if (sd !== undefined && sd < 0) {
                bad(n.sd, 'value', `normal sd must not be negative, got ${n.sd.value}`);
            }
            return;
        }
        case ast.Lognormal.$type:
        case ast.Gamma.$type: {
            const g = d as ast.Lognormal | ast.Gamma;
            checkQuantity(g.mean, dim, `${what} (mean)`, 'positive', problems);
            if (!Number.isFinite(g.cv)) {
                problems.push(err(g, 'cv', Codes.invalidNumber, `${what}: cv is not finite (${g.cv})`));
            } else if (g.cv < 0) {
                bad(g, 'cv', `cv (coefficient of variation) must not be negative, got ${g.cv}`);
            }
            return;
        }
        case ast.Erlang.$type: {
            const e = d as ast.Erlang;
            if (!Number.isFinite(e.k)) {
                problems.push(err(e, 'k', Codes.invalidNumber, `${what}: erlang k is not finite (${e.k})`));
            } else if (e.k < 1 || !Number.isInteger(e.k)) {
                bad(e, 'k', `erlang k (number of phases) must be a whole number of at least 1, got ${e.k}`);
            }
            checkQuantity(e.mean, dim, `${what} (mean)`, 'positive', problems);
            return;
        }
    }
}

/** Keywords that name a field; each may appear once per element. */
const FIELD_KEYWORDS = new Set([
    'label', 'cpu', 'gpu', 'ram', 'price', 'count', 'mtbf', 'mttr', 'permanent', 'startup', 'runs', 'threads', 'steps', 'every',
    'deadline', 'in', 'out', 'time', 'variance', 'violations', 'cost', 'horizon', 'warmup', 'keepalive',
    'replications', 'population', 'generations', 'evaluations', 'timeout', 'stagnation', 'events', 'seed',
    'serial', 'overhead', 'latency',
    'profile', 'priority', 'preemptive'
]);

/** Keywords of a group's sub-fields: `in` after `net` and `in` after `data` are different fields. */
const GROUP_FIELDS: Record<string, ReadonlySet<string>> = {
    net: new Set(['in', 'out']), data: new Set(['in', 'out']), split: new Set(['serial', 'overhead'])
};

/** Data-type rules whose text may contain keywords that are not fields (soft keywords as names). */
const VALUE_RULES = new Set(['Name', 'SoftKeyword', 'Num', 'Unit']);

/** Keyword leaves of an element's own text (not inside names, numbers or nested nodes). */
function directKeywords(node: AstNode): CstNode[] {
    const result: CstNode[] = [];
    if (!node.$cstNode) {
        return result;
    }
    const iterator = CstUtils.streamCst(node.$cstNode).iterator();
    for (let next = iterator.next(); !next.done; next = iterator.next()) {
        const child = next.value;
        if (child === node.$cstNode) {
            continue;
        }
        const source = child.grammarSource;
        if (child.astNode !== node || (GrammarAST.isRuleCall(source) && VALUE_RULES.has(source.rule.$refText))) {
            iterator.prune();
        } else if (GrammarAST.isKeyword(source)) {
            result.push(child);
        }
    }
    return result;
}

function keywordOf(leaf: CstNode): string {
    return (leaf.grammarSource as GrammarAST.Keyword).value;
}

/** A field given twice: the grammar keeps the last one, which is surely not what the author meant. */
function duplicateFields(node: ast.Element, problems: Problem[]): void {
    const first = new Map<string, CstNode>();
    let group = '';
    for (const leaf of directKeywords(node)) {
        const keyword = keywordOf(leaf);
        if (GROUP_FIELDS[keyword]) { group = keyword; } else if (!GROUP_FIELDS[group]?.has(keyword)) { group = ''; }
        // In an allocation only `label` is a field; placements and limits are lists.
        if (!FIELD_KEYWORDS.has(keyword) || (ast.isAllocation(node) && keyword !== 'label')) {
            continue;
        }
        // `in`/`out` belong to `net`, `time`/`variance` to `weight` or `prefer`, `cpu`/`ram` of a component to `idle`.
        const key = group !== '' && group !== keyword ? `${group}.${keyword}` : keyword;
        const earlier = first.get(key);
        if (earlier) {
            problems.push({
                severity: 'error', node, range: leaf.range,
                message: `'${keyword}' is given twice in ${title(node)} (first on line ${line(earlier)}); only the last would count`,
                data: { code: Codes.duplicateField, field: keyword }
            });
        } else {
            first.set(key, leaf);
        }
    }
}

function line(cst: CstNode | undefined): number {
    return (cst?.range.start.line ?? 0) + 1;
}
