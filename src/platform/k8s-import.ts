/**
 * `mlops import kubernetes`: a model from the objects `kubectl get nodes -o
 * yaml` and `kubectl get deployments,statefulsets,cronjobs,jobs -o yaml` print
 * (docs/kubernetes.md has every rule). Node pools become server kinds,
 * workloads components, replicas and node selection `allocation current`,
 * CronJob schedules processes. What manifests cannot say (steps and their
 * work, prices) is written as commented placeholders; everything not mapped
 * is reported by name. Pure: objects in, model text and report out.
 */
import type { AllocationDef, ComponentDef, Model, Placement, ProcessDef, ServerKind, StepDef } from '../model/types.js';
import { modelToText } from '../model/print-model.js';
import { cronInterval } from './cron.js';
import { getPath, type Json, type KObject, type Path } from './k8s-read.js';
import { parseQuantity } from './k8s-quantity.js';
import {
    ANNOTATION_COMPONENT, ANNOTATION_PERMANENT, ANNOTATION_PERMANENT_INSTANCES, poolDoc, toModelName, workloadDoc
} from './k8s-names.js';

export interface ImportOptions {
    /** The node label whose values are the pools. */
    poolLabel: string;
    /** GHz per allocatable core (CPU speed = cores x this). */
    ghzPerCore: number;
    /** TOPS per allocatable `nvidia.com/gpu`. */
    topsPerGpu: number;
    system: string;
    currency: string;
}

export const DEFAULT_IMPORT_OPTIONS: ImportOptions = {
    poolLabel: 'node.kubernetes.io/instance-type',
    ghzPerCore: 2.5,
    topsPerGpu: 100,
    system: 'imported',
    currency: 'USD'
};

export const GPU_RESOURCE = 'nvidia.com/gpu';
const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'Job', 'CronJob'];

export interface ImportResult {
    model: Model;
    text: string;
    /** One line per thing not mapped, or mapped by a choice the user should check. */
    report: string[];
}

interface Resources { cpu: number; memory: number; gpu: number }
interface Taint { key: string; value: string; effect: string }

interface Pool {
    value: string;
    server: ServerKind;
    nodes: KObject[];
    labels: Record<string, string>;
    taints: Taint[];
    allocatable: Resources;
}

interface Workload {
    object: KObject;
    templatePath: Path;
    template: Json | undefined;
    instances: number;
    requests: Resources;
}

const isRecord = (v: Json | undefined): v is { [key: string]: Json } => v !== null && typeof v === 'object' && !Array.isArray(v);
const asRecord = (v: Json | undefined): { [key: string]: Json } => (isRecord(v) ? v : {});
const asArray = (v: Json | undefined): Json[] => (Array.isArray(v) ? v : []);
const stringMap = (v: Json | undefined): Record<string, string> =>
    Object.fromEntries(Object.entries(asRecord(v)).map(([k, x]) => [k, x === null ? '' : String(x)]));
