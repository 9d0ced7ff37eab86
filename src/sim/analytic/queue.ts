/**
 * The queue of one station as a birth-death process in jobs (Poisson
 * arrivals, state-dependent exponential service). With n jobs present the
 * first b = min(n kBusy, N) instances of the station (in dispatch order) are
 * busy, kBusy the time-average number of instances a job in service holds,
 * and the station completes parts at partRate[b] per second, i.e. jobs at
 * partRate[b] / kParts, kParts the mean number of parts per job. This is exact for M/M/1, M/M/c
 * (partRate[b] = b mu) and for N instances sharing one machine (partRate[b]
 * = mu for every b >= 1: the machine completes work at its full speed, which
 * is M/M/1 and, for large N, M/M/1-PS); the caller corrects the waiting time
 * for general arrivals and service (Allen-Cunneen).
 */

export interface QueueSolution {
    /** Offered load over the capacity with every instance busy. */
    rho: number;
    saturated: boolean;
    /** Mean number of jobs at the station and waiting (not yet started). */
    meanJobs: number;
    meanQueued: number;
    /** Probability that an arriving job waits (partly, for a split job). */
    waitProbability: number;
}

/**
 * Solves the queue; `busy[r]` receives the probability that the instance at
 * dispatch position r is busy. partRate has N + 1 entries (b = 0..N busy);
 * fractional b interpolates.
 */
export function solveBirthDeath(lambda: number, kBusy: number, kParts: number, partRate: Float64Array, N: number, busy: Float64Array): QueueSolution {
    const capacity = partRate[N] / kParts;
    const rho = capacity > 0 ? lambda / capacity : Infinity;
    if (!(rho < 1)) {
        for (let r = 0; r < N; r++) { busy[r] = 1; }
        return { rho, saturated: true, meanJobs: Infinity, meanQueued: Infinity, waitProbability: 1 };
    }
    for (let r = 0; r <= N; r++) { busy[r] = 0; }
    if (lambda <= 0) {
        return { rho: 0, saturated: false, meanJobs: 0, meanQueued: 0, waitProbability: 0 };
    }
    const servers = N / kBusy;
    const nMax = Math.max(1, Math.ceil(servers - 1e-9));
    // Unnormalized probabilities; `busy` accumulates a difference array of full instances plus the partial one.
    let p = 1, total = 1, jobs = 0, queued = 0, wait = 0;
    const partial = busy; // reused as the accumulator: busy[r] gets sum of p for states where instance r is busy
    for (let n = 1; n <= nMax; n++) {
        const b = Math.min(n * kBusy, N);
        const lo = Math.floor(b), frac = b - lo;
        const rate = (frac > 0 ? partRate[lo] + frac * (partRate[lo + 1] - partRate[lo]) : partRate[lo]) / kParts;
        p *= lambda / rate;
        if (p > 1e250) { // rescale everything so far
            p *= 1e-250; total *= 1e-250; jobs *= 1e-250; queued *= 1e-250; wait *= 1e-250;
            for (let r = 0; r <= N; r++) { partial[r] *= 1e-250; }
        }
        total += p;
        jobs += n * p;
        if (n > servers) { queued += (n - servers) * p; }
        wait += Math.min(1, Math.max(0, n + 1 - servers)) * p;
        // Instances 0..lo-1 fully busy, instance lo busy for the fraction.
        partial[0] += p;
        partial[lo] -= p;
        if (frac > 0 && lo < N) { partial[lo] += frac * p; partial[lo + 1] -= frac * p; }
    }
    // Geometric tail beyond nMax: every instance busy.
    const r = rho;
    const tail = p * r / (1 - r);
    total += tail;
    jobs += p * (nMax * r / (1 - r) + r / ((1 - r) * (1 - r)));
    queued += p * ((nMax - servers) * r / (1 - r) + r / ((1 - r) * (1 - r)));
    wait += tail;
    partial[0] += tail;
    partial[N] -= tail;
    let acc = 0;
    for (let i = 0; i < N; i++) {
        acc += partial[i];
        busy[i] = Math.min(1, Math.max(0, acc / total));
    }
    busy[N] = 0;
    return { rho, saturated: false, meanJobs: jobs / total, meanQueued: Math.max(0, queued / total), waitProbability: wait / total };
}
