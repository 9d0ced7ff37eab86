/**
 * Queueing-aware calibration (`mlops fit --rate`): percentiles measured under
 * load include the wait in the queue, so fitting them as durations overstates
 * the work. Here the work distribution of one step is searched so that the
 * SIMULATED percentiles of a one-step model (Poisson arrivals at the measured
 * rate, on the allocation the measurements came from) match the observed
 * ones. Search: Nelder-Mead over (utilization, ln cv) for lognormal and gamma,
 * golden section over the mean for erlang (whole shapes near the gamma's) and
 * exponential; every evaluation simulates with the same seed (common random
 * numbers), so the objective is a deterministic function of the parameters.
 * Pure: no I/O; progress and cancellation through callbacks.
 */
import { distributionQuantile } from '../model/distributions.js';
import type { Distribution, Model } from '../model/types.js';
import { createSimulator } from '../sim/index.js';
import { fitPercentiles, goldenMinimum, type Family, type PercentileError, type PercentilePoint } from './fit.js';

export interface MeasuredOn {
    /** CPU speed of one machine of the server kind, GHz (P^CPU). */
    speedGHz: number;
    /** Instances of the step's component that served the requests (default 1). */
    instances: number;
    /** Machines they were spread over (default: one per instance, so no two share a CPU). */
    machines: number;
}

export interface QueueingFitOptions {
    /** Observed percentiles of the whole response time (queue included), seconds. */
    points: PercentilePoint[];
    /** Requests per second (Poisson arrivals). */
    ratePerSecond: number;
    measuredOn: MeasuredOn;
    /** Counted requests per simulation during the search (default 40,000). */
    searchRuns?: number;
    /** Counted requests of the final check, with another seed (default 200,000). */
    checkRuns?: number;
    seed?: number;
    families?: Family[];
    onProgress?: (message: string) => void;
    signal?: AbortSignal;
}

export interface QueueingFamilyFit {
    family: Family;
    /** The work distribution in GHz*s. */
    work: Distribution;
    /** Offered load of the fitted work: rate x mean work / (instances x speed). */
    utilization: number;
    /** Errors of the final check's simulated percentiles. */
    errors: PercentileError[];
    maxError: number;
    simulations: number;
}

export interface QueueingFitResult {
    fits: QueueingFamilyFit[];
    best: Family;
}

/** The highest utilization the search considers (above it the queue explodes and the tails are noise). */
const MAX_UTILIZATION = 0.97;

export function fitWithQueueing(options: QueueingFitOptions): QueueingFitResult {
    const { points, ratePerSecond, measuredOn } = options;
    if (!(ratePerSecond > 0) || !(measuredOn.speedGHz > 0) || !(measuredOn.instances >= 1) || !(measuredOn.machines >= 1)) {
        throw new RangeError('the rate, the speed, the instances and the machines must be positive');
    }
    const sorted = [...points].sort((a, b) => a.q - b.q);
    // The fit without queueing checks the percentiles and gives the starting shape.
    const plain = fitPercentiles(sorted);
    const capacity = measuredOn.instances * measuredOn.speedGHz;
    const families = options.families ?? ['lognormal', 'gamma', 'erlang', 'exponential'];
    const searchRuns = options.searchRuns ?? 40_000;
    const seed = options.seed ?? 1;
    const fits: QueueingFamilyFit[] = [];

    for (const family of families) {
        let simulations = 0;
        const simulate = (work: Distribution, runs: number, s: number): number[] => {
            if (options.signal?.aborted) {
                throw new DOMException('the fit was cancelled', 'AbortError');
            }
            simulations++;
            return simulatedPercentiles(work, sorted.map(p => p.q), ratePerSecond, measuredOn, runs, s);
        };
        const objective = (work: Distribution): number => {
            const simulated = simulate(work, searchRuns, seed);
            return sorted.reduce((sum, p, i) => sum + (Math.log(simulated[i]) - Math.log(p.seconds)) ** 2, 0);
        };
        const workOf = (utilization: number, shape: number): Distribution => {
            const mean = utilization * capacity / ratePerSecond;
            switch (family) {
                case 'lognormal': return { kind: 'lognormal', mean, cv: shape };
                case 'gamma': return { kind: 'gamma', mean, cv: shape };
                case 'erlang': return { kind: 'erlang', k: shape, mean };
                case 'exponential': return { kind: 'exponential', mean };
            }
        };
        // Start: the plain fit's shape at half its (over-stated) load.
        const start = plain.fits.find(f => f.family === family) ?? plain.fits[0];
        const startMean = start.distribution.kind === 'constant' ? 0 : (start.distribution as { mean: number }).mean * measuredOn.speedGHz;
        const u0 = clamp(0.5 * startMean * ratePerSecond / capacity, 0.02, 0.9);
        const cv0 = start.distribution.kind === 'lognormal' || start.distribution.kind === 'gamma' ? start.distribution.cv : 0.5;
        let work: Distribution;
        if (family === 'lognormal' || family === 'gamma') {
            // x = (logit of utilization / MAX, ln cv)
            const toWork = (x: number[]) => workOf(MAX_UTILIZATION / (1 + Math.exp(-x[0])), Math.exp(x[1]));
            const x0 = [Math.log(u0 / (MAX_UTILIZATION - u0)), Math.log(Math.max(0.05, cv0))];
            const best = nelderMead(x => objective(toWork(x)), x0, [0.5, 0.3], 80, 1e-7);
            work = toWork(best);
        } else if (family === 'exponential') {
            const logitU = goldenMinimum(x => objective(workOf(MAX_UTILIZATION / (1 + Math.exp(-x)), 1)), -8, 8, 30);
            work = workOf(MAX_UTILIZATION / (1 + Math.exp(-logitU)), 1);
        } else {
            // Erlang: whole shapes around the best gamma's (fitted first when asked for), each with its best mean.
            const gamma = fits.find(f => f.family === 'gamma');
            const cv = gamma && gamma.work.kind === 'gamma' ? gamma.work.cv : cv0;
            const kCentre = Math.max(1, Math.round(1 / (cv * cv)));
            let bestValue = Infinity;
            work = workOf(u0, kCentre);
            for (let k = Math.max(1, kCentre - 1); k <= kCentre + 1; k++) {
                const logitU = goldenMinimum(x => objective(workOf(MAX_UTILIZATION / (1 + Math.exp(-x)), k)), -8, 8, 25);
                const candidate = workOf(MAX_UTILIZATION / (1 + Math.exp(-logitU)), k);
                const value = objective(candidate);
                if (value < bestValue) { bestValue = value; work = candidate; }
            }
        }
        options.onProgress?.(`${family}: ${simulations} simulations`);
        const check = simulate(work, options.checkRuns ?? 200_000, seed + 1);
        const errors = sorted.map((p, i) => ({ q: p.q, observed: p.seconds, fitted: check[i], relativeError: (check[i] - p.seconds) / p.seconds }));
        fits.push({
            family, work,
            utilization: ratePerSecond * (work as { mean: number }).mean / capacity,
            errors, maxError: Math.max(...errors.map(e => Math.abs(e.relativeError))), simulations
        });
    }
    const best = [...fits].sort((a, b) => a.maxError - b.maxError)[0];
    return { fits, best: best.family };
}

