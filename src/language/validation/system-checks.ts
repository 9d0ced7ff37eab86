/**
 * Whole-model checks (language.md checks 1 duplicates, 3-10): they look at
 * several elements at once. They run on the valid part of the document only
 * (elements without errors of their own, with resolved references), so a
 * half-typed file gets no misleading follow-up diagnostics and never crashes
 * a check. The computations live in src/model/analysis.ts (pure).
 */
import type { AstNode } from 'langium';
import * as ast from '../generated/ast.js';
import type { MlopsModelBuilder } from '../model-builder.js';
import { lookupUnit } from '../../model/units.js';
import type { Model } from '../../model/types.js';
import { canSpread, spreadAllocation, instancesPerComponent } from '../../model/spread.js';
import {
    allocationProblems, componentFit, eligibleServers, fmt, fmtMB, fmtSeconds, hasGpuWork, overloadedByWork, processBestCases
} from '../../model/analysis.js';
import { Codes } from './codes.js';
import { isValidElement } from './element-checks.js';
import { coldStartRisks } from './cold-start.js';
import { profileProblems } from './profile-checks.js';
import { overloadedLines } from './overloaded-lines.js';
import type { Problem } from './problem.js';

const currencyCache = new WeakMap<ast.Model, { currency?: string }>();

/** The currency of the first price with a valid money unit, if any (cached per parsed document). */
export function fileCurrency(root: ast.Model): string | undefined {
    let cached = currencyCache.get(root);
    if (!cached) {
        cached = { currency: findCurrency(root) };
        currencyCache.set(root, cached);
    }
    return cached.currency;
}

function findCurrency(root: ast.Model): string | undefined {
    for (const element of root.elements) {
        if (ast.isServer(element) && element.price?.unit) {
            const currency = lookupUnit(element.price.unit)?.currency;
            if (currency) {
                return currency;
            }
        }
    }
    return undefined;
}

/** What the whole-model checks know about a document: the valid elements by kind and name. */
interface Index {
    root: ast.Model;
    currency?: string;
    servers: Map<string, ast.Server>;
    components: Map<string, ast.Component>;
    steps: Map<string, ast.Step>;
    processes: Map<string, ast.Process>;
    allocations: Map<string, ast.Allocation>;
    valid: Set<ast.Element>;
}

export function systemProblems(root: ast.Model, builder: MlopsModelBuilder): Problem[] {
    const problems: Problem[] = [];
    const currency = fileCurrency(root);
    const firsts = duplicateNames(root, problems);
    mixedCurrency(root, currency, problems);
    const index = validIndex(root, currency, firsts);
    const model = builder.build(root, e => index.valid.has(e));
    unused(root, index, model, problems);
    fitsNowhere(index, model, problems);
    deadlines(index, model, problems);
    coldStartRisks(index.components, model, problems);
    profileProblems(index.processes, model, problems);
    allocations(index, model, problems);
    return problems;
}

/** Check 1: names unique per kind. Returns the first element of each (kind, name). */
function duplicateNames(root: ast.Model, problems: Problem[]): Set<ast.Element> {
    const seen = new Map<string, ast.Element>();
    const firsts = new Set<ast.Element>();
    for (const element of root.elements) {
        if (ast.isOptimizeBlock(element)) {
            const key = 'optimize';
            const earlier = seen.get(key);
            if (earlier) {
                problems.push({
                    severity: 'error', node: element, range: keywordRange(element),
                    message: `a second optimize block (first on line ${lineOf(earlier)}); merge them into one`,
                    data: { code: Codes.duplicateName, kind: 'optimize' }
                });
            } else {
                seen.set(key, element);
                firsts.add(element);
            }
            continue;
        }
        if (!element.name) {
            continue;
        }
        const kind = element.$type.toLowerCase();
        const key = `${kind}:${element.name}`;
        const earlier = seen.get(key);
        if (earlier) {
            problems.push({
                severity: 'error', node: element, property: 'name',
                message: `${kind} ${element.name} is declared twice (first on line ${lineOf(earlier)})`,
                data: { code: Codes.duplicateName, kind, name: element.name }
            });
        } else {
            seen.set(key, element);
            firsts.add(element);
        }
    }
    return firsts;
}

