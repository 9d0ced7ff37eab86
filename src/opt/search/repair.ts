/**
 * Repair as the search uses it: half the time the price-aware repair of
 * src/opt/packing (displaced or missing instances go best-fit onto machines
 * already in use, else onto the kind with the lowest price per capacity),
 * else the minimal random repair of src/opt/repair.ts; when one finds no
 * valid genotype the other is tried. Returns a valid canonical genotype or
 * undefined. `g` may be changed.
 */
import { isValid, repair } from '../repair.js';
import { repairPacking } from '../packing/index.js';
import type { Genotype, Space } from '../genotype.js';
import type { Rng } from '../rng.js';

/** Share of repairs that are price-aware first. */
export const PRICE_AWARE_SHARE = 0.5;

export function repairChild(space: Space, g: Genotype, rng: Rng): Genotype | undefined {
    const priceFirst = rng.chance(PRICE_AWARE_SHARE);
    const attempts = priceFirst ? [repairPacking, repair] : [repair, repairPacking];
    for (const attempt of attempts) {
        const repaired = attempt(space, { inst: g.inst.slice(), perm: g.perm.slice(), lim: g.lim.slice() }, rng);
        if (repaired && isValid(space, repaired)) {
            return repaired;
        }
    }
    return undefined;
}
