/**
 * Maps and sets keyed by canonical genotypes, for the evaluation cache and
 * the "seen" sets of the search. The key is a 53-bit hash of the typed
 * arrays (two 32-bit lanes, FNV-1a on whole cells and a rotate-xor-multiply,
 * over every cell, flag and limit), not a string of every cell: hashing
 * allocates nothing and a lookup costs one pass over the arrays (2.5x faster
 * than building the string key: docs/benchmarks.md). Collisions are handled: each
 * bucket keeps the genotypes themselves (copies) and a hit compares them
 * cell by cell, so two different genotypes never share an entry.
 */
import type { Genotype } from './genotype.js';

/** Hash of a genotype (inst, perm, lim), a non-negative integer below 2^53. */
export function genotypeHash(g: Genotype): number {
    // Two 32-bit lanes over whole cells: FNV-1a on words, and a rotate-xor-multiply with another constant.
    let a = 0x811c9dc5 | 0;
    let b = 0x27d4eb2f | 0;
    const { inst, perm, lim } = g;
    for (let i = 0; i < inst.length; i++) {
        const x = inst[i];
        a = Math.imul(a ^ x, 0x01000193);
        b = Math.imul(((b << 5) | (b >>> 27)) ^ x, 0x9e3779b1);
    }
    // Separators, so that moving a value from one array to the next changes the hash.
    a = Math.imul(a ^ 0x5bd1e995, 0x01000193);
    b = Math.imul(((b << 5) | (b >>> 27)) ^ 0x5bd1e995, 0x9e3779b1);
    for (let i = 0; i < perm.length; i++) {
        const x = perm[i];
        a = Math.imul(a ^ x, 0x01000193);
        b = Math.imul(((b << 5) | (b >>> 27)) ^ x, 0x9e3779b1);
    }
    a = Math.imul(a ^ 0x1b873593, 0x01000193);
    b = Math.imul(((b << 5) | (b >>> 27)) ^ 0x1b873593, 0x9e3779b1);
    for (let i = 0; i < lim.length; i++) {
        const x = lim[i];
        a = Math.imul(a ^ x, 0x01000193);
        b = Math.imul(((b << 5) | (b >>> 27)) ^ x, 0x9e3779b1);
    }
    return (fmix(a) >>> 0) * 0x200000 + (fmix(b) >>> 11);
}

/** Final avalanche of a 32-bit lane (MurmurHash3's fmix32). */
function fmix(h: number): number {
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    return h ^ (h >>> 16);
}

export function sameGenotype(x: Genotype, y: Genotype): boolean {
    return sameArray(x.inst, y.inst) && sameArray(x.perm, y.perm) && sameArray(x.lim, y.lim);
}

function sameArray(x: ArrayLike<number>, y: ArrayLike<number>): boolean {
    if (x.length !== y.length) {
        return false;
    }
    for (let i = 0; i < x.length; i++) {
        if (x[i] !== y[i]) {
            return false;
        }
    }
    return true;
}

interface Entry<V> {
    genotype: Genotype;
    value: V;
}

/** A Map from genotypes (by content) to values. Keys are copied on insertion, so callers may mutate theirs later. */
export class GenotypeMap<V> {
    private readonly buckets = new Map<number, Entry<V> | Entry<V>[]>();
    private count = 0;

    /** `hash`: genotypeHash; tests pass a constant one to check that collisions are told apart. */
    constructor(private readonly hash: (g: Genotype) => number = genotypeHash) {}

    get size(): number {
        return this.count;
    }

    get(g: Genotype): V | undefined {
        return this.find(g, this.hash(g))?.value;
    }

    /** get(g) for a caller that already has g's hash. */
    getHashed(g: Genotype, h: number): V | undefined {
        return this.find(g, h)?.value;
    }

    /** Genotypes held under hash h (1 unless hashes collided). */
    countHashed(h: number): number {
        const bucket = this.buckets.get(h);
        return bucket === undefined ? 0 : Array.isArray(bucket) ? bucket.length : 1;
    }

    has(g: Genotype): boolean {
        return this.find(g, this.hash(g)) !== undefined;
    }

    set(g: Genotype, value: V): this {
        return this.setHashed(g, this.hash(g), value);
    }

    /** set(g, value) for a caller that already has g's hash. */
    setHashed(g: Genotype, h: number, value: V): this {
        const found = this.find(g, h);
        if (found) {
            found.value = value;
            return this;
        }
        const entry: Entry<V> = { genotype: { inst: g.inst.slice(), perm: g.perm.slice(), lim: g.lim.slice() }, value };
        const bucket = this.buckets.get(h);
        if (bucket === undefined) {
            this.buckets.set(h, entry);
        } else if (Array.isArray(bucket)) {
            bucket.push(entry);
        } else {
            this.buckets.set(h, [bucket, entry]);
        }
        this.count++;
        return this;
    }

    *values(): IterableIterator<V> {
        for (const bucket of this.buckets.values()) {
            if (Array.isArray(bucket)) {
                for (const e of bucket) { yield e.value; }
            } else {
                yield bucket.value;
            }
        }
    }

    private find(g: Genotype, h: number): Entry<V> | undefined {
        const bucket = this.buckets.get(h);
        if (bucket === undefined) {
            return undefined;
        }
        if (!Array.isArray(bucket)) {
            return sameGenotype(bucket.genotype, g) ? bucket : undefined;
        }
        return bucket.find(e => sameGenotype(e.genotype, g));
    }
}

/** A Set of genotypes by content. */
export class GenotypeSet {
    private readonly map: GenotypeMap<true>;

    constructor(hash: (g: Genotype) => number = genotypeHash) {
        this.map = new GenotypeMap<true>(hash);
    }

    get size(): number {
        return this.map.size;
    }

    has(g: Genotype): boolean {
        return this.map.has(g);
    }

    /** Adds g; true when it was not there yet. */
    add(g: Genotype): boolean {
        if (this.map.has(g)) {
            return false;
        }
        this.map.set(g, true);
        return true;
    }
}

/**
 * Short string keys of genotypes, from their hash: the keys of the search's
 * evaluation caches and of its individuals (src/opt/search/evaluation.ts),
 * one pass over the arrays instead of a string of every cell. `register`
 * gives each distinct genotype its key for good: the hash in base 36, with
 * `.n` appended for the n-th other genotype of the same hash, so keys never
 * collide. `key` of a genotype not registered yet is its hash followed by
 * `?` (two unregistered genotypes share that key only if their 53-bit
 * hashes are equal).
 */
export class GenotypeKeys {
    private readonly keys: GenotypeMap<string>;

    constructor(private readonly hash: (g: Genotype) => number = genotypeHash) {
        this.keys = new GenotypeMap<string>(hash);
    }

    get size(): number {
        return this.keys.size;
    }

    /** The key of g: its registered key, else a provisional one (see the class comment). */
    key(g: Genotype): string {
        const h = this.hash(g);
        return this.keys.getHashed(g, h) ?? `${h.toString(36)}?`;
    }

    /** The key of g, registering it (a copy) when new. */
    register(g: Genotype): string {
        const h = this.hash(g);
        const known = this.keys.getHashed(g, h);
        if (known !== undefined) {
            return known;
        }
        const others = this.keys.countHashed(h);
        const key = others === 0 ? h.toString(36) : `${h.toString(36)}.${others}`;
        this.keys.setHashed(g, h, key);
        return key;
    }
}