const id = (o: KObject) => `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
const where = (o: KObject) => `${o.file}: ${id(o)}`;

export function importKubernetes(objects: KObject[], options: ImportOptions = DEFAULT_IMPORT_OPTIONS): ImportResult {
    const report: string[] = [];
    const pools = readPools(objects.filter(o => o.kind === 'Node'), options, report);
    const workloads: Workload[] = [];
    for (const o of objects) {
        if (o.kind === 'Node') {
            continue;
        }
        if (!WORKLOAD_KINDS.includes(o.kind)) {
            report.push(`${where(o)}: not mapped (${notMappedReason(o)})`);
            continue;
        }
        workloads.push(readWorkload(o, report));
    }

    const used = new Set<string>();
    const unique = (base: string) => {
        let name = base;
        for (let i = 2; used.has(name); i++) { name = `${base}_${i}`; }
        used.add(name);
        return name;
    };
    // Objects exported by `mlops export kubernetes` carry their component's name: they form one component.
    const groups = new Map<string, Workload[]>();
    for (const w of workloads) {
        const annotated = stringMap(getPath(w.object.data, ['metadata', 'annotations']))[ANNOTATION_COMPONENT];
        const key = annotated ? `@${annotated}` : `${w.object.kind}/${w.object.namespace}/${w.object.name}`;
        groups.set(key, [...(groups.get(key) ?? []), w]);
    }
    const sameName = new Map<string, number>();
    for (const [key, group] of groups) {
        const base = key.startsWith('@') ? key.slice(1) : group[0].object.name;
        sameName.set(base, (sameName.get(base) ?? 0) + 1);
    }

    const components: ComponentDef[] = [];
    const steps: StepDef[] = [];
    const processes: ProcessDef[] = [];
    const placements: Placement[] = [];
    const placeholders: string[] = [];
    const processNotes: Record<string, string[]> = {};
    for (const [key, group] of groups) {
        const first = group[0].object;
        const base = key.startsWith('@') ? key.slice(1) : first.name;
        const name = unique(toModelName((sameName.get(base) ?? 0) > 1 && first.namespace && !key.startsWith('@') ? `${first.namespace}_${base}` : base));
        const lines: Placement[] = [];
        if (group.every(w => w.instances === 0)) {
            report.push(`${where(first)}: 0 replicas: not imported (a component needs at least one instance)`);
            continue;
        }
        for (const w of group) {
            const annotations = stringMap(getPath(w.object.data, ['metadata', 'annotations']));
            if (w.instances === 0) {
                continue;
            }
            const pool = choosePool(w, pools, report);
            if (!pool) {
                continue;
            }
            const permanentLine = annotations[ANNOTATION_PERMANENT_INSTANCES] === 'true';
            const existing = lines.find(l => l.server === pool.server.name && l.permanent === permanentLine);
            if (existing) {
                existing.instances += w.instances;
            } else {
                lines.push({ component: name, server: pool.server.name, instances: w.instances, permanent: permanentLine });
            }
        }
        if (lines.length === 0) {
            report.push(`${where(first)}: not imported: no instance could be placed (a component needs at least one)`);
            continue;
        }
        placements.push(...lines);
        const w = group[0];
        const permanent = group.some(g => g.object.kind === 'StatefulSet'
            || stringMap(getPath(g.object.data, ['metadata', 'annotations']))[ANNOTATION_PERMANENT] === 'true');
        components.push({
            name,
            doc: workloadDoc(first.kind, first.namespace, first.name) + (group.length > 1 ? ` (and ${group.length - 1} more exported objects)` : ''),
            idleCpuGHz: w.requests.cpu * options.ghzPerCore,
            idleRamMB: w.requests.memory / 1e6,
            permanent,
            startupSeconds: 0
        });
        if (first.kind === 'CronJob') {
            const { step, process } = cronProcess(first, name, report);
            steps.push(step);
            processes.push(process);
            processNotes[`process:${name}`] = [`schedule '${String(getPath(first.data, ['spec', 'schedule']))}' of ${id(first)}`];
        } else {
            placeholders.push(
                `TODO ${name} (${id(first)}): its steps and their work are not in the manifests. Describe them, e.g.`,
                `step ${name}_request { runs on ${name} cpu lognormal(mean 0.05 GHz*s, cv 0.5) ram 256 MB }`,
                `process ${name}_requests { steps ${name}_request every exponential(mean 100 ms) deadline 500 ms }`,
                '(`mlops fit` turns measured latencies into the cpu line.)',
                ''
            );
        }
    }
    const usedServers = new Set(placements.map(p => p.server));
    for (const pool of pools) {
        if (!usedServers.has(pool.server.name)) {
            report.push(`pool ${options.poolLabel}=${pool.value}: no workload placed on it (server kind ${pool.server.name} is unused)`);
        }
    }
    const allocation: AllocationDef = { name: 'current', placements, limits: {} };
    const model: Model = {
        system: toModelName(options.system),
        currency: options.currency,
        servers: pools.map(p => p.server),
        components, steps, processes,
        allocations: placements.length > 0 ? [allocation] : [],
        optimize: {}
    };
    const before: Record<string, string[]> = { ...processNotes };
    for (const pool of pools) {
        before[`server:${pool.server.name}`] = [
            `${pool.nodes.length} node(s): ${pool.nodes.map(n => n.name).join(', ')}`,
            `TODO price: not in the manifests (0 = owned machines); write the price of one node per hour.`
        ];
    }
    before['allocation:current'] = ['Replicas and node selection of the manifests, as they run today.'];
    const text = modelToText(model, {
        header: [
            `Imported by mlops import kubernetes (${objects.length} objects); docs/kubernetes.md has the mapping rules.`,
            `CPU speed = allocatable cores x ${options.ghzPerCore} GHz, GPU = ${GPU_RESOURCE} x ${options.topsPerGpu} TOPS.`,
            'TODO lines mark what a user must supply by hand.'
        ],
        before,
        after: placeholders.length > 0 ? placeholders.slice(0, -1) : undefined
    });
    return { model, text, report };
}

function notMappedReason(o: KObject): string {
    switch (o.kind) {
        case 'HorizontalPodAutoscaler': {
            const min = getPath(o.data, ['spec', 'minReplicas']) ?? 1;
            const max = getPath(o.data, ['spec', 'maxReplicas']);
            return `replicas ${String(min)}..${String(max)}: the optimizer chooses the instances`;
        }
        case 'DaemonSet': return 'one pod per node: not a component with a replica count';
        case 'ReplicaSet':
        case 'Pod': return 'owned by a workload, or a bare pod: import the Deployment, StatefulSet, Job or CronJob';
        default: return `kind ${o.kind} does not describe capacity or placement`;
    }
}

function resourcesOf(o: KObject, map: Json | undefined, path: Path): Partial<Resources> {
    const out: Partial<Resources> = {};
    for (const [key, field] of [['cpu', 'cpu'], ['memory', 'memory'], [GPU_RESOURCE, 'gpu']] as const) {
        const raw = asRecord(map)[key];
        if (raw === undefined) {
            continue;
        }
        const value = parseQuantity(raw);
        if (value === undefined) {
            throw o.error([...path, key], `not a Kubernetes quantity: '${String(raw)}'`);
        }
        out[field] = value;
    }
    return out;
}

function readPools(nodes: KObject[], options: ImportOptions, report: string[]): Pool[] {
    const pools: Pool[] = [];
    const used = new Set<string>();
    for (const node of nodes) {
        if (getPath(node.data, ['spec', 'unschedulable']) === true) {
            report.push(`${where(node)}: unschedulable (cordoned): left out of its pool`);
            continue;
        }
        const labels = stringMap(getPath(node.data, ['metadata', 'labels']));
        let value = labels[options.poolLabel];
        if (value === undefined) {
            value = 'unlabelled';
            report.push(`${where(node)}: no label ${options.poolLabel}: put in pool '${value}'`);
        }
        const fromStatus = getPath(node.data, ['status', 'allocatable']) !== undefined ? 'allocatable' : 'capacity';
        const r = resourcesOf(node, getPath(node.data, ['status', fromStatus]), ['status', fromStatus]);
        if (r.cpu === undefined || r.memory === undefined) {
            throw node.error(['status', fromStatus], `the node has no ${r.cpu === undefined ? 'cpu' : 'memory'} in status.allocatable or status.capacity`);
        }
        if (fromStatus === 'capacity') {
            report.push(`${where(node)}: no status.allocatable: its capacity is used`);
        }
        const others = Object.keys(asRecord(getPath(node.data, ['status', fromStatus])))
            .filter(k => !['cpu', 'memory', GPU_RESOURCE, 'pods', 'ephemeral-storage'].includes(k) && !k.startsWith('hugepages-'));
        if (others.length > 0) {
            report.push(`${where(node)}: resources not mapped: ${others.join(', ')}`);
        }
        const allocatable: Resources = { cpu: r.cpu, memory: r.memory, gpu: r.gpu ?? 0 };
        const taints = asArray(getPath(node.data, ['spec', 'taints'])).map(t => {
            const x = stringMap(t);
            return { key: x.key ?? '', value: x.value ?? '', effect: x.effect ?? '' };
        });
        const existing = pools.find(p => p.value === value);
        if (existing) {
            existing.nodes.push(node);
            existing.server.count++;
            const a = existing.allocatable;
            if (a.cpu !== allocatable.cpu || a.memory !== allocatable.memory || a.gpu !== allocatable.gpu) {
                report.push(`${where(node)}: allocatable differs from the other nodes of pool ${value}: the pool takes the smallest`);
                a.cpu = Math.min(a.cpu, allocatable.cpu);
                a.memory = Math.min(a.memory, allocatable.memory);
                a.gpu = Math.min(a.gpu, allocatable.gpu);
                setCapacity(existing.server, a, options);
            }
            continue;
        }
        let name = toModelName(value);
        for (let i = 2; used.has(name); i++) { name = `${toModelName(value)}_${i}`; }
        used.add(name);
        const server: ServerKind = {
            name, doc: poolDoc(options.poolLabel, value), cpuGHz: 0, gpuTOPS: 0, ramMB: 0,
            netInMbps: null, netOutMbps: null, pricePerSecond: 0, count: 1
        };
        setCapacity(server, allocatable, options);
        if (allocatable.gpu > 0 && labels['nvidia.com/gpu.product']) {
            report.push(`pool ${value}: GPU ${labels['nvidia.com/gpu.product']}: check --tops-per-gpu (${options.topsPerGpu} TOPS used)`);
        }
        pools.push({ value, server, nodes: [node], labels, taints, allocatable });
    }
    return pools;
}

function setCapacity(server: ServerKind, a: Resources, options: ImportOptions): void {
    server.cpuGHz = a.cpu * options.ghzPerCore;
    server.ramMB = a.memory / 1e6;
    server.gpuTOPS = a.gpu * options.topsPerGpu;
}

function templatePathOf(kind: string): Path {
    return kind === 'CronJob' ? ['spec', 'jobTemplate', 'spec', 'template'] : ['spec', 'template'];
}

function wholeAt(o: KObject, path: Path, fallback: number): number {
    const raw = getPath(o.data, path);
    if (raw === undefined || raw === null) {
        return fallback;
    }
    if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 0) {
        throw o.error(path, `expected a whole number >= 0, got ${JSON.stringify(raw)}`);
    }
    return raw;
}

function readWorkload(o: KObject, report: string[]): Workload {
    const templatePath = templatePathOf(o.kind);
    const template = getPath(o.data, templatePath);
    if (!isRecord(template) || !isRecord(template.spec)) {
        throw o.error(templatePath, `missing: a ${o.kind} needs a pod template with a spec`);
    }
    const instances = o.kind === 'Job' || o.kind === 'CronJob'
        ? wholeAt(o, [...templatePath.slice(0, -1), 'parallelism'], 1)
        : wholeAt(o, ['spec', 'replicas'], 1);
    const podPath = [...templatePath, 'spec'];
    const sum: Resources = { cpu: 0, memory: 0, gpu: 0 };
    const init: Resources = { cpu: 0, memory: 0, gpu: 0 };
    const containers = getPath(o.data, [...podPath, 'containers']);
    if (!Array.isArray(containers) || containers.length === 0) {
        throw o.error([...podPath, 'containers'], 'missing: a pod needs at least one container');
    }
    let hasLimits = false;
    let noRequests = 0;
    for (const [list, target] of [['containers', sum], ['initContainers', init]] as const) {
        asArray(getPath(o.data, [...podPath, list])).forEach((_, i) => {
            const base = [...podPath, list, i, 'resources'];
            const limits = resourcesOf(o, getPath(o.data, [...base, 'limits']), [...base, 'limits']);
            const requests = resourcesOf(o, getPath(o.data, [...base, 'requests']), [...base, 'requests']);
            hasLimits ||= Object.keys(limits).length > 0;
            // Kubernetes takes a missing request from the limit.
            const r = { cpu: requests.cpu ?? limits.cpu ?? 0, memory: requests.memory ?? limits.memory ?? 0, gpu: limits.gpu ?? requests.gpu ?? 0 };
            if (list === 'containers' && requests.cpu === undefined && limits.cpu === undefined && requests.memory === undefined && limits.memory === undefined) {
                noRequests++;
            }
            for (const k of ['cpu', 'memory', 'gpu'] as const) {
                target[k] = list === 'containers' ? target[k] + r[k] : Math.max(target[k], r[k]);
            }
        });
    }
    const requests: Resources = { cpu: Math.max(sum.cpu, init.cpu), memory: Math.max(sum.memory, init.memory), gpu: Math.max(sum.gpu, init.gpu) };
    if (noRequests > 0) {
        report.push(`${where(o)}: ${noRequests} container(s) without cpu or memory requests: idle load 0 for them`);
    }
    const unmapped: string[] = [];
    if (hasLimits) { unmapped.push('resources.limits (the model has no caps; requests are the idle load)'); }
    const affinity = asRecord(getPath(o.data, [...podPath, 'affinity']));
    if (affinity.podAffinity !== undefined) { unmapped.push('affinity.podAffinity'); }
    if (affinity.podAntiAffinity !== undefined) { unmapped.push('affinity.podAntiAffinity (instances are spread over the machines anyway)'); }
    if (getPath(o.data, [...podPath, 'topologySpreadConstraints']) !== undefined) { unmapped.push('topologySpreadConstraints'); }
    if (getPath(o.data, ['spec', 'volumeClaimTemplates']) !== undefined) { unmapped.push('volumeClaimTemplates (storage is not modelled)'); }
    if (requests.gpu > 0) { unmapped.push(`${requests.gpu} ${GPU_RESOURCE} per pod (decides the pool; a step's gpu work is what uses it)`); }
    if (unmapped.length > 0) {
        report.push(`${where(o)}: not mapped: ${unmapped.join('; ')}`);
    }
    return { object: o, templatePath, template, instances, requests };
}

