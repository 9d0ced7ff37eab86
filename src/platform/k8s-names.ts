/**
 * Names and annotations shared by the Kubernetes import and export: how a
 * Kubernetes name becomes a .mlops name and back, and the annotations the
 * export writes so that an import of its output gives the same allocation.
 */

/** On exported objects: the .mlops component the object is an instance group of. */
export const ANNOTATION_COMPONENT = 'mlops.dev/component';
/** On exported objects: the server kind (node pool) the object's replicas are placed on. */
export const ANNOTATION_SERVER = 'mlops.dev/server';
/** On any workload: the component is permanent (always up), as a StatefulSet is. */
export const ANNOTATION_PERMANENT = 'mlops.dev/permanent';
/** On exported objects: the allocation line is `permanent`. */
export const ANNOTATION_PERMANENT_INSTANCES = 'mlops.dev/permanent-instances';

/** Keywords of the grammar that cannot be names (the others are soft keywords). */
const RESERVED = new Set(['system', 'server', 'component', 'step', 'process', 'allocation', 'optimize']);

/** A .mlops name for a Kubernetes name or label value: `.` and other characters become `_`, a leading digit gets `n_`. */
export function toModelName(k8s: string): string {
    let name = k8s.replace(/[^A-Za-z0-9_-]/g, '_').replace(/-(?=>)/g, '_');
    if (!/^[A-Za-z_]/.test(name)) {
        name = `n_${name}`;
    }
    return RESERVED.has(name) ? `${name}_` : name;
}

/** A Kubernetes object name (DNS-1123 label, at most 63 characters) for a .mlops name. */
export function toK8sName(model: string): string {
    const name = model.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63).replace(/-+$/, '');
    return name === '' ? 'component' : name;
}

/** The doc comment line the import writes on a server kind, and the export reads back. */
export function poolDoc(label: string, value: string): string {
    return `Kubernetes pool ${label}=${value}`;
}

export function parsePoolDoc(doc: string | undefined): { label: string; value: string } | undefined {
    const match = /Kubernetes pool (\S+?)=(\S+)/.exec(doc ?? '');
    return match ? { label: match[1], value: match[2] } : undefined;
}

/** The doc comment line the import writes on a component: the workload it came from. */
export function workloadDoc(kind: string, namespace: string, name: string): string {
    return `Kubernetes ${kind} ${namespace ? `${namespace}/` : ''}${name}`;
}

export function parseWorkloadDoc(doc: string | undefined): { kind: string; namespace: string; name: string } | undefined {
    const match = /Kubernetes (Deployment|StatefulSet|Job|CronJob) (?:([a-z0-9-]+)\/)?([a-z0-9.-]+)/.exec(doc ?? '');
    return match ? { kind: match[1], namespace: match[2] ?? '', name: match[3] } : undefined;
}
