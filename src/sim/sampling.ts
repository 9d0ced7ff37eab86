/**
 * Sampling the language's distributions from a stream of rng.ts. Each
 * distribution is compiled once into a code and four parameters (so the hot
 * path is a switch over numbers, without objects or closures).
 *
 * Methods: exponential by the ziggurat method of Marsaglia and Tsang (2000),
 * 256 layers, layer from the low 8 bits and position from the high 24 bits of
 * one 32-bit output (log and exp only in the rare edge cases); uniform by scaling; normal by Box-Muller
 * (one normal from two uniforms, the second value is dropped so that each
 * sample uses a fixed number of draws when not rejected); normal truncated at 0
 * by rejection, with inversion after 64 rejections; lognormal(mean, cv) with
 * sigma^2 = ln(1 + cv^2), mu = ln(mean) - sigma^2/2; gamma(mean, cv) with shape
 * 1/cv^2 by Marsaglia-Tsang (shape < 1: boosted by U^(1/shape)); erlang(k,
 * mean) as the sum of k exponentials (a product of uniforms) up to k = 16, as
 * gamma(k) beyond.
 */
import type { Distribution } from '../model/types.js';
import { normalCdf, normalQuantile } from '../model/distributions.js';
import { nextDouble, nextOpenDouble, nextUint32 } from '../model/rng.js';

export const D_NONE = 0;
export const D_CONSTANT = 1;
export const D_EXPONENTIAL = 2;
export const D_UNIFORM = 3;
export const D_NORMAL = 4;
export const D_LOGNORMAL = 5;
export const D_GAMMA = 6;
export const D_ERLANG = 7;

/** Values per compiled distribution: code, then 4 parameters. */
export const DIST_STRIDE = 5;

/** Writes the compiled form of `d` (or "no work" for null) at `out[DIST_STRIDE*slot..]`. */
export function compileDistribution(d: Distribution | null, out: Float64Array, slot: number): void {
    const o = slot * DIST_STRIDE;
    out.fill(0, o, o + DIST_STRIDE);
    if (d === null) { out[o] = D_NONE; return; }
    switch (d.kind) {
        case 'constant':
            out[o] = D_CONSTANT; out[o + 1] = Math.max(0, d.value); return;
        case 'exponential':
            out[o] = D_EXPONENTIAL; out[o + 1] = d.mean; return;
        case 'uniform':
            out[o] = D_UNIFORM; out[o + 1] = d.min; out[o + 2] = d.max - d.min; return;
        case 'normal':
            if (d.sd <= 0) { out[o] = D_CONSTANT; out[o + 1] = Math.max(0, d.mean); return; }
            out[o] = D_NORMAL; out[o + 1] = d.mean; out[o + 2] = d.sd; return;
        case 'lognormal': {
            if (d.cv <= 0) { out[o] = D_CONSTANT; out[o + 1] = d.mean; return; }
            const sigma2 = Math.log(1 + d.cv * d.cv);
            out[o] = D_LOGNORMAL; out[o + 1] = Math.log(d.mean) - sigma2 / 2; out[o + 2] = Math.sqrt(sigma2); return;
        }
        case 'gamma': {
            if (d.cv <= 0) { out[o] = D_CONSTANT; out[o + 1] = d.mean; return; }
            const shape = 1 / (d.cv * d.cv);
            compileGamma(out, o, shape, d.mean / shape);
            return;
        }
        case 'erlang': {
            const k = Math.max(1, Math.round(d.k));
            if (k > 16) { compileGamma(out, o, k, d.mean / k); return; }
            out[o] = D_ERLANG; out[o + 1] = k; out[o + 2] = d.mean / k; return;
        }
    }
}

function compileGamma(out: Float64Array, o: number, shape: number, scale: number): void {
    // Marsaglia-Tsang constants for shape a >= 1 (a+1 when a < 1, then boosted).
    const a = shape < 1 ? shape + 1 : shape;
    const dd = a - 1 / 3;
    out[o] = D_GAMMA;
    out[o + 1] = scale;
    out[o + 2] = dd;
    out[o + 3] = 1 / Math.sqrt(9 * dd);
    out[o + 4] = shape < 1 ? 1 / shape : 0;
}