function labelMatches(labels: Record<string, string>, nodeName: string, expr: Json, o: KObject, path: Path): boolean {
    const e = asRecord(expr);
    const key = String(e.key ?? '');
    const values = asArray(e.values).map(String);
    const actual = key === 'metadata.name' ? nodeName : labels[key];
    switch (e.operator) {
        case 'In': return actual !== undefined && values.includes(actual);
        case 'NotIn': return actual === undefined || !values.includes(actual);
        case 'Exists': return actual !== undefined;
        case 'DoesNotExist': return actual === undefined;
        case 'Gt': return actual !== undefined && Number(actual) > Number(values[0]);
        case 'Lt': return actual !== undefined && Number(actual) < Number(values[0]);
        default: throw o.error([...path, 'operator'], `unknown operator ${JSON.stringify(e.operator)} (In, NotIn, Exists, DoesNotExist, Gt, Lt)`);
    }
}

function termMatches(labels: Record<string, string>, nodeName: string, term: Json, o: KObject, path: Path): boolean {
    const t = asRecord(term);
    return asArray(t.matchExpressions).every((e, i) => labelMatches(labels, nodeName, e, o, [...path, 'matchExpressions', i]))
        && asArray(t.matchFields).every((e, i) => labelMatches(labels, nodeName, e, o, [...path, 'matchFields', i]));
}

