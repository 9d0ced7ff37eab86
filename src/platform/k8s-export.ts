/**
 * `mlops export kubernetes`: an allocation as Kubernetes objects
 * (docs/kubernetes.md). For each component and server kind that holds
 * instances of it, one workload with `replicas` (a Job's or CronJob's
 * `parallelism`) and a node selector for that pool. Plain manifests, or a
 * Kustomize overlay over base manifests: strategic-merge patches of the base
 * objects plus new objects for the extra pools. Every exported object carries
 * the annotations that let `mlops import kubernetes` give back the same
 * allocation. Pure: model and base objects in, files (path, text) out.
 */
import { stringify } from 'yaml';
import { formatDistribution } from '../model/print.js';
import type { AllocationDef, ComponentDef, Model, ServerKind } from '../model/types.js';
import { getPath, type Json, type KObject } from './k8s-read.js';
import { formatCpu, formatMemory } from './k8s-quantity.js';
import { GPU_RESOURCE } from './k8s-import.js';
import {
    ANNOTATION_COMPONENT, ANNOTATION_PERMANENT, ANNOTATION_PERMANENT_INSTANCES, ANNOTATION_SERVER,
    parsePoolDoc, parseWorkloadDoc, toK8sName, toModelName
} from './k8s-names.js';

export interface ExportOptions {
    /** Node label of the pools, for server kinds whose doc comment does not name one. */
    poolLabel: string;
    /** GHz per core, to turn idle CPU back into a CPU request. */
    ghzPerCore: number;
    /** Namespace of objects whose component does not name one. */
    namespace: string;
}

export interface ExportFile {
    /** Relative to the output directory. */
    path: string;
    text: string;
}

export interface ExportResult {
    files: ExportFile[];
    /** Full objects written (plain manifests and new overlay resources), for checks. */
    objects: { [key: string]: Json }[];
    /** Overlay patches: the patch and the kind/name/namespace of the base object it targets. */
    patches: { patch: { [key: string]: Json }; target: { kind: string; name: string; namespace: string } }[];
    report: string[];
}

export interface BaseManifests {
    /** Path of the base directory relative to the output directory (for `resources`). */
    relativeDir: string;
    /** Whether the base directory has its own kustomization.yaml. */
    isKustomization: boolean;
    /** The base files (relative to the base directory) and their text, copied when the base is not a kustomization. */
    files: { path: string; text: string }[];
    objects: KObject[];
}

type Obj = { [key: string]: Json };

interface Group {
    component: ComponentDef;
    server: ServerKind;
    instances: number;
    permanent: boolean;
}

/** Lines of the allocation summed per component and server kind, in allocation order. */
function groups(model: Model, allocation: AllocationDef): Group[] {
    const out: Group[] = [];
    for (const p of allocation.placements) {
        const existing = out.find(g => g.component.name === p.component && g.server.name === p.server);
        if (existing) {
            existing.instances += p.instances;
            existing.permanent ||= p.permanent;
            continue;
        }
        const component = model.components.find(c => c.name === p.component);
        const server = model.servers.find(s => s.name === p.server);
        if (!component || !server) {
            throw new RangeError(`allocation ${allocation.name}: unknown ${component ? 'server' : 'component'} in '${p.component} on ${p.server}'`);
        }
        out.push({ component, server, instances: p.instances, permanent: p.permanent });
    }
    return out;
}

function pool(server: ServerKind, options: ExportOptions): { label: string; value: string } {
    return parsePoolDoc(server.doc) ?? { label: options.poolLabel, value: server.label ?? server.name };
}

function annotations(g: Group): Record<string, string> {
    return {
        [ANNOTATION_COMPONENT]: g.component.name,
        [ANNOTATION_SERVER]: g.server.name,
        ...(g.component.permanent ? { [ANNOTATION_PERMANENT]: 'true' } : {}),
        ...(g.permanent ? { [ANNOTATION_PERMANENT_INSTANCES]: 'true' } : {})
    };
}

