/**
 * The optimizer's own random numbers: xoshiro128** seeded through splitmix32.
 * Only the main thread draws from it, in a fixed order that never depends on
 * evaluation timing, so the search is the same with any number of workers.
 */
export class Rng {
    private a: number;
    private b: number;
    private c: number;
    private d: number;

    constructor(seed: number) {
        let s = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
        const next = () => {
            s = (s + 0x9e3779b9) >>> 0;
            let z = s;
            z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
            z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
            return (z ^ (z >>> 16)) >>> 0;
        };
        this.a = next();
        this.b = next();
        this.c = next();
        this.d = next() || 1;
    }

    /** Uniform 32-bit unsigned integer. */
    nextUint32(): number {
        const result = Math.imul(rotl(Math.imul(this.b, 5) >>> 0, 7), 9) >>> 0;
        const t = (this.b << 9) >>> 0;
        this.c ^= this.a;
        this.d ^= this.b;
        this.b ^= this.c;
        this.a ^= this.d;
        this.c ^= t;
        this.d = rotl(this.d, 11);
        this.c >>>= 0;
        this.a >>>= 0;
        this.b >>>= 0;
        return result;
    }

    /** Uniform in [0, 1). */
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

function rotl(x: number, k: number): number {
    return ((x << k) | (x >>> (32 - k))) >>> 0;
}