/** Check 6: all prices in one currency. */
function mixedCurrency(root: ast.Model, currency: string | undefined, problems: Problem[]): void {
    if (!currency) {
        return;
    }
    const first = root.elements.find((e): e is ast.Server => ast.isServer(e) && !!e.price?.unit && lookupUnit(e.price.unit)?.currency === currency);
    for (const element of root.elements) {
        if (!ast.isServer(element) || !element.price?.unit) {
            continue;
        }
        const other = lookupUnit(element.price.unit)?.currency;
        if (other && other !== currency) {
            problems.push({
                severity: 'error', node: element.price, property: 'unit',
                message: `price of server ${element.name} is in ${other}, but server ${first?.name} is priced in ${currency}; use one currency per file`,
                data: { code: Codes.mixedCurrency, currency, found: other, units: [element.price.unit.replace(other, currency)] }
            });
        }
    }
}

function validIndex(root: ast.Model, currency: string | undefined, firsts: Set<ast.Element>): Index {
    const index: Index = {
        root, currency, servers: new Map(), components: new Map(), steps: new Map(), processes: new Map(),
        allocations: new Map(), valid: new Set()
    };
    const ok = (e: ast.Element) => firsts.has(e) && isValidElement(e, currency);
    const currencyOk = (s: ast.Server) => !currency || lookupUnit(s.price?.unit ?? '')?.currency === currency;
    for (const e of root.elements) {
        if (ast.isServer(e) && ok(e) && currencyOk(e)) { index.servers.set(e.name, e); index.valid.add(e); }
        if (ast.isComponent(e) && ok(e)) { index.components.set(e.name, e); index.valid.add(e); }
        if (ast.isOptimizeBlock(e) && ok(e)) { index.valid.add(e); }
    }
    const validRef = <T extends ast.Element & { name: string }>(ref: { ref?: T } | undefined, map: Map<string, T>): boolean =>
        !!ref?.ref && map.get(ref.ref.name) === ref.ref;
    for (const e of root.elements) {
        if (ast.isStep(e) && ok(e) && validRef(e.component, index.components)) { index.steps.set(e.name, e); index.valid.add(e); }
    }
    for (const e of root.elements) {
        if (ast.isProcess(e) && ok(e) && e.steps.every(s => validRef(s, index.steps))) { index.processes.set(e.name, e); index.valid.add(e); }
        if (ast.isAllocation(e) && ok(e)
            && e.placements.every(p => validRef(p.component, index.components) && validRef(p.server, index.servers))
            && e.limits.every(l => validRef(l.step, index.steps))) {
            index.allocations.set(e.name, e); index.valid.add(e);
        }
    }
    return index;
}

/**
 * Check 10 (first half): components no step runs on, steps no process uses,
 * and, in a file without an optimize block, server kinds no allocation uses
 * (with an optimize block every server kind is a candidate for the optimizer).
 */
function unused(root: ast.Model, index: Index, model: Model, problems: Problem[]): void {
    const usedComponents = new Set<string>();
    const usedSteps = new Set<string>();
    // A misspelt reference may be the use: while one is unresolved, say nothing about that kind.
    let unresolvedComponent = false;
    let unresolvedStep = false;
    for (const e of root.elements) {
        if (ast.isStep(e) && e.component) {
            if (e.component.ref) { usedComponents.add(e.component.ref.name); } else { unresolvedComponent = true; }
        }
        if (ast.isProcess(e)) {
            e.steps.forEach(s => { if (s.ref) { usedSteps.add(s.ref.name); } else { unresolvedStep = true; } });
        }
    }
    const warn = (node: ast.Server | ast.Component | ast.Step, kind: string, why: string) => problems.push({
        severity: 'warning', node, property: 'name',
        message: `${kind} ${node.name} is unused: ${why}`,
        data: { code: Codes.unusedElement, kind, name: node.name }
    });
    for (const [name, c] of index.components) {
        if (!unresolvedComponent && !usedComponents.has(name)) { warn(c, 'component', 'no step runs on it'); }
    }
    for (const [name, s] of index.steps) {
        if (!unresolvedStep && !usedSteps.has(name)) { warn(s, 'step', 'no process has it among its steps'); }
    }
    const hasOptimize = root.elements.some(ast.isOptimizeBlock);
    if (!hasOptimize && model.allocations.length > 0 && index.allocations.size === root.elements.filter(ast.isAllocation).length) {
        const usedServers = new Set(model.allocations.flatMap(a => a.placements.map(p => p.server)));
        for (const [name, s] of index.servers) {
            if (!usedServers.has(name)) { warn(s, 'server', 'no allocation places an instance on it (and there is no optimize block)'); }
        }
    }
}

