/**
 * The bottleneck of a process (docs/semantics.md, "Where the time goes"):
 * among its steps' parts (queue wait, RAM wait, cold start, service,
 * CPU, GPU and network sharing), the one with the largest mean, named with
 * its step, component, the server kind its step spent most time on, and that
 * kind's utilization of the resource the part points at (RAM for a RAM wait,
 * the CPU or GPU for their sharing, the network for network sharing: no
 * utilization is measured for it; else the step's CPU or GPU). Pure: used by `simulate --explain`, the results view and the
 * HTML report alike.
 */
import { fmtSeconds } from '../model/format.js';
import { partSeconds, TIME_PART_KEYS, type ProcessStats, type ServerStats, type TimePartKey } from './api.js';

export interface Bottleneck {
    step: string;
    component: string;
    part: TimePartKey;
    /** Mean seconds per run of that part of that step. */
    seconds: number;
    /** Share of the process's mean time (0..1; NaN when the mean is 0). */
    share: number;
    /** The server kind the step spent most of its time on, or null when the step never ran. */
    server: string | null;
    resource: 'cpu' | 'gpu' | 'ram' | 'network';
    /** That kind's mean utilization of `resource` (0..1), NaN when unknown (always for the network). */
    utilization: number;
}

/** What a user reads for each part. */
export const TIME_PART_LABELS: Record<TimePartKey, string> = {
    queueWait: 'queue wait',
    ramWait: 'RAM wait',
    coldStart: 'cold start',
    transfer: 'transfer',
    service: 'service',
    cpuSharing: 'CPU sharing',
    gpuSharing: 'GPU sharing',
    networkSharing: 'network sharing'
};

/** The resource a part points at, for a step whose processor is `resource`. */
function partResource(part: TimePartKey, resource: 'cpu' | 'gpu'): Bottleneck['resource'] {
    return part === 'ramWait' ? 'ram' : part === 'cpuSharing' ? 'cpu' : part === 'gpuSharing' ? 'gpu'
        : part === 'networkSharing' || part === 'transfer' ? 'network' : resource;
}

/** The bottleneck of process `p`, or null without a time decomposition or runs. */
export function bottleneckOf(p: ProcessStats, servers: readonly ServerStats[]): Bottleneck | null {
    if (!p.steps || p.steps.length === 0 || p.runs === 0) { return null; }
    let best: Bottleneck | null = null;
    for (const s of p.steps) {
        for (const part of TIME_PART_KEYS) {
            const seconds = partSeconds(s, part);
            if (!(seconds > 0) || (best && seconds <= best.seconds)) { continue; }
            const server = s.servers.reduce<{ name: string; share: number } | null>((a, x) => (a === null || x.share > a.share ? x : a), null);
            const resource = partResource(part, s.resource);
            const stats = server ? servers.find(x => x.name === server.name) : undefined;
            const utilization = !stats || resource === 'network' ? NaN
                : resource === 'ram' ? stats.ramUtilization : resource === 'gpu' ? stats.gpuUtilization : stats.cpuUtilization;
            best = { step: s.step, component: s.component, part, seconds, share: p.mean > 0 ? seconds / p.mean : NaN,
                server: server?.name ?? null, resource, utilization };
        }
    }
    return best;
}

/** One line for people: "step score (component scorer): cold start 2 s per run, 81% of the mean; on cpu_node, CPU 12% used". */
export function describeBottleneck(b: Bottleneck): string {
    const share = Number.isFinite(b.share) ? `, ${Math.round(100 * b.share)}% of the mean` : '';
    const where = b.server === null ? ''
        : `; on ${b.server}${Number.isFinite(b.utilization) ? `, ${b.resource.toUpperCase()} ${(100 * b.utilization).toFixed(1)}% used` : ''}`;
    return `step ${b.step} (component ${b.component}): ${TIME_PART_LABELS[b.part]} ${fmtSeconds(b.seconds)} per run${share}${where}`;
}
