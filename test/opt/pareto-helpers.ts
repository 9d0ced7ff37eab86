/** Re-exports for the tests, plus survivor selection on bare points. */
export * from '../../src/opt/pareto.js';
import { selectSurvivors } from '../../src/opt/search/survival.js';
import { emptyGenotype } from '../../src/opt/genotype.js';

/** Indices kept by selectSurvivors on individuals made from bare points. */
export function selectSurvivorsFor(points: number[][], size: number): number[] {
    const genotype = emptyGenotype({ C: 0, S: 0, limits: [] } as never);
    const kept = selectSurvivors(points.map((point, i) => ({ key: String(i), genotype, point })), size);
    return kept.map(k => Number(k.key));
}