/** Checks 3 and 4: components that fit on no server kind; GPU steps whose component fits on no GPU server. */
function fitsNowhere(index: Index, model: Model, problems: Problem[]): void {
    if (model.servers.length === 0) {
        return;
    }
    for (const component of model.components) {
        const node = index.components.get(component.name);
        if (!node) { continue; }
        const fits = componentFit(model, component);
        if (fits.every(f => f.reasons.length > 0)) {
            problems.push({
                severity: 'error', node, property: 'name',
                message: `component ${component.name} fits on no server kind: ${fits.map(f => `${f.server}: ${f.reasons.join('; ')}`).join(' | ')}`,
                data: { code: Codes.componentFitsNowhere, component: component.name }
            });
            continue;
        }
        const gpuHosts = eligibleServers(model, component).filter(s => s.gpuTOPS > 0);
        if (gpuHosts.length > 0) { continue; }
        for (const step of model.steps) {
            const stepNode = index.steps.get(step.name);
            if (step.component === component.name && hasGpuWork(step) && stepNode) {
                const gpuKinds = model.servers.filter(s => s.gpuTOPS > 0).map(s => s.name);
                problems.push({
                    severity: 'error', node: stepNode, property: 'gpu',
                    message: `step ${step.name} has GPU work, but its component ${component.name} can be placed on no server with a GPU`
                        + (gpuKinds.length === 0 ? ' (no server kind declares gpu)' : ` (it does not fit on ${gpuKinds.join(', ')})`),
                    data: { code: Codes.gpuStepNoGpuServer, step: step.name, component: component.name }
                });
            }
        }
    }
}

/** Check 7: a deadline below the best case of the process's step chain. */
function deadlines(index: Index, model: Model, problems: Problem[]): void {
    const best = processBestCases(model);
    for (const process of model.processes) {
        const node = index.processes.get(process.name);
        const bc = best.get(process.name);
        if (!node || !bc || process.deadlineSeconds === null || !Number.isFinite(bc.seconds)) {
            continue;
        }
        if (process.deadlineSeconds < bc.seconds) {
            const parts = bc.steps.map(s => `${s.step} ${fmtSeconds(s.seconds)}${s.server ? ` on ${s.server}` : ''}`).join(' + ');
            problems.push({
                severity: 'warning', node, property: 'deadline',
                message: `deadline ${fmtSeconds(process.deadlineSeconds)} of process ${process.name} is below its best case ${fmtSeconds(bc.seconds)} (${parts}): every run will violate it`,
                data: { code: Codes.deadlineUnreachable, process: process.name, bestCaseSeconds: bc.seconds }
            });
        }
    }
}