// Ziggurat tables of the standard exponential: layer i spans [0, X[i]) with
// f(X[i]) = F[i]; K[i] decides the fast acceptance, W[i] = X[i] / 2^24.
const ZIG_R = 7.697117470131487;
const ZIG_V = 3.949659822581572e-3;
const ZIG_SCALE = 16777216; // 2^24
const ZIG_K = new Uint32Array(256);
const ZIG_W = new Float64Array(256);
const ZIG_F = new Float64Array(256);
(function buildZiggurat() {
    let x = ZIG_R;
    const q = ZIG_V / Math.exp(-x);
    ZIG_K[0] = Math.floor((x / q) * ZIG_SCALE);
    ZIG_K[1] = 0;
    ZIG_W[0] = q / ZIG_SCALE;
    ZIG_W[255] = x / ZIG_SCALE;
    ZIG_F[0] = 1;
    ZIG_F[255] = Math.exp(-x);
    let previous = x;
    for (let i = 254; i >= 1; i--) {
        x = -Math.log(ZIG_V / x + Math.exp(-x));
        ZIG_K[i + 1] = Math.floor((x / previous) * ZIG_SCALE);
        previous = x;
        ZIG_F[i] = Math.exp(-x);
        ZIG_W[i] = x / ZIG_SCALE;
    }
})();

/** A standard exponential sample (mean 1), ziggurat method. */
export function standardExponential(s: Int32Array, stream: number): number {
    let u = nextUint32(s, stream);
    let i = u & 255;
    let j = u >>> 8;
    if (j < ZIG_K[i]) { return j * ZIG_W[i]; }
    for (;;) {
        if (i === 0) { return ZIG_R - Math.log(nextOpenDouble(s, stream)); }
        const x = j * ZIG_W[i];
        if (ZIG_F[i] + nextDouble(s, stream) * (ZIG_F[i - 1] - ZIG_F[i]) < Math.exp(-x)) { return x; }
        u = nextUint32(s, stream);
        i = u & 255;
        j = u >>> 8;
        if (j < ZIG_K[i]) { return j * ZIG_W[i]; }
    }
}

function standardNormal(s: Int32Array, stream: number): number {
    const u1 = nextOpenDouble(s, stream);
    const u2 = nextDouble(s, stream);
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** One sample of the compiled distribution `slot` of `table`, from stream `stream` of `s`. */
export function sample(table: Float64Array, slot: number, s: Int32Array, stream: number): number {
    const o = slot * DIST_STRIDE;
    const code = table[o];
    // The most common cases first, outside the switch.
    if (code === D_EXPONENTIAL) { return table[o + 1] * standardExponential(s, stream); }
    if (code === D_CONSTANT) { return table[o + 1]; }
    switch (code) {
        case D_EXPONENTIAL: return -table[o + 1] * Math.log(nextOpenDouble(s, stream));
        case D_UNIFORM: return table[o + 1] + table[o + 2] * nextDouble(s, stream);
        case D_NORMAL: return truncatedNormal(table[o + 1], table[o + 2], s, stream);
        case D_LOGNORMAL: return Math.exp(table[o + 1] + table[o + 2] * standardNormal(s, stream));
        case D_GAMMA: return gamma(table, o, s, stream);
        case D_ERLANG: {
            const k = table[o + 1];
            let product = 1;
            for (let i = 0; i < k; i++) { product *= nextOpenDouble(s, stream); }
            return -table[o + 2] * Math.log(product);
        }
        default: return 0;
    }
}

function truncatedNormal(mean: number, sd: number, s: Int32Array, stream: number): number {
    for (let i = 0; i < 64; i++) {
        const x = mean + sd * standardNormal(s, stream);
        if (x >= 0) { return x; }
    }
    // Almost all mass below 0: invert the CDF restricted to [0, inf).
    const p0 = normalCdf(-mean / sd);
    const u = nextDouble(s, stream);
    return Math.max(0, mean + sd * normalQuantile(Math.min(1 - 1e-16, p0 + u * (1 - p0))));
}

function gamma(t: Float64Array, o: number, s: Int32Array, stream: number): number {
    const scale = t[o + 1], d = t[o + 2], c = t[o + 3], boost = t[o + 4];
    let value: number;
    for (;;) {
        let x: number, v: number;
        do {
            x = standardNormal(s, stream);
            v = 1 + c * x;
        } while (v <= 0);
        v = v * v * v;
        const u = nextOpenDouble(s, stream);
        const x2 = x * x;
        if (u < 1 - 0.0331 * x2 * x2 || Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) {
            value = d * v;
            break;
        }
    }
    if (boost > 0) { value *= Math.pow(nextOpenDouble(s, stream), boost); }
    return value * scale;
}
