/**
 * Moments and quantiles of the language's distributions (for hovers, checks
 * and oracles). Sampling lives in the simulator; this file only describes.
 */
import type { Distribution } from './types.js';

export function distributionMean(d: Distribution): number {
    switch (d.kind) {
        case 'constant': return d.value;
        case 'uniform': return (d.min + d.max) / 2;
        case 'normal': return truncatedNormalMoments(d.mean, d.sd).mean;
        default: return d.mean;
    }
}

export function distributionSd(d: Distribution): number {
    switch (d.kind) {
        case 'constant': return 0;
        case 'exponential': return d.mean;
        case 'uniform': return (d.max - d.min) / Math.sqrt(12);
        case 'normal': return truncatedNormalMoments(d.mean, d.sd).sd;
        case 'lognormal':
        case 'gamma': return d.mean * d.cv;
        case 'erlang': return d.mean / Math.sqrt(d.k);
    }
}

/** The q-quantile (0 < q < 1). */
export function distributionQuantile(d: Distribution, q: number): number {
    switch (d.kind) {
        case 'constant': return d.value;
        case 'exponential': return -d.mean * Math.log(1 - q);
        case 'uniform': return d.min + q * (d.max - d.min);
        case 'normal': {
            if (d.sd === 0) { return Math.max(0, d.mean); }
            // Truncated at 0: quantile of the normal restricted to [0, inf).
            const p0 = normalCdf(-d.mean / d.sd);
            return Math.max(0, d.mean + d.sd * normalQuantile(p0 + q * (1 - p0)));
        }
        case 'lognormal': {
            const sigma2 = Math.log(1 + d.cv * d.cv);
            const mu = Math.log(d.mean) - sigma2 / 2;
            return Math.exp(mu + Math.sqrt(sigma2) * normalQuantile(q));
        }
        case 'gamma': {
            if (d.cv === 0) { return d.mean; }
            const shape = 1 / (d.cv * d.cv);
            return gammaQuantile(shape, d.mean / shape, q);
        }
        case 'erlang': return gammaQuantile(d.k, d.mean / d.k, q);
    }
}

/**
 * Natural log of the density at x > 0 of the families a fit can choose
 * (calibration, src/platform/fit.ts); -Infinity where the density is 0.
 */
export function distributionLogPdf(d: Distribution, x: number): number {
    if (!(x > 0)) { return -Infinity; }
    switch (d.kind) {
        case 'exponential': return -Math.log(d.mean) - x / d.mean;
        case 'lognormal': {
            const sigma2 = Math.log(1 + d.cv * d.cv);
            const mu = Math.log(d.mean) - sigma2 / 2;
            const z = Math.log(x) - mu;
            return -Math.log(x) - 0.5 * Math.log(2 * Math.PI * sigma2) - z * z / (2 * sigma2);
        }
        case 'gamma':
        case 'erlang': {
            const shape = d.kind === 'gamma' ? 1 / (d.cv * d.cv) : d.k;
            const scale = d.mean / shape;
            return (shape - 1) * Math.log(x) - x / scale - shape * Math.log(scale) - lnGamma(shape);
        }
        default: throw new Error(`no density for ${d.kind}`);
    }
}

/** The distribution of c * X (c > 0): same shape, every location parameter times c. */
export function scaleDistribution(d: Distribution, c: number): Distribution {
    switch (d.kind) {
        case 'constant': return { kind: 'constant', value: d.value * c };
        case 'uniform': return { kind: 'uniform', min: d.min * c, max: d.max * c };
        case 'normal': return { kind: 'normal', mean: d.mean * c, sd: d.sd * c };
        default: return { ...d, mean: d.mean * c };
    }
}

/** Digamma psi(x) = d/dx ln Gamma(x), x > 0 (recurrence up to 6, then the asymptotic series). */
export function digamma(x: number): number {
    let result = 0;
    while (x < 6) { result -= 1 / x; x += 1; }
    const f = 1 / (x * x);
    return result + Math.log(x) - 0.5 / x - f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f / 132))));
}

