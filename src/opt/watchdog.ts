/**
 * When an evaluation worker counts as stuck (pool.ts replaces it). Pure.
 *
 * A worker that has an allocation either computes (its event loop is busy:
 * the simulation is synchronous) or has finished and answered. So:
 * - silent: its event loop waited, in all, `silentSeconds` while it had an
 *   allocation: it is not computing and will not answer (a lost message, a
 *   worker waiting on something that never comes);
 * - hung: it computed far longer than any evaluation so far: more than
 *   `busyFactor` times the slowest finished one and at least
 *   `minBusySeconds`; before any evaluation finished, `firstBusySeconds`.
 *   The simulator's event budget bounds an honest evaluation, so a worker
 *   past these limits is looping.
 */
export interface WatchdogLimits {
    silentSeconds: number;
    busyFactor: number;
    minBusySeconds: number;
    firstBusySeconds: number;
}

export const DEFAULT_WATCHDOG: WatchdogLimits = {
    silentSeconds: 15,
    busyFactor: 20,
    minBusySeconds: 120,
    firstBusySeconds: 1800
};

export class Watchdog {
    readonly limits: WatchdogLimits;
    /** How often the pool looks (a quarter of the silent limit, at most once a second). */
    readonly tickMs: number;
    private slowestMs = 0;
    private finishedCount = 0;

    constructor(limits: Partial<WatchdogLimits> = {}) {
        this.limits = { ...DEFAULT_WATCHDOG, ...limits };
        this.tickMs = Math.max(50, Math.min(1000, this.limits.silentSeconds * 250));
    }

    /** An evaluation finished after `ms`. */
    finished(ms: number): void {
        this.finishedCount++;
        this.slowestMs = Math.max(this.slowestMs, ms);
    }

    /** The longest an evaluation may compute now, in ms. */
    busyLimitMs(): number {
        const l = this.limits;
        return 1000 * (this.finishedCount === 0 ? l.firstBusySeconds : Math.max(l.minBusySeconds, l.busyFactor * this.slowestMs / 1000));
    }

    /** Why a worker `elapsedMs` into its job, `idleMs` of it waiting, is stuck; undefined while it is not. */
    stall(elapsedMs: number, idleMs: number): string | undefined {
        if (idleMs >= this.limits.silentSeconds * 1000) {
            return `did not answer for ${seconds(elapsedMs)} (its thread was idle for ${seconds(idleMs)}, not simulating)`;
        }
        if (elapsedMs >= this.busyLimitMs()) {
            return `computed for ${seconds(elapsedMs)} without answering, longer than any evaluation may take (${seconds(this.busyLimitMs())})`;
        }
        return undefined;
    }

    /** A job that looks stuck though the limits are not reached yet (reported when a run stops). */
    suspect(elapsedMs: number, idleMs: number): boolean {
        // An honest worker is hardly ever idle while it has a job (the simulation is synchronous): 1 s idle is telling.
        return idleMs >= Math.min(1000, this.limits.silentSeconds * 1000) || elapsedMs >= this.busyLimitMs();
    }
}

function seconds(ms: number): string {
    return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}
