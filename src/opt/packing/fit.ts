/**
 * The fit rule as the packing pieces use it. One machine holds its instances
 * when their idle CPU and idle RAM stay strictly below its capacity and the
 * idle RAM plus the largest step RAM of those instances fits in its RAM
 * (repair.ts, docs/optimizer.md). A kind with several machines is checked by
 * spreading its instances exactly as the simulator does.
 *
 * TEMPORARY local copy of the rule until src/model/placement-rules.ts (the
 * one module for fit and spreading) lands; then this file only adapts it.
 */
import type { PackingProblem } from './problem.js';
import { stepRamOf } from './problem.js';

/** One machine of kind s with these sums. */
export function machineFits(p: PackingProblem, s: number, cpuGHz: number, ramMB: number, stepRamMB: number): boolean {
    return cpuGHz < p.kindCpu[s] && ramMB < p.kindRam[s] && ramMB + stepRamMB <= p.kindRam[s];
}

/**
 * Do the machines of kind s hold these instances (component indices,
 * ascending, repeated per instance)? Spreads them as the simulator does for
 * the canonical line order: each to the machine with the fewest instances,
 * ties to the least idle CPU used, then the lowest index; sums in that order.
 */
export function kindHolds(p: PackingProblem, s: number, components: ArrayLike<number>): boolean {
    const m = p.count[s];
    const n = components.length;
    if (n === 0) {
        return true;
    }
    if (m <= 0) {
        return false;
    }
    const count = new Int32Array(m);
    const cpu = new Float64Array(m);
    const ram = new Float64Array(m);
    const stepRam = new Float64Array(m);
    for (let i = 0; i < n; i++) {
        const c = components[i];
        let best = 0;
        for (let k = 1; k < m; k++) {
            if (count[k] < count[best] || (count[k] === count[best] && cpu[k] < cpu[best])) {
                best = k;
            }
        }
        count[best]++;
        cpu[best] += p.cpu[c];
        ram[best] += p.ram[c];
        stepRam[best] = Math.max(stepRam[best], stepRamOf(p, c, s));
    }
    for (let k = 0; k < m; k++) {
        if (count[k] > 0 && !machineFits(p, s, cpu[k], ram[k], stepRam[k])) {
            return false;
        }
    }
    return true;
}
