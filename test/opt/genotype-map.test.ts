/** Hash keys of the evaluation cache (issue 11 item 6): content equality, collisions told apart. */
import { describe, expect, it } from 'vitest';
import { GenotypeMap, GenotypeSet, genotypeHash } from '../../src/opt/genotype-map.js';
import { cloneGenotype, createSpace, genotypeKey } from '../../src/opt/genotype.js';
import { randomGenotype } from '../../src/opt/operators.js';
import { repair } from '../../src/opt/repair.js';
import { Rng } from '../../src/opt/rng.js';
import { GPU, model } from './models.js';

describe('genotype maps', () => {
    it('agree with the string keys on many random genotypes (same equality, no false hit)', async () => {
        const space = createSpace(await model(GPU));
        const rng = new Rng(5);
        const byString = new Map<string, number>();
        const byHash = new GenotypeMap<number>();
        for (let i = 0; i < 3000; i++) {
            const g = repair(space, randomGenotype(space, rng), rng);
            if (!g) { continue; }
            const key = genotypeKey(g);
            expect(byHash.get(g)).toBe(byString.get(key));
            if (!byString.has(key)) {
                byString.set(key, i);
                byHash.set(g, i);
            }
        }
        expect(byHash.size).toBe(byString.size);
        expect(byHash.size).toBeGreaterThan(100);
    });

    it('tells colliding genotypes apart by content, and copies its keys', async () => {
        const space = createSpace(await model(GPU));
        const rng = new Rng(9);
        const a = randomGenotype(space, rng);
        const b = cloneGenotype(a);
        b.inst[0]++;
        const map = new GenotypeMap<string>(() => 42);
        map.set(a, 'a').set(b, 'b');
        expect([map.get(a), map.get(b), map.size]).toEqual(['a', 'b', 2]);
        const c = cloneGenotype(b);
        c.lim.fill(1);
        c.perm[1] ^= 1;
        expect(map.has(c)).toBe(false);
        a.inst[0] += 5; // mutating the caller's genotype does not move the entry
        expect(map.get(cloneGenotype(b))).toBe('b');
        const set = new GenotypeSet(() => 0);
        expect([set.add(b), set.add(cloneGenotype(b)), set.add(c), set.size]).toEqual([true, false, true, 2]);
    });

    it('hashes the flags and limits too, deterministically', async () => {
        const space = createSpace(await model(GPU));
        const g = randomGenotype(space, new Rng(3));
        const h = cloneGenotype(g);
        h.perm[0] ^= 1;
        expect(genotypeHash(g)).toBe(genotypeHash(cloneGenotype(g)));
        expect(genotypeHash(g)).not.toBe(genotypeHash(h));
        expect(Number.isSafeInteger(genotypeHash(g))).toBe(true);
    });
});