/** Checks 5, 8, 9 and 10 (threads) for each valid allocation. */
function allocations(index: Index, model: Model, problems: Problem[]): void {
    for (const allocation of model.allocations) {
        const node = index.allocations.get(allocation.name);
        // Counts above the limit are reported by the element checks; no machine list can hold them.
        if (!node || !canSpread(model, allocation)) { continue; }
        const machines = spreadAllocation(model, allocation);
        const details = new Map<string, string>();
        for (const problem of allocationProblems(model, allocation, machines)) {
            switch (problem.kind) {
                case 'missing-instance':
                    problems.push({
                        severity: 'error', node, property: 'name',
                        message: `allocation ${allocation.name} gives component ${problem.component} no instance; every component needs at least one`,
                        data: { code: Codes.missingInstance, component: problem.component, allocation: allocation.name }
                    });
                    break;
                case 'server-overloaded':
                    // One error per line for all its machines (overCapacity, below); keep the machine's idle loads.
                    details.set(overloadKey(problem.overload), problem.detail);
                    break;
                case 'gpu-step-no-gpu-instance': {
                    const lines = node.placements.filter(p => p.component.ref?.name === problem.component);
                    for (const p of lines) {
                        problems.push({
                            severity: 'error', node: p, property: 'server',
                            message: `step ${problem.step} has GPU work, but allocation ${allocation.name} puts no instance of ${problem.component} on a server with a GPU`,
                            data: { code: Codes.gpuStepNoGpuInstance, step: problem.step, component: problem.component, allocation: allocation.name }
                        });
                    }
                    break;
                }
                case 'limit-below-one':
                    // Reported on the limit line by the element checks (the value alone decides).
                    break;
            }
        }
        overCapacity(node, model, allocation, machines, details, problems);
        offeredLoad(node, model, allocation, machines, problems);
        bandwidth(index, node, model, allocation, problems);
        threadsAboveInstances(index, model, allocation, problems);
    }
}

/**
 * Check 5, over capacity: one error per allocation line with instances on an
 * overloaded machine, naming the worst machine (server, sum, capacity), how
 * many fit per machine and in all beside the other lines (overloaded-lines.ts).
 */
function overCapacity(node: ast.Allocation, model: Model, allocation: Model['allocations'][number], machines: ReturnType<typeof spreadAllocation>,
    details: Map<string, string>, problems: Problem[]): void {
    for (const line of overloadedLines(model, allocation, machines)) {
        const placement = allocation.placements[line.placement];
        const o = line.worst;
        const cpu = o.resource === 'cpu';
        const amount = (x: number) => cpu ? `${fmt(x)} GHz` : fmtMB(x);
        const onIt = `${details.get(overloadKey(o)) ?? ''} ${cpu ? 'GHz' : 'MB'}`;
        const kindCount = model.servers.find(s => s.name === placement.server)?.count ?? 1;
        const others = line.machines > 1 ? ` (and ${line.machines - 1} more of the ${kindCount} ${o.server} machines)` : '';
        const per = Number.isFinite(line.perMachine) ? `at most ${line.perMachine} ${placement.component} fit per machine` : '';
        const all = line.largestFit === undefined ? ''
            : line.largestFit >= 1 ? `${line.largestFit} in all beside the other lines` : 'none fits beside the other lines';
        problems.push({
            severity: 'error', node: node.placements[line.placement],
            message: `${o.server}#${o.machine + 1}${others}: ${cpu ? 'idle CPU' : 'idle RAM'} ${amount(o.used)} of instances is not below capacity ${amount(o.capacity)} (${onIt})`
                + [per, all].filter(Boolean).map((part, i) => (i === 0 ? `; ${part}` : `, ${part}`)).join(''),
            data: {
                code: Codes.serverOverloaded, server: o.server, machine: o.machine, resource: o.resource, used: o.used, capacity: o.capacity,
                allocation: allocation.name, component: placement.component, machines: line.machines,
                perMachine: Number.isFinite(line.perMachine) ? line.perMachine : null, largestFit: line.largestFit ?? null
            }
        });
    }
}

function overloadKey(o: { server: string; machine: number; resource: string }): string {
    return `${o.server}#${o.machine}:${o.resource}`;
}

