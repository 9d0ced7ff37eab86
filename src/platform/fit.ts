/**
 * Calibration (`mlops fit`): a step's duration distribution from measured
 * durations, in four families (lognormal, gamma, erlang, exponential).
 * From samples: maximum likelihood, the best family by AIC. From percentiles
 * (as monitoring reports them): quantile matching, least squares of the log
 * of each percentile, the best family by its largest percentile error.
 * Durations are in seconds; turning a duration into a work (x the speed it
 * was measured at) is the caller's job (scaleDistribution). Pure.
 */
import { digamma, distributionLogPdf, distributionQuantile, normalQuantile, trigamma } from '../model/distributions.js';
import type { Distribution } from '../model/types.js';

export const FAMILIES = ['lognormal', 'gamma', 'erlang', 'exponential'] as const;
export type Family = typeof FAMILIES[number];

/** The percentiles reported for every fit (and the ones monitoring usually gives). */
export const REPORTED_QUANTILES = [0.5, 0.95, 0.99];

export interface PercentilePoint {
    /** 0 < q < 1. */
    q: number;
    seconds: number;
}

export interface PercentileError {
    q: number;
    observed: number;
    fitted: number;
    /** (fitted - observed) / observed. */
    relativeError: number;
}

export interface FamilyFit {
    family: Family;
    /** The fitted duration distribution, in seconds. */
    distribution: Distribution;
    /** Free parameters (exponential 1, the others 2). */
    parameters: number;
    /** From samples only: the log-likelihood and Akaike's criterion 2p - 2 LL. */
    logLikelihood?: number;
    aic?: number;
    errors: PercentileError[];
    /** The largest |relativeError|. */
    maxError: number;
}

export interface FitResult {
    fits: FamilyFit[];
    best: Family;
}

/** Maximum-likelihood fits of positive durations (seconds), at least 2 of them and not all equal. */
export function fitSamples(samples: readonly number[]): FitResult {
    const n = samples.length;
    if (n < 2) {
        throw new RangeError('at least 2 samples are needed');
    }
    let sum = 0;
    let sumLog = 0;
    for (const x of samples) {
        if (!(x > 0) || !Number.isFinite(x)) {
            throw new RangeError(`samples must be positive finite durations, got ${x}`);
        }
        sum += x;
        sumLog += Math.log(x);
    }
    const mean = sum / n;
    const meanLog = sumLog / n;
    let varLog = 0;
    for (const x of samples) {
        varLog += (Math.log(x) - meanLog) ** 2;
    }
    varLog /= n;
    if (varLog === 0) {
        throw new RangeError('all samples are equal: a constant, not a distribution (write the duration itself)');
    }
    const shape = gammaShapeMle(Math.log(mean) - meanLog);
    const erlangK = [Math.max(1, Math.floor(shape)), Math.max(1, Math.ceil(shape))];
    const candidates: [Family, Distribution, number][] = [
        ['lognormal', { kind: 'lognormal', mean: Math.exp(meanLog + varLog / 2), cv: Math.sqrt(Math.expm1(varLog)) }, 2],
        ['gamma', { kind: 'gamma', mean, cv: 1 / Math.sqrt(shape) }, 2],
        ['erlang', bestBy(erlangK.map(k => ({ kind: 'erlang', k, mean }) as Distribution), d => logLikelihood(d, samples)), 2],
        ['exponential', { kind: 'exponential', mean }, 1]
    ];
    const sorted = [...samples].sort((a, b) => a - b);
    const observed = REPORTED_QUANTILES.map(q => ({ q, seconds: empiricalQuantile(sorted, q) }));
    const fits = candidates.map(([family, distribution, parameters]) => {
        const ll = logLikelihood(distribution, samples);
        return { ...withErrors(family, distribution, parameters, observed), logLikelihood: ll, aic: 2 * parameters - 2 * ll };
    });
    // Erlang is a gamma with a whole shape: when the free shape gains less than
    // one unit of log-likelihood, the simpler erlang is reported as best.
    const byAic = [...fits].sort((a, b) => a.aic - b.aic);
    let best = byAic[0];
    const erlang = fits.find(f => f.family === 'erlang')!;
    if (best.family === 'gamma' && best.logLikelihood - erlang.logLikelihood < 1 && erlang.aic <= byAic[1].aic + 1e-9) {
        best = erlang;
    }
    return { fits, best: best.family };
}