function tolerated(taint: Taint, tolerations: Json[]): boolean {
    if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') {
        return true;
    }
    return tolerations.some(raw => {
        const t = stringMap(raw);
        if (t.effect && t.effect !== taint.effect) {
            return false;
        }
        if (t.operator === 'Exists') {
            return !t.key || t.key === taint.key;
        }
        return t.key === taint.key && (t.value ?? '') === taint.value;
    });
}

/** Why `pool` cannot hold the workload's pods, or undefined when it can. */
function refusal(w: Workload, pool: Pool): string | undefined {
    const o = w.object;
    const podPath = [...w.templatePath, 'spec'];
    const pod = asRecord(getPath(o.data, podPath));
    const selector = stringMap(pod.nodeSelector);
    const termsPath = [...podPath, 'affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms'];
    const terms = asArray(getPath(o.data, termsPath));
    const node = pool.nodes[0];
    if (!Object.entries(selector).every(([k, v]) => pool.labels[k] === v)) {
        return 'nodeSelector';
    }
    if (terms.length > 0 && !terms.some((t, i) => termMatches(pool.labels, node.name, t, o, [...termsPath, i]))) {
        return 'required node affinity';
    }
    const untolerated = pool.taints.find(t => !tolerated(t, asArray(pod.tolerations)));
    if (untolerated) {
        return `taint ${untolerated.key}${untolerated.value ? `=${untolerated.value}` : ''}:${untolerated.effect}`;
    }
    const a = pool.allocatable;
    if (w.requests.cpu > a.cpu || w.requests.memory > a.memory || w.requests.gpu > a.gpu) {
        return 'requests above a node\'s allocatable';
    }
    return undefined;
}