/** Check 8: components whose offered CPU or GPU load reaches the speed of the machines that can serve them. One warning per line. */
function offeredLoad(node: ast.Allocation, model: Model, allocation: Model['allocations'][number], machines: ReturnType<typeof spreadAllocation>, problems: Problem[]): void {
    const reported = new Set<string>();
    for (const load of overloadedByWork(model, allocation, machines)) {
        const unit = load.resource === 'cpu' ? 'GHz' : 'TOPS';
        const shares = Object.entries(load.byComponent).map(([c, x]) => `${c} ${fmt(x)}`).join(', ');
        const where = load.machines.length <= 4
            ? load.machines.map(m => `${m.server}#${m.machine + 1}`).join(', ')
            : `${load.machines.length} machines`;
        for (const i of load.placements) {
            const key = `${i}:${load.resource}`;
            if (reported.has(key)) { continue; }
            reported.add(key);
            problems.push({
                severity: 'warning', node: node.placements[i],
                message: `offered ${load.resource.toUpperCase()} load ${fmt(load.offered)} ${unit} is not below capacity ${fmt(load.capacity)} ${unit} of ${where} (${shares} ${unit}): queues grow without bound`,
                data: { code: Codes.offeredLoad, server: load.machines[0]?.server, machine: load.machines[0]?.machine, resource: load.resource, offered: load.offered, capacity: load.capacity, allocation: allocation.name }
            });
        }
    }
}

/** Check 9: a step's net rate above the bandwidth of every machine its component is placed on. */
function bandwidth(index: Index, node: ast.Allocation, model: Model, allocation: Model['allocations'][number], problems: Problem[]): void {
    const serverByName = new Map(model.servers.map(s => [s.name, s]));
    const hosts = new Map<string, Set<string>>();
    for (const p of allocation.placements) {
        if (p.instances > 0) {
            (hosts.get(p.component) ?? hosts.set(p.component, new Set()).get(p.component)!).add(p.server);
        }
    }
    for (const step of model.steps) {
        const stepNode = index.steps.get(step.name);
        const kinds = [...(hosts.get(step.component) ?? [])].map(s => serverByName.get(s)!).filter(Boolean);
        if (!stepNode || kinds.length === 0) { continue; }
        for (const [dir, rate, property] of [['in', step.netInMbps, 'netIn'], ['out', step.netOutMbps, 'netOut']] as const) {
            const caps = kinds.map(k => dir === 'in' ? k.netInMbps : k.netOutMbps);
            if (rate > 0 && caps.every(c => c !== null && rate > c)) {
                problems.push({
                    severity: 'warning', node: stepNode, property,
                    message: `net ${dir} ${fmt(rate)} Mbps of step ${step.name} exceeds the bandwidth of every machine allocation ${allocation.name} gives ${step.component} (${kinds.map((k, i) => `${k.name} ${fmt(caps[i] as number)} Mbps`).join(', ')})`,
                    data: { code: Codes.bandwidthExceeded, step: step.name, allocation: allocation.name }
                });
            }
        }
    }
}

/** Check 10 (second half): `threads` above the instances the allocation gives the step's component. */
function threadsAboveInstances(index: Index, model: Model, allocation: Model['allocations'][number], problems: Problem[]): void {
    const counts = instancesPerComponent(allocation);
    for (const step of model.steps) {
        const stepNode = index.steps.get(step.name);
        const n = counts.get(step.component) ?? 0;
        if (stepNode && stepNode.threads !== undefined && n >= 1 && step.threads > n) {
            problems.push({
                severity: 'warning', node: stepNode, property: 'threads',
                message: `threads ${step.threads} of step ${step.name} is above the ${n} instance${n === 1 ? '' : 's'} of ${step.component} in allocation ${allocation.name}; at most ${n} part${n === 1 ? '' : 's'} will run`,
                data: { code: Codes.threadsAboveInstances, step: step.name, allocation: allocation.name, instances: n }
            });
        }
    }
}

function lineOf(node: AstNode): number {
    return (node.$cstNode?.range.start.line ?? 0) + 1;
}

function keywordRange(node: AstNode) {
    const cst = node.$cstNode;
    return cst ? { start: cst.range.start, end: { line: cst.range.start.line, character: cst.range.start.character + 8 } } : undefined;
}
