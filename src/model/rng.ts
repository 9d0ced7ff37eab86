/**
 * The one pseudo-random generator of the project: xoshiro128** (Blackman and
 * Vigna), four 32-bit words of state, integer arithmetic only (Math.imul,
 * shifts), so every platform gives the same bits. Two ways to seed it:
 *
 * - Streams of the simulator (seedStream): many streams in one Int32Array, so
 *   that the hot path allocates nothing. The state of a stream is derived by
 *   hashing (seed, replication, stream key) with the murmur3 finalizer, where
 *   the key is a 64-bit hash of what the stream drives (streamKey; the
 *   identities are in src/sim/streams.ts), so a stream depends on nothing
 *   else: not on the allocation, not on the other processes of the model, not
 *   on the order in which other streams are used, not on the machine
 *   (docs/semantics.md, "Random streams").
 * - One sequence (class Rng, the optimizer's): seeded through splitmix32 from
 *   one number; it draws with the same nextUint32 as the streams.
 */

/** Murmur3's 32-bit finalizer: a bijective avalanche mix. */
function fmix32(h: number): number {
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h | 0;
}

/**
 * The 64-bit key of the stream that drives `identity` (written as two 32-bit
 * words at key[2*index], key[2*index+1]): FNV-1a over the UTF-16 code units
 * from two offset bases, each finished with the murmur3 finalizer.
 */
export function streamKey(key: Int32Array, index: number, identity: string): void {
    let a = 0x811c9dc5 | 0, b = 0x050c5d1f | 0;
    for (let k = 0; k < identity.length; k++) {
        const u = identity.charCodeAt(k);
        a = Math.imul(a ^ u, 0x01000193);
        b = Math.imul(b ^ u, 0x01000193);
    }
    key[2 * index] = fmix32(a);
    key[2 * index + 1] = fmix32(b ^ identity.length);
}

/** Writes the 4-word state of the stream keyed (keyLo, keyHi; keyHi 0 for a 32-bit key) in replication `replication` at `state[4*index..]`. */
export function seedStream(state: Int32Array, index: number, seed: number, replication: number, keyLo: number, keyHi = 0): void {
    const seedLo = seed >>> 0;
    const seedHi = Math.floor(seed / 4294967296) >>> 0;
    let h = fmix32(seedLo ^ 0x243f6a88);
    h = fmix32(h ^ Math.imul(seedHi + 0x3c6ef372, 0x9e3779b9));
    h = fmix32(h ^ Math.imul(replication + 0x517cc1b7, 0x85ebca6b));
    h = fmix32(h ^ Math.imul(keyLo + 0x27d4eb2f, 0xc2b2ae35));
    h = fmix32(h ^ Math.imul(keyHi + 0x165667b1, 0x27d4eb2f));
    let allZero = true;
    for (let w = 0; w < 4; w++) {
        // splitmix-style sequence from the combined hash.
        h = (h + 0x9e3779b9) | 0;
        const word = fmix32(h ^ Math.imul(w + 1, 0x632be5ab));
        state[4 * index + w] = word;
        if (word !== 0) { allZero = false; }
    }
    if (allZero) { state[4 * index] = 1; }
}

/** Next 32-bit output of stream `index` (xoshiro128**), as an unsigned number. */
export function nextUint32(s: Int32Array, index: number): number {
    const o = index << 2;
    const s0 = s[o], s1 = s[o + 1], s2 = s[o + 2], s3 = s[o + 3];
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = s1 << 9;
    const n2 = s2 ^ s0;
    const n3 = s3 ^ s1;
    s[o + 1] = s1 ^ n2;
    s[o] = s0 ^ n3;
    s[o + 2] = n2 ^ t;
    s[o + 3] = (n3 << 11) | (n3 >>> 21);
    return result;
}

/**
 * A double uniform on [0, 1) with 53 random bits: 27 bits of one output and 26
 * of the next (the two xoshiro steps are written out: twice as fast as two calls).
 */
export function nextDouble(s: Int32Array, index: number): number {
    const o = index << 2;
    let s0 = s[o], s1 = s[o + 1], s2 = s[o + 2], s3 = s[o + 3];
    let m = Math.imul(s1, 5);
    const a = Math.imul((m << 7) | (m >>> 25), 9) >>> 5;
    let t = s1 << 9;
    s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = (s3 << 11) | (s3 >>> 21);
    m = Math.imul(s1, 5);
    const b = Math.imul((m << 7) | (m >>> 25), 9) >>> 6;
    t = s1 << 9;
    s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = (s3 << 11) | (s3 >>> 21);
    s[o] = s0; s[o + 1] = s1; s[o + 2] = s2; s[o + 3] = s3;
    return (a * 67108864 + b) * 1.1102230246251565e-16; // 2^-53: exact
}

/** A double uniform on (0, 1]: safe for logarithms. */
export function nextOpenDouble(s: Int32Array, index: number): number {
    return 1 - nextDouble(s, index);
}

/**
 * A single generator for code that draws one sequence (the optimizer: only
 * its main thread draws, in a fixed order that never depends on evaluation
 * timing, so a search is the same with any number of workers). Its state is
 * seeded through splitmix32 from `seed`; it draws with nextUint32 above.
 */
export class Rng {
    private readonly state = new Int32Array(4);

    constructor(seed: number) {
        let s = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
        const next = () => {
            s = (s + 0x9e3779b9) >>> 0;
            let z = s;
            z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
            z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
            return (z ^ (z >>> 16)) >>> 0;
        };
        this.state[0] = next();
        this.state[1] = next();
        this.state[2] = next();
        this.state[3] = next() || 1;
    }

    /** Uniform 32-bit unsigned integer. */
    nextUint32(): number {
        return nextUint32(this.state, 0);
    }

    /** Uniform in [0, 1) (32 bits). */
    next(): number {
        return this.nextUint32() / 4294967296;
    }

    /** Uniform integer in [0, n). */
    int(n: number): number {
        return Math.floor(this.next() * n);
    }

    /** Uniform integer in [lo, hi]. */
    range(lo: number, hi: number): number {
        return lo + this.int(hi - lo + 1);
    }

    chance(p: number): boolean {
        return this.next() < p;
    }

    pick<T>(items: readonly T[]): T {
        return items[this.int(items.length)];
    }
}
