/**
 * Shared helpers of the simulator tests: models written in the .mlops
 * language, and checks against an exact value with a tolerance taken from the
 * replications' confidence interval.
 */
import { expect } from 'vitest';
import { parseModel } from '../../src/language/load.js';
import type { Model } from '../../src/model/types.js';
import { createSimulator, type SimulationResult, type SimulationSettings } from '../../src/sim/index.js';

/** Replications of the statistical tests: 10, so the t quantiles below are for 9 degrees of freedom. */
export const REPLICATIONS = 10;
const T975_DF9 = 2.262;
const T9995_DF9 = 4.781;

export function settings(overrides: Partial<SimulationSettings> = {}): SimulationSettings {
    return {
        horizonSeconds: 20_000, warmupSeconds: 500, replications: REPLICATIONS, seed: 7,
        keepaliveSeconds: 0, maxEvents: 50_000_000, ...overrides
    };
}

export async function simulateText(text: string, s: Partial<SimulationSettings> = {}, allocation?: string): Promise<{ model: Model; result: SimulationResult }> {
    const model = await parseModel(text);
    const alloc = allocation === undefined ? model.allocations[0] : model.allocations.find(a => a.name === allocation)!;
    const result = createSimulator(model, settings(s)).simulate(alloc);
    return { model, result };
}

/**
 * `truth` must lie in the 99.9% t-interval of the replication means, derived
 * from the 95% interval the simulator reports (same centre, half-width scaled
 * by t(0.9995, 9) / t(0.975, 9)). The interval must also be informative:
 * narrower than `maxRelativeHalfWidth` of the truth.
 */
export function expectInCI(ci95: [number, number], truth: number, maxRelativeHalfWidth = 0.05): void {
    const centre = (ci95[0] + ci95[1]) / 2;
    const half = (ci95[1] - ci95[0]) / 2 * (T9995_DF9 / T975_DF9);
    expect(half, 'confidence interval too wide to test anything').toBeLessThan(maxRelativeHalfWidth * Math.abs(truth));
    expect(Math.abs(centre - truth), `estimate ${centre} +- ${half} vs exact ${truth}`).toBeLessThanOrEqual(half);
}

/** 95% t-interval of independent values (10 values expected). */
export function ci95Of(values: number[]): [number, number] {
    const n = values.length;
    const mean = values.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
    const half = T975_DF9 * sd / Math.sqrt(n);
    return [mean - half, mean + half];
}

/** The single-station model text lives with the queueing references (bench/analytic.ts uses it too). */
export { singleStation } from './queueing-models.js';