/** The pod template's path and the field that holds the instance count, per kind. */
function shape(kind: string): { template: string[]; count: string[] } {
    switch (kind) {
        case 'CronJob': return { template: ['spec', 'jobTemplate', 'spec', 'template'], count: ['spec', 'jobTemplate', 'spec', 'parallelism'] };
        case 'Job': return { template: ['spec', 'template'], count: ['spec', 'parallelism'] };
        default: return { template: ['spec', 'template'], count: ['spec', 'replicas'] };
    }
}

function setPath(obj: Obj, path: string[], value: Json): void {
    let node = obj;
    for (const key of path.slice(0, -1)) {
        const next = node[key];
        node = (next !== null && typeof next === 'object' && !Array.isArray(next) ? next : (node[key] = {})) as Obj;
    }
    node[path[path.length - 1]] = value;
}

const gpuToleration: Json = { key: GPU_RESOURCE, operator: 'Exists', effect: 'NoSchedule' };

/** A schedule for a time between runs, when cron can say it exactly. */
export function scheduleFor(seconds: number): string | undefined {
    const minutes = seconds / 60;
    if (Number.isInteger(minutes) && minutes >= 1 && minutes < 60 && 60 % minutes === 0) {
        return minutes === 1 ? '* * * * *' : `*/${minutes} * * * *`;
    }
    const hours = minutes / 60;
    if (Number.isInteger(hours) && hours >= 1 && hours < 24 && 24 % hours === 0) {
        return hours === 1 ? '0 * * * *' : `0 */${hours} * * *`;
    }
    if (hours === 24) { return '0 0 * * *'; }
    if (hours === 24 * 7) { return '0 0 * * 0'; }
    return undefined;
}

/** A whole new workload for one group (plain manifests, or a pool with no base object). */
function newWorkload(model: Model, g: Group, name: string, options: ExportOptions, report: string[]): Obj {
    const origin = parseWorkloadDoc(g.component.doc);
    const kind = origin?.kind ?? 'Deployment';
    const app = toK8sName(g.component.name);
    const labels = { 'app.kubernetes.io/name': app, [ANNOTATION_SERVER]: toK8sName(g.server.name) };
    const p = pool(g.server, options);
    const requests: Obj = {};
    if (g.component.idleCpuGHz > 0) { requests.cpu = formatCpu(g.component.idleCpuGHz / options.ghzPerCore); }
    if (g.component.idleRamMB > 0) { requests.memory = formatMemory(g.component.idleRamMB * 1e6); }
    const podSpec: Obj = {
        nodeSelector: { [p.label]: p.value },
        containers: [{ name: app, image: 'REPLACE-WITH-THE-IMAGE', resources: { requests } }]
    };
    if (g.server.gpuTOPS > 0) {
        podSpec.tolerations = [gpuToleration];
    }
    const template: Obj = { metadata: { labels }, spec: podSpec };
    const metadata: Obj = {
        name, namespace: origin?.namespace || options.namespace,
        labels: { 'app.kubernetes.io/name': app, 'app.kubernetes.io/managed-by': 'mlops' },
        annotations: annotations(g)
    };
    if (kind === 'CronJob' || kind === 'Job') {
        podSpec.restartPolicy = 'Never';
        const jobSpec: Obj = { parallelism: g.instances, template };
        if (kind === 'Job') {
            return { apiVersion: 'batch/v1', kind, metadata, spec: jobSpec };
        }
        const process = model.processes.find(pr => pr.steps.some(s => model.steps.find(st => st.name === s)?.component === g.component.name));
        const every = process?.everySeconds;
        let schedule = every?.kind === 'constant' ? scheduleFor(every.value) : undefined;
        if (!schedule) {
            schedule = '0 0 * * *';
            report.push(`${g.component.name}: ${every ? `every ${formatDistribution(every, 'time')}` : 'no process'} is no cron schedule: '0 0 * * *' written, edit it`);
        }
        return { apiVersion: 'batch/v1', kind, metadata, spec: { schedule, jobTemplate: { spec: jobSpec } } };
    }
    const spec: Obj = { replicas: g.instances, selector: { matchLabels: labels }, template };
    if (kind === 'StatefulSet') {
        spec.serviceName = app;
    }
    return { apiVersion: 'apps/v1', kind, metadata, spec };
}

