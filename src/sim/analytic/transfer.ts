/**
 * The analytic estimate of transfers (docs/semantics.md, "Communication"):
 * the mean and variance of the time a hop adds to a run, per chain position,
 * for one allocation.
 *
 * Where the previous step ended and where the next part runs are taken as
 * independent, each spread over the machines in proportion to the eligible
 * instances of its component there (a step that follows a step of the same
 * run on the same component and is not split gets the instance just freed:
 * the same machine, no transfer, as the simulator dispatches). A part on
 * another machine receives D / k at min(net out of the sender, net in of the
 * receiver), plus the latency. Not modelled: transfers sharing a machine's
 * bandwidth with each other (so the estimate is a lower bound when transfers
 * overlap), and the instance time a transfer holds (taken from no station's
 * capacity).
 */
import type { Layout } from '../layout.js';
import type { AnalyticModel } from './prepare.js';

/**
 * Writes the mean (at 2q) and variance (at 2q + 1) of the transfer time into
 * each chain position q whose hop moves data; 0 elsewhere. `from` and `to`
 * are scratch room, one value per machine.
 */
export function transferMoments(am: AnalyticModel, L: Layout, out: Float64Array, from: Float64Array, to: Float64Array): void {
    const prep = am.prep;
    out.fill(0);
    if (!prep.hasTransfers) { return; }
    for (let p = 0; p < prep.processCount; p++) {
        for (let q = prep.chainStart[p] + 1; q < prep.chainStart[p] + prep.chainLength[p]; q++) {
            const data = prep.hopMegabits[q];
            if (!(data > 0) || (am.warmFirst[q] && L.split[q] === 1)) { continue; }
            const a = spread(am, L, q - 1, from), b = spread(am, L, q, to);
            if (a === 0 || b === 0) { continue; }
            const share = data / L.split[q];
            let m1 = 0, m2 = 0;
            const senders = held(from), receivers = held(to);
            for (const x of senders) {
                for (const y of receivers) {
                    if (x === y) { continue; }
                    const rate = Math.min(L.netOutMbps[x], L.netInMbps[y]);
                    const t = share / rate + prep.latencySeconds;
                    const w = (from[x] / a) * (to[y] / b);
                    m1 += w * t;
                    m2 += w * t * t;
                }
            }
            out[2 * q] = m1;
            out[2 * q + 1] = Math.max(0, m2 - m1 * m1);
        }
    }
}

/** The machines with a weight. */
function held(w: Float64Array): number[] {
    const machines: number[] = [];
    for (let m = 0; m < w.length; m++) { if (w[m] > 0) { machines.push(m); } }
    return machines;
}

/** Eligible instances of position q's component per machine, into `w`; returns their number. */
function spread(am: AnalyticModel, L: Layout, q: number, w: Float64Array): number {
    const prep = am.prep, c = prep.component[q];
    w.fill(0);
    let n = 0;
    for (let k = L.componentFirst[c]; k < L.componentFirst[c + 1]; k++) {
        const i = L.componentInstances[k];
        if (prep.needsGpu[q] && !L.instanceHasGpu[i]) { continue; }
        w[L.instanceMachine[i]]++;
        n++;
    }
    return n;
}
