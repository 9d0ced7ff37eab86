/**
 * The one rule for the mean arrival rate of a process with an arrival
 * profile (docs/semantics.md, "Profiles"): its `every` rate times the
 * time-average of the profile's factors over a cycle. The offered-load
 * checks, the saturation warning, the simulator's and the analytic
 * estimate's rates all take the mean gap from here.
 */
import type { ProcessDef, ProfilePhase } from './types.js';
import { distributionMean } from './distributions.js';

/** Time-average of the factors over one cycle (1 without a profile). */
export function profileMeanFactor(profile: readonly ProfilePhase[] | undefined): number {
    if (!profile || profile.length === 0) { return 1; }
    let cycle = 0, weighted = 0;
    for (const phase of profile) {
        cycle += phase.seconds;
        weighted += phase.factor * phase.seconds;
    }
    return cycle > 0 ? weighted / cycle : 1;
}

/** Mean time between two runs of the process over a cycle, s (the `every` mean without a profile, bit for bit). */
export function meanArrivalGap(process: ProcessDef): number {
    const mean = distributionMean(process.everySeconds);
    return process.profile ? mean / profileMeanFactor(process.profile) : mean;
}