/** The one-step model the measurements are simulated with. */
export function oneStepModel(work: Distribution, ratePerSecond: number, on: MeasuredOn): Model {
    return {
        system: 'calibration',
        currency: null,
        servers: [{ name: 'measured', cpuGHz: on.speedGHz, gpuTOPS: 0, ramMB: 1e6, netInMbps: null, netOutMbps: null, pricePerSecond: 0, count: on.machines }],
        components: [{ name: 'service', idleCpuGHz: 0, idleRamMB: 0, permanent: true, startupSeconds: 0 }],
        steps: [{ name: 'step', component: 'service', cpuWorkGHzSeconds: work, gpuWorkTOPSSeconds: null, ramMB: 0, netInMbps: 0, netOutMbps: 0, threads: 1 }],
        processes: [{ name: 'requests', steps: ['step'], everySeconds: { kind: 'exponential', mean: 1 / ratePerSecond }, deadlineSeconds: null, weightTime: 1, weightVariance: 1 }],
        allocations: [{ name: 'measured', placements: [{ component: 'service', server: 'measured', instances: on.instances, permanent: true }], limits: {} }],
        optimize: {}
    };
}

/** Simulated percentiles of the response time of the one-step model, ~`runs` counted requests. */
export function simulatedPercentiles(work: Distribution, qs: number[], ratePerSecond: number, on: MeasuredOn, runs: number, seed: number): number[] {
    const model = oneStepModel(work, ratePerSecond, on);
    const window = runs / ratePerSecond;
    // Warm-up: long enough for the queue to forget its empty start (many mean services).
    const warmup = Math.max(window * 0.1, 50 * distributionQuantile(work, 0.5) / on.speedGHz);
    const result = createSimulator(model, {
        horizonSeconds: warmup + window, warmupSeconds: warmup, replications: 1, seed,
        keepaliveSeconds: 0, maxEvents: 20 * runs + 1_000_000
    }).simulate(model.allocations[0]);
    const p = result.processes[0];
    const known: Record<number, number> = { 0.5: p.p50, 0.95: p.p95, 0.99: p.p99 };
    return qs.map(q => {
        if (known[q] === undefined) {
            throw new RangeError(`the simulator reports p50, p95 and p99; p${q * 100} cannot be fitted with --rate`);
        }
        return known[q];
    });
}

function clamp(x: number, lo: number, hi: number): number {
    return Math.min(hi, Math.max(lo, x));
}

/** Nelder-Mead simplex minimization (standard coefficients). */
function nelderMead(f: (x: number[]) => number, x0: number[], steps: number[], maxIterations: number, tolerance: number): number[] {
    const n = x0.length;
    let simplex = [x0, ...x0.map((_, i) => x0.map((v, j) => (i === j ? v + steps[i] : v)))].map(x => ({ x, v: f(x) }));
    for (let iteration = 0; iteration < maxIterations; iteration++) {
        simplex.sort((a, b) => a.v - b.v);
        if (simplex[n].v - simplex[0].v <= tolerance) {
            break;
        }
        const centroid = x0.map((_, j) => simplex.slice(0, n).reduce((s, p) => s + p.x[j], 0) / n);
        const along = (t: number) => centroid.map((c, j) => c + t * (simplex[n].x[j] - c));
        const reflected = along(-1);
        const vr = f(reflected);
        if (vr < simplex[0].v) {
            const expanded = along(-2);
            const ve = f(expanded);
            simplex[n] = ve < vr ? { x: expanded, v: ve } : { x: reflected, v: vr };
        } else if (vr < simplex[n - 1].v) {
            simplex[n] = { x: reflected, v: vr };
        } else {
            const contracted = vr < simplex[n].v ? along(-0.5) : along(0.5);
            const vc = f(contracted);
            if (vc < Math.min(vr, simplex[n].v)) {
                simplex[n] = { x: contracted, v: vc };
            } else {
                const bestX = simplex[0].x;
                simplex = simplex.map((p, i) => (i === 0 ? p : (() => {
                    const x = p.x.map((v, j) => bestX[j] + 0.5 * (v - bestX[j]));
                    return { x, v: f(x) };
                })()));
            }
        }
    }
    simplex.sort((a, b) => a.v - b.v);
    return simplex[0].x;
}
