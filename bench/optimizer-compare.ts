/**
 * Reference searches for the optimizer benchmark, run at the same wall time
 * on the same worker pool and full-fidelity settings (so every point is a
 * full simulation with the same streams as the optimizer's front):
 * - random search: valid random genotypes (repaired), in batches;
 * - a first-fit hill climber: starts from first-fit and changes one gene
 *   at a time (a cell +-1, a flag, a limit), repaired; a neighbour replaces
 *   the current allocation when the current one does not dominate it.
 * Each returns the non-dominated points it evaluated, with their genotypes
 * (for the re-evaluation of every method's front with the same settings).
 */
import { firstFit } from '../src/model/first-fit.js';
import type { Model } from '../src/model/types.js';
import type { Evaluator } from '../src/opt/evaluator.js';
import { cloneGenotype, createSpace, fromAllocation, genotypeKey, toAllocation, type Genotype } from '../src/opt/genotype.js';
import { randomGenotype } from '../src/opt/operators.js';
import { nonDominated, dominates } from '../src/opt/pareto.js';
import { repair } from '../src/opt/repair.js';
import { Rng } from '../src/opt/rng.js';
import { OBJECTIVE_KEYS } from '../src/model/types.js';

async function evaluateAll(evaluator: Evaluator, model: Model, genotypes: Genotype[], signal: AbortSignal): Promise<(number[] | undefined)[]> {
    const space = createSpace(model);
    const out: (number[] | undefined)[] = genotypes.map(() => undefined);
    await evaluator.evaluate(genotypes.map(g => toAllocation(space, g)), (i, o) => {
        const p = OBJECTIVE_KEYS.map(k => o[k]);
        out[i] = p.every(Number.isFinite) ? p : undefined;
    }, signal);
    return out;
}

export interface ReferenceResult {
    /** Non-dominated points found, and the genotype of each. */
    front: number[][];
    genotypes: Genotype[];
    evaluations: number;
}

function frontOf(points: number[][], genotypes: Genotype[], evaluations: number): ReferenceResult {
    const keep = nonDominated(points);
    return { front: keep.map(i => points[i]), genotypes: keep.map(i => genotypes[i]), evaluations };
}

export async function randomSearch(model: Model, evaluator: Evaluator, seconds: number, seed: number): Promise<ReferenceResult> {
    const space = createSpace(model);
    const rng = new Rng(seed);
    const seen = new Set<string>();
    const points: number[][] = [];
    const found: Genotype[] = [];
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), seconds * 1000);
    while (!controller.signal.aborted) {
        const batch: Genotype[] = [];
        for (let attempt = 0; batch.length < 2 * evaluator.parallelism && attempt < 1000; attempt++) {
            const g = repair(space, randomGenotype(space, rng), rng);
            if (g && !seen.has(genotypeKey(g))) {
                seen.add(genotypeKey(g));
                batch.push(g);
            }
        }
        if (batch.length === 0) {
            break;
        }
        (await evaluateAll(evaluator, model, batch, controller.signal)).forEach((p, i) => {
            if (p) {
                points.push(p);
                found.push(batch[i]);
            }
        });
    }
    clearTimeout(timer);
    return frontOf(points, found, points.length);
}

export async function hillClimber(model: Model, evaluator: Evaluator, seconds: number, seed: number): Promise<ReferenceResult> {
    const space = createSpace(model);
    const rng = new Rng(seed);
    const seen = new Set<string>();
    const points: number[][] = [];
    const found: Genotype[] = [];
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), seconds * 1000);
    let current = repair(space, fromAllocation(space, firstFit(model).allocation), rng)!;
    let currentPoint = (await evaluateAll(evaluator, model, [current], controller.signal))[0];
    if (currentPoint) {
        points.push(currentPoint);
        found.push(current);
    }
    seen.add(genotypeKey(current));
    while (!controller.signal.aborted && currentPoint) {
        // A batch of one-gene neighbours (keeps the workers busy), then the first non-dominated one is taken.
        const batch: Genotype[] = [];
        for (let attempt = 0; batch.length < 2 * evaluator.parallelism && attempt < 200; attempt++) {
            const g = cloneGenotype(current);
            const r = rng.int(3);
            if (r === 0 || space.limits.length === 0 && r === 2) {
                const i = rng.int(g.inst.length);
                g.inst[i] = Math.max(0, g.inst[i] + (rng.chance(0.5) ? 1 : -1));
            } else if (r === 1) {
                g.perm[rng.int(g.perm.length)] ^= 1;
            } else {
                const l = rng.int(space.limits.length);
                g.lim[l] = rng.range(1, space.limits[l].threads);
            }
            const repaired = repair(space, g, rng);
            if (repaired && !seen.has(genotypeKey(repaired))) {
                seen.add(genotypeKey(repaired));
                batch.push(repaired);
            }
        }
        if (batch.length === 0) {
            break;
        }
        const results = await evaluateAll(evaluator, model, batch, controller.signal);
        let moved = false;
        results.forEach((p, i) => {
            if (!p) {
                return;
            }
            points.push(p);
            found.push(batch[i]);
            if (!moved && !dominates(currentPoint!, p)) {
                current = batch[i];
                currentPoint = p;
                moved = true;
            }
        });
    }
    clearTimeout(timer);
    return frontOf(points, found, points.length);
}
