/** Draws samples with the simulator's own samplers (one seeded stream), for the fit tests. */
import type { Distribution } from '../../src/model/types.js';
import { compileDistribution, sample, DIST_STRIDE } from '../../src/sim/sampling.js';
import { seedStream } from '../../src/model/rng.js';

export function drawSamples(d: Distribution, n: number, seed: number): number[] {
    const table = new Float64Array(DIST_STRIDE);
    compileDistribution(d, table, 0);
    const state = new Int32Array(8);
    seedStream(state, 0, seed, 0, 0);
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
        out.push(sample(table, 0, state, 0));
    }
    return out;
}