function choosePool(w: Workload, pools: Pool[], report: string[]): Pool | undefined {
    const o = w.object;
    const reasons = pools.map(p => ({ pool: p, why: refusal(w, p) }));
    const eligible = reasons.filter(r => r.why === undefined).map(r => r.pool);
    if (eligible.length === 0) {
        report.push(`${where(o)}: fits no pool (${reasons.map(r => `${r.pool.value}: ${r.why}`).join('; ') || 'no nodes'}): not placed`);
        return undefined;
    }
    if (eligible.length === 1) {
        return eligible[0];
    }
    // Several pools: the preferred node affinity decides, then the order of the nodes.
    const prefPath = [...w.templatePath, 'spec', 'affinity', 'nodeAffinity', 'preferredDuringSchedulingIgnoredDuringExecution'];
    const preferred = asArray(getPath(o.data, prefPath));
    const score = (p: Pool) => preferred.reduce<number>((s, term, i) => {
        const t = asRecord(term);
        return s + (termMatches(p.labels, p.nodes[0].name, t.preference ?? {}, o, [...prefPath, i, 'preference']) ? Number(t.weight ?? 0) : 0);
    }, 0);
    const best = Math.max(...eligible.map(score));
    const chosen = eligible.find(p => score(p) === best)!;
    const tied = eligible.filter(p => score(p) === best);
    if (tied.length > 1) {
        report.push(`${where(o)}: may run on pools ${eligible.map(p => p.value).join(', ')}: all ${w.instances} placed on ${chosen.value} (edit allocation current if they run elsewhere)`);
    }
    return chosen;
}