/** Quantile matching: each family's parameters minimizing the squared log errors of the given percentiles. */
export function fitPercentiles(points: readonly PercentilePoint[]): FitResult {
    if (points.length === 0) {
        throw new RangeError('at least one percentile is needed');
    }
    const sorted = [...points].sort((a, b) => a.q - b.q);
    for (let i = 0; i < sorted.length; i++) {
        const p = sorted[i];
        if (!(p.q > 0 && p.q < 1) || !(p.seconds > 0) || !Number.isFinite(p.seconds)) {
            throw new RangeError(`percentile p${p.q * 100} = ${p.seconds} s: percentiles must be of 0 < q < 1 and positive`);
        }
        if (i > 0 && !(p.seconds > sorted[i - 1].seconds)) {
            throw new RangeError(`p${sorted[i].q * 100} (${p.seconds} s) must be above p${sorted[i - 1].q * 100} (${sorted[i - 1].seconds} s)`);
        }
    }
    const logT = sorted.map(p => Math.log(p.seconds));
    const fits: FamilyFit[] = [];
    // Exponential: ln Q = ln m + ln(-ln(1-q)), one free location.
    const expMean = Math.exp(average(sorted.map((p, i) => logT[i] - Math.log(-Math.log(1 - p.q)))));
    fits.push(withErrors('exponential', { kind: 'exponential', mean: expMean }, 1, sorted));
    if (sorted.length >= 2) {
        fits.push(withErrors('lognormal', lognormalFromQuantiles(sorted, logT), 2, sorted));
        const gammaShape = bestGammaShape(sorted, logT);
        fits.push(withErrors('gamma', gammaWithShape(gammaShape, sorted, logT), 2, sorted));
        const ks = new Set<number>();
        for (let k = Math.max(1, Math.floor(gammaShape) - 2); k <= Math.min(100_000, Math.ceil(gammaShape) + 2); k++) {
            ks.add(k);
        }
        const erlang = bestBy([...ks].map(k => gammaWithShape(k, sorted, logT, true)), d => -squaredLogError(d, sorted, logT));
        fits.push(withErrors('erlang', erlang, 2, sorted));
    }
    // The best has the smallest largest error; within 0.1 percentage point,
    // fewer parameters, then the earlier of exponential, erlang, lognormal, gamma.
    const preference: Family[] = ['exponential', 'erlang', 'lognormal', 'gamma'];
    const least = Math.min(...fits.map(f => f.maxError));
    const near = fits.filter(f => f.maxError <= least + 1e-3);
    near.sort((a, b) => a.parameters - b.parameters || preference.indexOf(a.family) - preference.indexOf(b.family));
    return { fits: FAMILIES.map(f => fits.find(x => x.family === f)).filter((f): f is FamilyFit => f !== undefined), best: near[0].family };
}

/** The errors of `distribution` at the observed percentiles. */
export function withErrors(family: Family, distribution: Distribution, parameters: number, observed: readonly PercentilePoint[]): FamilyFit {
    const errors = observed.map(p => {
        const fitted = distributionQuantile(distribution, p.q);
        return { q: p.q, observed: p.seconds, fitted, relativeError: (fitted - p.seconds) / p.seconds };
    });
    return { family, distribution, parameters, errors, maxError: Math.max(...errors.map(e => Math.abs(e.relativeError))) };
}

