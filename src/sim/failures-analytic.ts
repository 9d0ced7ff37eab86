/**
 * The analytic estimate's first-order view of failures (docs/semantics.md,
 * "Failures and availability"): a machine of a failing kind works a share
 * A = E[mtbf] / (E[mtbf] + E[mttr]) of the time, so it is taken as a machine
 * that never fails with its CPU and GPU speed and its price times A (service
 * capacity times availability; billed only while up). Queueing while a
 * machine is down (bursts of waiting after each failure) is not modelled:
 * the estimate is optimistic for long repairs, which the simulator shows.
 */
import { distributionMean } from '../model/distributions.js';
import type { Model, ServerKind } from '../model/types.js';

/** Long-run share of time one machine of the kind works: 1 when it never fails. */
export function machineAvailability(server: ServerKind): number {
    if (!server.mtbfSeconds || !server.mttrSeconds) { return 1; }
    const up = distributionMean(server.mtbfSeconds), down = distributionMean(server.mttrSeconds);
    return up + down > 0 ? up / (up + down) : 1;
}

/** The model with failing kinds replaced by never-failing ones of speed and price times their availability; the model itself when none fails. */
export function withAvailabilityCapacity(model: Model): Model {
    if (!model.servers.some(s => s.mtbfSeconds)) { return model; }
    return {
        ...model,
        servers: model.servers.map(s => {
            const a = machineAvailability(s);
            if (a === 1) { return s; }
            const { mtbfSeconds: _mtbf, mttrSeconds: _mttr, ...rest } = s;
            return { ...rest, cpuGHz: s.cpuGHz * a, gpuTOPS: s.gpuTOPS * a, pricePerSecond: s.pricePerSecond * a };
        })
    };
}
