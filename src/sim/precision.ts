/**
 * Warnings about how precise a simulation's figures are: too few
 * replications for the confidence intervals, too few runs of a process for
 * its percentiles. Each names the process or criterion and the setting to
 * raise (docs/semantics.md, "Precision warnings"). Pure.
 */
import { OBJECTIVE_KEYS, type ObjectiveKey } from '../model/types.js';
import type { ProcessStats } from './api.js';
import { clippedAtZero } from '../model/intervals.js';

/** Below this many counted runs, p99 is the largest time seen; below 20, so is p95. */
export const RUNS_FOR_P99 = 100;
export const RUNS_FOR_P95 = 20;

const CRITERION: Record<ObjectiveKey, string> = {
    time: 'mean time', variance: 'variance', violations: 'violations per hour', cost: 'cost per hour'
};

export function precisionWarnings(processes: readonly ProcessStats[], replications: number,
    objectives: Record<ObjectiveKey, number>, objectivesCI: Record<ObjectiveKey, [number, number]>): string[] {
    const warnings: string[] = [];
    const raiseReplications = 'raise replications (the optimize block, --replications, or the mlops.optimizer.replications setting)';
    if (replications === 1) {
        warnings.push(`only 1 replication: the 95% intervals cannot be estimated and are shown with zero width; ${raiseReplications} to at least 2`);
    }
    // One line for every interval clipped at 0 (model/intervals.ts): the criteria, then the processes' mean times.
    const clipped = [
        ...OBJECTIVE_KEYS.filter(k => clippedAtZero(objectivesCI[k], objectives[k])).map(k => CRITERION[k]),
        ...processes.filter(p => clippedAtZero(p.meanCI, p.mean)).map(p => `mean time of process ${p.name}`)
    ];
    if (clipped.length > 0) {
        warnings.push(`the 95% interval${clipped.length === 1 ? '' : 's'} of ${clipped.join(', ')} over ${replications} replications `
            + `reached below 0 and ${clipped.length === 1 ? 'is' : 'are'} clipped at 0: the replications disagree too much for a narrow interval; `
            + raiseReplications);
    }
    for (const p of processes) {
        if (p.runs > 0 && p.runs < RUNS_FOR_P99) {
            const which = p.runs < RUNS_FOR_P95 ? 'p95 and p99 are both' : 'p99 is';
            warnings.push(`process ${p.name}: only ${p.runs} counted run${p.runs === 1 ? '' : 's'} over ${replications} replication${replications === 1 ? '' : 's'}: `
                + `${which} just the longest time seen; raise the horizon (or replications) for at least ${RUNS_FOR_P99} runs`);
        }
    }
    return warnings;
}