/** Linear interpolation between order statistics (type 7 of Hyndman and Fan, R's default). */
export function empiricalQuantile(sorted: readonly number[], q: number): number {
    const h = (sorted.length - 1) * q;
    const lo = Math.floor(h);
    const hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

function logLikelihood(d: Distribution, samples: readonly number[]): number {
    let ll = 0;
    for (const x of samples) {
        ll += distributionLogPdf(d, x);
    }
    return ll;
}

/** Solves ln k - psi(k) = s (s = ln mean - mean ln x > 0): Minka's start, then Newton. */
function gammaShapeMle(s: number): number {
    let k = (3 - s + Math.sqrt((s - 3) ** 2 + 24 * s)) / (12 * s);
    for (let i = 0; i < 50; i++) {
        const step = (Math.log(k) - digamma(k) - s) / (1 / k - trigamma(k));
        const next = Math.max(k / 10, k - step);
        if (Math.abs(next - k) <= 1e-12 * k) {
            return next;
        }
        k = next;
    }
    return k;
}

function lognormalFromQuantiles(points: readonly PercentilePoint[], logT: readonly number[]): Distribution {
    // ln Q = mu + sigma z_q: least squares line through (z_q, ln t).
    const z = points.map(p => normalQuantile(p.q));
    const zm = average(z);
    const tm = average(logT);
    let sxy = 0;
    let sxx = 0;
    for (let i = 0; i < z.length; i++) {
        sxy += (z[i] - zm) * (logT[i] - tm);
        sxx += (z[i] - zm) ** 2;
    }
    const sigma = Math.max(1e-9, sxy / sxx);
    const mu = tm - sigma * zm;
    return { kind: 'lognormal', mean: Math.exp(mu + sigma * sigma / 2), cv: Math.sqrt(Math.expm1(sigma * sigma)) };
}

/** The gamma (or erlang) of shape k whose scale is the least-squares best for that shape. */
function gammaWithShape(k: number, points: readonly PercentilePoint[], logT: readonly number[], erlang = false): Distribution {
    const standard: Distribution = { kind: 'gamma', mean: k, cv: 1 / Math.sqrt(k) };
    const logScale = average(points.map((p, i) => logT[i] - Math.log(distributionQuantile(standard, p.q))));
    const mean = k * Math.exp(logScale);
    return erlang ? { kind: 'erlang', k, mean } : { kind: 'gamma', mean, cv: 1 / Math.sqrt(k) };
}

function bestGammaShape(points: readonly PercentilePoint[], logT: readonly number[]): number {
    const objective = (logK: number) => squaredLogError(gammaWithShape(Math.exp(logK), points, logT), points, logT);
    // A coarse grid over shapes 0.02 .. 5000 finds the basin, golden section refines it.
    const lo = Math.log(0.02);
    const hi = Math.log(5000);
    const steps = 60;
    let bestI = 0;
    let bestV = Infinity;
    for (let i = 0; i <= steps; i++) {
        const v = objective(lo + (hi - lo) * i / steps);
        if (v < bestV) { bestV = v; bestI = i; }
    }
    const h = (hi - lo) / steps;
    return Math.exp(goldenMinimum(objective, lo + h * Math.max(0, bestI - 1), lo + h * Math.min(steps, bestI + 1)));
}

/** Minimum of a unimodal function on [a, b] by golden-section search. */
export function goldenMinimum(f: (x: number) => number, a: number, b: number, iterations = 60): number {
    const r = (Math.sqrt(5) - 1) / 2;
    let c = b - r * (b - a);
    let d = a + r * (b - a);
    let fc = f(c);
    let fd = f(d);
    for (let i = 0; i < iterations; i++) {
        if (fc < fd) {
            b = d; d = c; fd = fc; c = b - r * (b - a); fc = f(c);
        } else {
            a = c; c = d; fc = fd; d = a + r * (b - a); fd = f(d);
        }
    }
    return (a + b) / 2;
}

function squaredLogError(d: Distribution, points: readonly PercentilePoint[], logT: readonly number[]): number {
    let sum = 0;
    for (let i = 0; i < points.length; i++) {
        sum += (Math.log(distributionQuantile(d, points[i].q)) - logT[i]) ** 2;
    }
    return sum;
}

function bestBy<T>(items: T[], score: (item: T) => number): T {
    let best = items[0];
    let bestScore = score(best);
    for (const item of items.slice(1)) {
        const s = score(item);
        if (s > bestScore) { best = item; bestScore = s; }
    }
    return best;
}

function average(xs: readonly number[]): number {
    return xs.reduce((a, b) => a + b, 0) / xs.length;
}