const yaml = (obj: Obj) => stringify(obj, { lineWidth: 0 });

/** Names per group: the component's, with the server kind's when the component is on several. */
function names(list: Group[]): string[] {
    return list.map(g => {
        const several = list.filter(x => x.component.name === g.component.name).length > 1;
        const base = parseWorkloadDoc(g.component.doc)?.name ?? toK8sName(g.component.name);
        return several ? toK8sName(`${base}-${g.server.name}`) : base;
    });
}

export function exportPlain(model: Model, allocation: AllocationDef, options: ExportOptions): ExportResult {
    const report: string[] = [];
    const list = groups(model, allocation);
    const objectNames = names(list);
    const objects = list.map((g, i) => newWorkload(model, g, objectNames[i], options, report));
    const files = objects.map((o, i) => ({ path: `${objectNames[i]}.yaml`, text: yaml(o) }));
    return { files, objects, patches: [], report };
}

function baseObjectFor(component: ComponentDef, base: KObject[]): KObject | undefined {
    const workloads = base.filter(o => ['Deployment', 'StatefulSet', 'Job', 'CronJob'].includes(o.kind));
    const origin = parseWorkloadDoc(component.doc);
    if (origin) {
        const found = workloads.find(o => o.kind === origin.kind && o.name === origin.name && (o.namespace || '') === origin.namespace);
        if (found) {
            return found;
        }
    }
    return workloads.find(o => toModelName(o.name) === component.name);
}

/** A copy of a base object for another pool: renamed, own selector label, no server-side fields. */
function copyFor(base: KObject, g: Group, name: string, options: ExportOptions): Obj {
    const copy = structuredClone(base.data) as Obj;
    delete copy.status;
    const metadata = (copy.metadata ?? {}) as Obj;
    for (const key of ['uid', 'resourceVersion', 'creationTimestamp', 'generation', 'managedFields', 'selfLink', 'ownerReferences']) {
        delete metadata[key];
    }
    metadata.name = name;
    metadata.annotations = { ...((metadata.annotations ?? {}) as Obj), ...annotations(g) };
    copy.metadata = metadata;
    const s = shape(base.kind);
    setPath(copy, s.count, g.instances);
    const serverLabel = { [ANNOTATION_SERVER]: toK8sName(g.server.name) };
    if (base.kind === 'Deployment' || base.kind === 'StatefulSet') {
        const matchLabels = (getPath(copy, ['spec', 'selector', 'matchLabels']) ?? {}) as Obj;
        setPath(copy, ['spec', 'selector', 'matchLabels'], { ...matchLabels, ...serverLabel });
    }
    const labels = (getPath(copy, [...s.template, 'metadata', 'labels']) ?? {}) as Obj;
    setPath(copy, [...s.template, 'metadata', 'labels'], { ...labels, ...serverLabel });
    const p = pool(g.server, options);
    setPath(copy, [...s.template, 'spec', 'nodeSelector'], { [p.label]: p.value });
    const affinity = getPath(copy, [...s.template, 'spec', 'affinity']) as Obj | undefined;
    if (affinity && affinity.nodeAffinity !== undefined) {
        delete affinity.nodeAffinity;
    }
    if (g.server.gpuTOPS > 0) {
        const tolerations = (getPath(copy, [...s.template, 'spec', 'tolerations']) ?? []) as Json[];
        setPath(copy, [...s.template, 'spec', 'tolerations'], [...tolerations, gpuToleration]);
    }
    return copy;
}