function cronProcess(o: KObject, component: string, report: string[]): { step: StepDef; process: ProcessDef } {
    const schedule = getPath(o.data, ['spec', 'schedule']);
    if (typeof schedule !== 'string') {
        throw o.error(['spec', 'schedule'], 'missing: a CronJob needs a schedule');
    }
    let interval;
    try {
        interval = cronInterval(schedule);
    } catch (error) {
        throw o.error(['spec', 'schedule'], (error as Error).message);
    }
    if (!interval.regular) {
        report.push(`${where(o)}: schedule '${schedule}' is not evenly spaced: every = its mean interval`);
    }
    if (getPath(o.data, ['spec', 'suspend']) === true) {
        report.push(`${where(o)}: suspended, but imported as running`);
    }
    const deadlinePath = ['spec', 'jobTemplate', 'spec', 'activeDeadlineSeconds'];
    const deadline = wholeAt(o, deadlinePath, 0);
    return {
        step: {
            name: `${component}_job`, doc: `TODO the work of one run of ${id(o)}: not in the manifests (add cpu, gpu, ram)`,
            component, cpuWorkGHzSeconds: null, gpuWorkTOPSSeconds: null, ramMB: 0, netInMbps: 0, netOutMbps: 0, threads: 1
        },
        process: {
            name: component, steps: [`${component}_job`],
            everySeconds: { kind: 'constant', value: interval.seconds },
            deadlineSeconds: deadline > 0 ? deadline : null, weightTime: 1, weightVariance: 1
        }
    };
}

