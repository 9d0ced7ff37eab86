/**
 * Hover on an arrival profile (anywhere in `[ ... ]` but its lengths, which
 * get the quantity hover): the cycle, the mean factor (the rule of
 * src/model/profile.ts) and each phase with its hours in the cycle.
 */
import { AstUtils, type AstNode } from 'langium';
import * as ast from '../generated/ast.js';
import { quantity } from '../model-builder.js';
import { fmtSeconds } from '../../model/format.js';
import { profileMeanFactor } from '../../model/profile.js';

export function profileHover(node: AstNode): string | undefined {
    const profile = ast.isProfile(node) ? node : AstUtils.getContainerOfType(node, ast.isProfile);
    if (!profile) { return undefined; }
    const phases = profile.phases.map(p => ({ factor: p.factor, seconds: quantity(p.length, 'time'), label: p.label }));
    if (phases.some(p => !(p.seconds > 0) || !(p.factor >= 0))) { return undefined; }
    const cycle = phases.reduce((s, p) => s + p.seconds, 0);
    const mean = profileMeanFactor(phases);
    let start = 0;
    const rows = phases.map((p, i) => {
        const row = `| ${p.label ?? `phase ${i + 1}`} | ${start === 0 ? '0' : fmtSeconds(start)} – ${fmtSeconds(start + p.seconds)} | × ${p.factor} |`;
        start += p.seconds;
        return row;
    });
    return [
        '*arrival profile*',
        `A cycle of ${fmtSeconds(cycle)} repeating from time 0; the mean rate over it is ${Number(mean.toPrecision(4))} × the rate of \`every\`. `
            + 'Results are also reported per phase (of the first profile in the file).',
        '| phase | in the cycle | rate |\n|---|---|---|\n' + rows.join('\n')
    ].join('\n\n');
}