/** A strategic-merge patch putting the base object's instances on one pool. */
function patchFor(base: KObject, g: Group, options: ExportOptions, report: string[]): Obj {
    const s = shape(base.kind);
    const patch: Obj = {
        apiVersion: base.apiVersion, kind: base.kind,
        metadata: { name: base.name, ...(base.namespace ? { namespace: base.namespace } : {}), annotations: annotations(g) }
    };
    setPath(patch, s.count, g.instances);
    const p = pool(g.server, options);
    // `$patch: replace`: the pool's selector replaces the base's, rather than merging with it.
    setPath(patch, [...s.template, 'spec', 'nodeSelector'], { $patch: 'replace', [p.label]: p.value });
    if (getPath(base.data, [...s.template, 'spec', 'affinity', 'nodeAffinity']) !== undefined) {
        setPath(patch, [...s.template, 'spec', 'affinity', 'nodeAffinity'], { $patch: 'delete' });
        report.push(`${base.kind} ${base.name}: its node affinity is removed by the patch (the allocation decides the pool)`);
    }
    if (g.server.gpuTOPS > 0) {
        const tolerations = (getPath(base.data, [...s.template, 'spec', 'tolerations']) ?? []) as Json[];
        if (!tolerations.some(t => (t as Obj)?.key === GPU_RESOURCE)) {
            // A strategic merge replaces a list of tolerations: the base's are kept in it.
            setPath(patch, [...s.template, 'spec', 'tolerations'], [...tolerations, gpuToleration]);
        }
    }
    return patch;
}

export function exportOverlay(model: Model, allocation: AllocationDef, base: BaseManifests, options: ExportOptions): ExportResult {
    const report: string[] = [];
    const list = groups(model, allocation);
    const files: ExportFile[] = [];
    const objects: Obj[] = [];
    const patches: ExportResult['patches'] = [];
    const resources: string[] = [];
    const patchEntries: Obj[] = [];
    if (base.isKustomization) {
        resources.push(base.relativeDir);
    } else {
        // Kustomize loads files only from kustomizations: the base files are copied into base/ with one.
        for (const f of base.files) {
            files.push({ path: `base/${f.path}`, text: f.text });
        }
        files.push({ path: 'base/kustomization.yaml', text: yaml({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: base.files.map(f => f.path) }) });
        resources.push('base');
    }
    const patched = new Set<KObject>();
    for (const g of list) {
        const baseObject = baseObjectFor(g.component, base.objects);
        if (!baseObject) {
            const name = names(list.filter(x => x.component === g.component))[list.filter(x => x.component === g.component).indexOf(g)];
            const obj = newWorkload(model, g, name, options, report);
            report.push(`${g.component.name} on ${g.server.name}: no base object: written as a new ${String(obj.kind)} ${name}`);
            objects.push(obj);
            files.push({ path: `${name}.yaml`, text: yaml(obj) });
            resources.push(`${name}.yaml`);
            continue;
        }
        if (!patched.has(baseObject)) {
            patched.add(baseObject);
            const patch = patchFor(baseObject, g, options, report);
            const path = `patch-${baseObject.kind.toLowerCase()}-${baseObject.name}.yaml`;
            files.push({ path, text: yaml(patch) });
            const target = { kind: baseObject.kind, name: baseObject.name, namespace: baseObject.namespace };
            patches.push({ patch, target });
            patchEntries.push({ path, target: { kind: target.kind, name: target.name, ...(target.namespace ? { namespace: target.namespace } : {}) } });
            continue;
        }
        const name = toK8sName(`${baseObject.name}-${g.server.name}`);
        const copy = copyFor(baseObject, g, name, options);
        objects.push(copy);
        files.push({ path: `${name}.yaml`, text: yaml(copy) });
        resources.push(`${name}.yaml`);
    }
    for (const o of base.objects) {
        if (['Deployment', 'StatefulSet', 'Job', 'CronJob'].includes(o.kind) && ![...patched].includes(o)) {
            report.push(`${o.kind} ${o.name}: in the base, but no component of the model: left as it is`);
        }
    }
    files.push({
        path: 'kustomization.yaml',
        text: yaml({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources, patches: patchEntries })
    });
    return { files, objects, patches, report };
}
