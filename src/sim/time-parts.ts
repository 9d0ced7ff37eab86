/**
 * The time decomposition of simulate()'s result (docs/semantics.md, "Where
 * the time goes"): the per-replication sums the engine measures
 * (measure.ts's addStep) pooled over the replications into mean parts per
 * step, and per process the sum of its steps' means.
 *
 * Service of a step with one kind of work and no split cost is computed here, once: the work
 * done on each server kind divided by the split and by the speed a part has
 * alone on that kind (sharing.ts's aloneSeconds rule, linear in the work).
 * Sharing is the rest of the work time, split over CPU, GPU and network in
 * proportion to the seconds the steps' last parts lost to each (sharing.ts's
 * sharingLoss rule, integrated over each part's run). Pooled means are over all finished
 * steps of all replications, as `mean` is over all counted runs; a run that
 * had not finished when its replication was stopped contributes the steps it
 * finished only.
 */
import type { StepTime, TimeParts } from './api.js';
import type { ReplicationOutput } from './engine.js';
import type { Layout } from './layout.js';
import { S_COLD, S_COLD_COUNT, S_COUNT, S_LOST_CPU, S_LOST_GPU, S_LOST_NET, S_MIXED_SERVICE, S_RAM, S_TRANSFER, S_WAIT, S_WORK, STEP_SUMS } from './measure.js';
import type { PreparedModel } from './prepared.js';
import { aloneSeconds } from './sharing.js';

export class TimePartsPool {
    private readonly sums: Float64Array;
    private readonly byKind: Float64Array;
    private readonly K: number;
    /** A machine of each server kind (machines of one kind have the same speeds and bandwidths), -1 when none. */
    private readonly machineOfKind: Int32Array;

    constructor(private readonly prep: PreparedModel, private readonly layout: Layout) {
        this.K = prep.model.servers.length;
        this.machineOfKind = new Int32Array(this.K).fill(-1);
        for (let m = layout.machineCount - 1; m >= 0; m--) { this.machineOfKind[layout.machineKind[m]] = m; }
        this.sums = new Float64Array(prep.positionCount * STEP_SUMS);
        this.byKind = new Float64Array(prep.positionCount * this.K * 2);
    }

    /** Adds one replication's sums. */
    add(out: ReplicationOutput): void {
        addInto(this.sums, out.stepSums);
        addInto(this.byKind, out.stepKind);
    }

    /** Mean parts of each step of process p, in chain order. */
    steps(p: number): StepTime[] {
        const prep = this.prep, model = prep.model, K = this.K;
        const steps: StepTime[] = [];
        for (let j = 0; j < prep.chainLength[p]; j++) {
            const q = prep.chainStart[p] + j;
            const o = q * STEP_SUMS;
            const n = this.sums[o + S_COUNT];
            const mean = (x: number) => (n > 0 ? x / n : 0);
            const wait = mean(this.sums[o + S_WAIT]), ram = mean(this.sums[o + S_RAM]), work = mean(this.sums[o + S_WORK]);
            let service = mean(this.sums[o + S_MIXED_SERVICE] + this.serviceByKind(q));
            // Float residue of the remaining-work arithmetic is not a slowdown: below a nanosecond
            // (and a billionth of the work time) per step the whole work time is service.
            if (!(service + 1e-9 * (1 + work) < work)) { service = work; }
            let total = 0;
            for (let k = 0; k < K; k++) { total += this.byKind[(q * K + k) * 2 + 1]; }
            const step = model.steps[prep.stepIndex[q]];
            const resource = prep.needsGpu[q] ? 'gpu' : 'cpu';
            const sharing = work - service;
            steps.push({
                step: step.name,
                component: step.component,
                resource,
                queueWait: wait - ram, ramWait: ram, coldStart: mean(this.sums[o + S_COLD]),
                // Only models whose hops move data have a transfer part (old models' output is unchanged).
                ...(prep.hasTransfers ? { transfer: mean(this.sums[o + S_TRANSFER]) } : {}),
                service,
                ...splitSharing(sharing, this.sums[o + S_LOST_CPU], this.sums[o + S_LOST_GPU], this.sums[o + S_LOST_NET], resource),
                sharing,
                coldStartShare: mean(this.sums[o + S_COLD_COUNT]),
                servers: model.servers
                    .map((s, k) => ({ name: s.name, share: total > 0 ? this.byKind[(q * K + k) * 2 + 1] / total : 0 }))
                    .filter(s => s.share > 0)
            });
        }
        return steps;
    }

    /** Seconds of service of the steps at q with one kind of work: their work per server kind at the speed of a part alone there. */
    private serviceByKind(q: number): number {
        const prep = this.prep, L = this.layout, K = this.K;
        if (prep.mixedWork[q] || prep.splitCost[q]) { return 0; }
        const cpu = prep.model.steps[prep.stepIndex[q]].cpuWorkGHzSeconds !== null;
        let seconds = 0;
        for (let k = 0; k < K; k++) {
            const amount = this.byKind[(q * K + k) * 2];
            if (amount === 0) { continue; }
            const m = this.machineOfKind[k];
            seconds += aloneSeconds(prep, q, L.cpuGHz[m], L.gpuTOPS[m], L.netInMbps[m], L.netOutMbps[m], cpu ? amount : 0, cpu ? 0 : amount) / L.split[q];
        }
        return seconds;
    }
}

/**
 * A step's sharing slowdown split over the causes in proportion to the
 * seconds lost to each (`cpu`, `gpu`, `net`: sums over its steps). Exact for
 * a step with one kind of work (the losses add up to the slowdown); for a
 * step with CPU and GPU work the proportion of the loss on its critical kind.
 * A slowdown with no recorded loss goes to the step's processor.
 */
function splitSharing(sharing: number, cpu: number, gpu: number, net: number, resource: 'cpu' | 'gpu'): Pick<TimeParts, 'cpuSharing' | 'gpuSharing' | 'networkSharing'> {
    const lost = cpu + gpu + net;
    if (!(sharing > 0)) { return { cpuSharing: 0, gpuSharing: 0, networkSharing: 0 }; }
    if (!(lost > 0)) { return { cpuSharing: resource === 'cpu' ? sharing : 0, gpuSharing: resource === 'gpu' ? sharing : 0, networkSharing: 0 }; }
    return { cpuSharing: sharing * (cpu / lost), gpuSharing: sharing * (gpu / lost), networkSharing: sharing * (net / lost) };
}

/** A run's mean parts: the sum of its steps' mean parts. */
export function sumParts(steps: readonly TimeParts[]): TimeParts {
    const sum: TimeParts = { queueWait: 0, ramWait: 0, coldStart: 0, service: 0, cpuSharing: 0, gpuSharing: 0, networkSharing: 0, sharing: 0 };
    for (const s of steps) {
        if (s.transfer !== undefined) { sum.transfer = (sum.transfer ?? 0) + s.transfer; }
        sum.queueWait += s.queueWait; sum.ramWait += s.ramWait; sum.coldStart += s.coldStart;
        sum.service += s.service; sum.sharing += s.sharing;
        sum.cpuSharing += s.cpuSharing; sum.gpuSharing += s.gpuSharing; sum.networkSharing += s.networkSharing;
    }
    return sum;
}

function addInto(into: Float64Array, from: Float64Array): void {
    for (let i = 0; i < into.length; i++) { into[i] += from[i]; }
}
