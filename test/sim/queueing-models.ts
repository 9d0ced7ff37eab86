/**
 * Queueing-theory references shared by the simulator's oracles
 * (test/sim/queueing.test.ts), the analytic estimate's closed-form tests
 * (test/sim/analytic/closed-forms.test.ts) and `npm run bench:analytic`:
 * the exact formulas and the .mlops texts of the textbook models. Pure (no
 * vitest), so the benchmarks can import it.
 */

function factorial(n: number): number { let f = 1; for (let i = 2; i <= n; i++) { f *= i; } return f; }

/** Erlang C: probability of waiting in M/M/c with offered load a = lambda/mu. */
export function erlangC(c: number, a: number): number {
    const rho = a / c;
    let sum = 0;
    for (let k = 0; k < c; k++) { sum += a ** k / factorial(k); }
    const top = a ** c / factorial(c) / (1 - rho);
    return top / (sum + top);
}

/** Mean sojourn time of M/M/c: Erlang C waiting plus service. */
export function mmcMeanSojourn(c: number, lambda: number, mu: number): number {
    return erlangC(c, lambda / mu) / (c * mu - lambda) + 1 / mu;
}

/** Mean sojourn time of M/G/1 (Pollaczek-Khinchine) from the service time's first two moments. */
export function mg1MeanSojourn(lambda: number, mean: number, secondMoment: number): number {
    return mean + lambda * secondMoment / (2 * (1 - lambda * mean));
}

/**
 * Mean sojourn time of M/M/1 with an exponential setup time after each idle
 * period (Welch's M/G/1 with exceptional first service; here an on-demand
 * instance with keepalive 0 and a fixed startup).
 */
export function setupMeanSojourn(lambda: number, meanWork: number, startup: number): number {
    const rho = lambda * meanWork;
    return meanWork + lambda * 2 * meanWork * meanWork / (2 * (1 - rho)) + (2 * startup + lambda * startup ** 2) / (2 * (1 + lambda * startup));
}

/**
 * One process, one step on component `c`, spread over `count` machines of
 * kind `node`. `every`, `work` are distribution texts; `extra` goes into the
 * step; the allocation line is `c on node x {instances} permanent`.
 */
export function singleStation(o: {
    every: string; work: string; count?: number; instances?: number; cpu?: string; ram?: string;
    stepExtra?: string; deadline?: string; permanent?: boolean; componentExtra?: string; serverExtra?: string;
}): string {
    return `system station
server node { cpu ${o.cpu ?? '1 GHz'} ram ${o.ram ?? '64 GB'} price 2 EUR/h count ${o.count ?? 1} ${o.serverExtra ?? ''} }
component c { ${o.componentExtra ?? ''} }
step s { runs on c cpu ${o.work} ${o.stepExtra ?? ''} }
process p { steps s every ${o.every} ${o.deadline ? `deadline ${o.deadline}` : ''} }
allocation a { c on node x ${o.instances ?? 1}${o.permanent === false ? '' : ' permanent'} }
`;
}

/** Single-instance stations in series, one machine each, on one machine kind, service means `works` (GHz*s), arrivals every 1 s. */
export function tandem(works: number[], deadline?: string): string {
    const names = works.map((_, i) => `c${i + 1}`);
    return `system tandem
server node { cpu 1 GHz ram 8 GB price 1 EUR/h count ${works.length} }
${names.map(n => `component ${n} { }`).join('\n')}
${works.map((w, i) => `step s${i + 1} { runs on ${names[i]} cpu exponential(mean ${w} GHz*s) }`).join('\n')}
process p { steps ${works.map((_, i) => `s${i + 1}`).join(' -> ')} every exponential(mean 1 s)${deadline ? ` deadline ${deadline}` : ''} }
allocation x { ${names.map(n => `${n} on node x 1 permanent`).join('  ')} }
`;
}

/** Mean sojourn of a tandem Jackson network with arrival rate 1: the stations' M/M/1 means add (Burke). */
export function tandemMeanSojourn(works: number[]): number {
    return works.reduce((s, w) => s + 1 / (1 / w - 1), 0);
}