/** Trigamma psi'(x), x > 0 (recurrence up to 6, then the asymptotic series). */
export function trigamma(x: number): number {
    let result = 0;
    while (x < 6) { result += 1 / (x * x); x += 1; }
    const f = 1 / (x * x);
    return result + 1 / x + f / 2 + (f / x) * (1 / 6 - f * (1 / 30 - f * (1 / 42 - f / 30)));
}

function truncatedNormalMoments(mu: number, sigma: number): { mean: number; sd: number } {
    if (sigma === 0) { return { mean: Math.max(0, mu), sd: 0 }; }
    const alpha = -mu / sigma;
    const z = 1 - normalCdf(alpha);
    if (z < 1e-300) { return { mean: 0, sd: 0 }; }
    const lambda = normalPdf(alpha) / z;
    const mean = mu + sigma * lambda;
    const variance = sigma * sigma * (1 + alpha * lambda - lambda * lambda);
    return { mean, sd: Math.sqrt(Math.max(0, variance)) };
}

export function normalPdf(x: number): number {
    return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}

/** Standard normal CDF (W. J. Cody's erfc rational approximation via Abramowitz-Stegun 7.1.26 refined). */
export function normalCdf(x: number): number {
    return 0.5 * erfc(-x / Math.SQRT2);
}

function erfc(x: number): number {
    // Numerical Recipes erfcc, fractional error < 1.2e-7.
    const z = Math.abs(x);
    const t = 1 / (1 + 0.5 * z);
    const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
        t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 +
        t * (-0.82215223 + t * 0.17087277)))))))));
    return x >= 0 ? r : 2 - r;
}

/** Standard normal quantile (Acklam's algorithm, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
    if (p <= 0) { return -Infinity; }
    if (p >= 1) { return Infinity; }
    const a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
    const b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
    const c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
    const d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
    const pLow = 0.02425;
    if (p < pLow) {
        const q = Math.sqrt(-2 * Math.log(p));
        return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    if (p <= 1 - pLow) {
        const q = p - 0.5;
        const r = q * q;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
}

/** Regularized lower incomplete gamma P(a, x). */
export function gammaP(a: number, x: number): number {
    if (x <= 0) { return 0; }
    const lnGammaA = lnGamma(a);
    if (x < a + 1) {
        let sum = 1 / a;
        let term = sum;
        for (let n = 1; n < 1000; n++) {
            term *= x / (a + n);
            sum += term;
            if (Math.abs(term) < Math.abs(sum) * 1e-14) { break; }
        }
        return sum * Math.exp(-x + a * Math.log(x) - lnGammaA);
    }
    // Continued fraction (Lentz).
    let b = x + 1 - a;
    let c = 1e300;
    let d = 1 / b;
    let h = d;
    for (let i = 1; i < 1000; i++) {
        const an = -i * (i - a);
        b += 2;
        d = an * d + b;
        if (Math.abs(d) < 1e-300) { d = 1e-300; }
        c = b + an / c;
        if (Math.abs(c) < 1e-300) { c = 1e-300; }
        d = 1 / d;
        const delta = d * c;
        h *= delta;
        if (Math.abs(delta - 1) < 1e-14) { break; }
    }
    return 1 - Math.exp(-x + a * Math.log(x) - lnGammaA) * h;
}

export function lnGamma(x: number): number {
    const g = 7;
    const coef = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
    if (x < 0.5) {
        return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
    }
    x -= 1;
    let a = coef[0];
    const t = x + g + 0.5;
    for (let i = 1; i < g + 2; i++) { a += coef[i] / (x + i); }
    return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

function gammaQuantile(shape: number, scale: number, q: number): number {
    // Bisection on the CDF: robust for every shape, enough for hovers and oracles.
    let lo = 0;
    let hi = shape * scale * 10 + 10 * scale;
    while (gammaP(shape, hi / scale) < q) { hi *= 2; }
    for (let i = 0; i < 200; i++) {
        const mid = (lo + hi) / 2;
        if (gammaP(shape, mid / scale) < q) { lo = mid; } else { hi = mid; }
        if (hi - lo <= 1e-12 * hi) { break; }
    }
    return (lo + hi) / 2;
}
