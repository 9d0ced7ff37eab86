/**
 * Whole-model check of arrival profiles (docs/language.md, "Profiles"): the
 * results are reported per phase of one cycle, the profile of the first
 * process in the file that has one; a process whose profile has other phase
 * boundaries gets a warning saying so (its own phases are not reported).
 */
import type * as ast from '../generated/ast.js';
import type { Model } from '../../model/types.js';
import { Codes } from './codes.js';
import type { Problem } from './problem.js';

export function profileProblems(processes: Map<string, ast.Process>, model: Model, problems: Problem[]): void {
    const withProfile = model.processes.filter(p => p.profile && p.profile.length > 0);
    if (withProfile.length < 2) { return; }
    const first = withProfile[0];
    const bounds = (p: Model['processes'][number]) => p.profile!.map(f => f.seconds).join(',');
    const reference = bounds(first);
    for (const p of withProfile.slice(1)) {
        const node = processes.get(p.name);
        if (node?.profile && bounds(p) !== reference) {
            problems.push({
                severity: 'warning', node: node.profile, property: undefined,
                message: `the phases of process ${p.name}'s profile differ from those of process ${first.name}, the first profile in the file: `
                    + `results are reported per phase of ${first.name}'s profile only (give both the same phase lengths to compare them phase by phase)`,
                data: { code: Codes.profileCycleDiffers }
            });
        }
    }
}
