/** Every valid canonical genotype of a (small) space: the oracle of test/opt/enumerate.test.ts. */
import { canonicalize, emptyGenotype, genotypeKey, type Genotype, type Space } from '../../src/opt/genotype.js';
import { isValid } from '../../src/opt/repair.js';

export function enumerateSpace(space: Space): Genotype[] {
    const cells = space.C * space.S;
    const found = new Map<string, Genotype>();
    const g = emptyGenotype(space);
    const visitLimits = (l: number) => {
        if (l === space.limits.length) {
            const copy = canonicalize(space, { inst: g.inst.slice(), perm: g.perm.slice(), lim: g.lim.slice() });
            if (isValid(space, copy)) {
                found.set(genotypeKey(copy), copy);
            }
            return;
        }
        for (let v = 1; v <= space.limits[l].threads; v++) {
            g.lim[l] = v;
            visitLimits(l + 1);
        }
    };
    const visitCell = (i: number) => {
        if (i === cells) {
            visitLimits(0);
            return;
        }
        const flaggable = !space.permanentComponent[Math.floor(i / space.S)];
        for (let n = 0; n <= space.cellMax[i]; n++) {
            g.inst[i] = n;
            for (const flag of n > 0 && flaggable ? [0, 1] : [0]) {
                g.perm[i] = flag;
                visitCell(i + 1);
            }
        }
        g.inst[i] = 0;
        g.perm[i] = 0;
    };
    visitCell(0);
    return [...found.values()];
}
