/**
 * Small numerical pieces of the analytic estimate: the gamma survival
 * function, Clark's moments of the maximum of two normals, the expected
 * maximum of k standard normals. Pure, no allocation in the hot paths.
 */
import { gammaP, normalCdf, normalPdf } from '../../model/distributions.js';

/**
 * P(X > x) for X gamma with the given mean and variance (variance 0: the
 * constant). Large shapes use the Wilson-Hilferty cube-root normal
 * approximation (relative error of the tail below 1e-3 from shape 50), which
 * keeps the cost bounded where the series would need thousands of terms.
 */
export function gammaSurvival(mean: number, variance: number, x: number): number {
    if (!(mean > 0)) { return x < 0 ? 1 : 0; }
    if (x <= 0) { return 1; }
    if (!(variance > mean * mean * 1e-12)) { return x < mean ? 1 : 0; }
    const shape = mean * mean / variance;
    const scale = variance / mean;
    if (shape > 50) {
        const c = 1 / (9 * shape);
        const z = (Math.cbrt(x / (shape * scale)) - (1 - c)) / Math.sqrt(c);
        return 1 - normalCdf(z);
    }
    return 1 - gammaP(shape, x / scale);
}

/** Mean and variance of max(X, Y) for independent normal X, Y (C. E. Clark, 1961). */
export function clarkMax(m1: number, v1: number, m2: number, v2: number): { mean: number; variance: number } {
    const a2 = v1 + v2;
    if (!(a2 > 1e-300)) { return m1 >= m2 ? { mean: m1, variance: v1 } : { mean: m2, variance: v2 }; }
    const a = Math.sqrt(a2);
    const alpha = (m1 - m2) / a;
    const phi = normalPdf(alpha), cdf = normalCdf(alpha), cdfNeg = 1 - cdf;
    const mean = m1 * cdf + m2 * cdfNeg + a * phi;
    const second = (m1 * m1 + v1) * cdf + (m2 * m2 + v2) * cdfNeg + (m1 + m2) * a * phi;
    return { mean, variance: Math.max(0, second - mean * mean) };
}

/** CDF of a gamma with the given mean and variance (variance 0: the constant). */
function gammaCdf(mean: number, variance: number, x: number): number {
    if (!(mean > 0)) { return 1; }
    if (x <= 0) { return 0; }
    if (!(variance > mean * mean * 1e-12)) { return x >= mean ? 1 : 0; }
    return 1 - gammaSurvival(mean, variance, x);
}

/**
 * Mean and variance of max(X, Y) for independent X, Y, each a gamma with
 * the given mean and variance (exact for exponential, Erlang, gamma and
 * constant works): E[M^i] = integral of i t^(i-1) (1 - F_X(t) F_Y(t)) dt,
 * by the trapezoid rule on 400 intervals. Clark's normal formula
 * overestimates the maximum of a constant and an exponential by 10% and more.
 */
export function maxOfGammas(m1: number, v1: number, m2: number, v2: number): { mean: number; variance: number } {
    const hi = Math.max(m1 + 14 * Math.sqrt(v1), m2 + 14 * Math.sqrt(v2), 1e-300);
    const n = 400;
    const h = hi / n;
    let e1 = 0, e2 = 0;
    for (let i = 0; i <= n; i++) {
        const t = i * h;
        const tail = 1 - gammaCdf(m1, v1, t) * gammaCdf(m2, v2, t);
        const w = i === 0 || i === n ? 0.5 : 1;
        e1 += w * tail;
        e2 += w * 2 * t * tail;
    }
    e1 *= h;
    e2 *= h;
    return { mean: e1, variance: Math.max(0, e2 - e1 * e1) };
}
