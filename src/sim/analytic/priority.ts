/**
 * Priorities in the analytic estimate (docs/semantics.md, "Priorities"): the
 * FIFO wait of a station is split between its classes by the M/G/1 priority
 * formulas, taking every class's mean residual work in proportion to its
 * load (exact for M/M/1 with equal service; an approximation with several
 * instances or unequal services). For a part of priority k, with sigma_hi the
 * utilization by higher priorities and sigma_in by k and higher, out of the
 * station's utilization rho:
 * - its wait is the FIFO wait x (1 - rho) x r / ((1 - sigma_hi) (1 - sigma_in)),
 *   r = sigma_in / rho when its own process is preemptive (lower parts never
 *   delay it), 1 otherwise (Cobham; preemptive resume);
 * - its service is stretched by 1 / (1 - sigma_hi) when a higher priority is
 *   preemptive (it is interrupted by them).
 * Used only for models with priorities and stations that are not saturated.
 */
import type { PreparedModel } from '../prepared.js';

/**
 * Fills waitFactor[x] and serviceFactor[x] for the nq positions of a station
 * (chain positions `positions`, part rates `lambda`, mean service `service`),
 * at utilization rho < 1.
 */
export function priorityFactors(prep: PreparedModel, nq: number, positions: ArrayLike<number>, lambda: ArrayLike<number>,
    service: (x: number) => number, rho: number, waitFactor: Float64Array, serviceFactor: Float64Array): void {
    let total = 0;
    for (let y = 0; y < nq; y++) { total += lambda[y] * service(y); }
    for (let x = 0; x < nq; x++) {
        const own = prep.positionPriority[positions[x]];
        let hi = 0, inc = 0, preemptedBy = false;
        for (let y = 0; y < nq; y++) {
            const p = prep.positionPriority[positions[y]];
            const load = total > 0 ? rho * lambda[y] * service(y) / total : 0;
            if (p > own) { hi += load; if (prep.positionPreemptive[positions[y]]) { preemptedBy = true; } }
            if (p >= own) { inc += load; }
        }
        const r = prep.positionPreemptive[positions[x]] && rho > 0 ? inc / rho : 1;
        waitFactor[x] = (1 - rho) * r / Math.max(1e-12, (1 - hi) * (1 - inc));
        serviceFactor[x] = preemptedBy ? 1 / Math.max(1e-12, 1 - hi) : 1;
    }
}
