/**
 * What a solution changes against a reference allocation (usually `current`):
 * per component the instances moved between server kinds, added and
 * removed; the permanent flags switched; the step limits changed. Pure.
 */
import type { AllocationMatrix } from './types.js';

export interface ComponentChange {
    component: string;
    /** Instances per server kind before and after (only kinds whose count changed). */
    before: Record<string, number>;
    after: Record<string, number>;
    /** Instances that left one server kind for another (min of the losses and the gains). */
    moved: number;
    /** Instances gained beyond the moved ones. */
    added: number;
    /** Instances lost beyond the moved ones. */
    removed: number;
}

export interface PermanentChange {
    component: string;
    server: string;
    /** Whether the instances there are permanent after the change. */
    permanent: boolean;
}

export interface LimitChange {
    step: string;
    /** null: no limit. */
    before: number | null;
    after: number | null;
}

export interface AllocationDiff {
    /** Largest change first (moved + added + removed), then by name. */
    components: ComponentChange[];
    permanent: PermanentChange[];
    limits: LimitChange[];
}

export function diffAllocations(before: AllocationMatrix, after: AllocationMatrix): AllocationDiff {
    const components: ComponentChange[] = [];
    for (const component of union(Object.keys(before.instances), Object.keys(after.instances))) {
        const was = before.instances[component] ?? {};
        const now = after.instances[component] ?? {};
        const change: ComponentChange = { component, before: {}, after: {}, moved: 0, added: 0, removed: 0 };
        let gained = 0;
        let lost = 0;
        for (const server of union(Object.keys(was), Object.keys(now))) {
            const b = was[server] ?? 0;
            const a = now[server] ?? 0;
            if (a !== b) {
                change.before[server] = b;
                change.after[server] = a;
                gained += Math.max(0, a - b);
                lost += Math.max(0, b - a);
            }
        }
        if (gained + lost === 0) {
            continue;
        }
        change.moved = Math.min(gained, lost);
        change.added = gained - change.moved;
        change.removed = lost - change.moved;
        components.push(change);
    }
    const size = (c: ComponentChange) => c.moved + c.added + c.removed;
    components.sort((x, y) => size(y) - size(x) || compareNames(x.component, y.component));

    const permanent: PermanentChange[] = [];
    for (const component of union(Object.keys(before.permanent), Object.keys(after.permanent))) {
        const was = new Set(before.permanent[component] ?? []);
        const now = new Set(after.permanent[component] ?? []);
        for (const server of union([...was], [...now])) {
            if (was.has(server) !== now.has(server)) {
                permanent.push({ component, server, permanent: now.has(server) });
            }
        }
    }

    const limits: LimitChange[] = [];
    for (const step of union(Object.keys(before.limits), Object.keys(after.limits))) {
        const b = before.limits[step] ?? null;
        const a = after.limits[step] ?? null;
        if (a !== b) {
            limits.push({ step, before: b, after: a });
        }
    }
    return { components, permanent, limits };
}

export function isEmptyDiff(diff: AllocationDiff): boolean {
    return diff.components.length === 0 && diff.permanent.length === 0 && diff.limits.length === 0;
}

/** Names in first-seen order (the file's order), each once. */
function union(a: readonly string[], b: readonly string[]): string[] {
    return [...new Set([...a, ...b])];
}

function compareNames(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}
