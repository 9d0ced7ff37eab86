/**
 * The search: NSGA-II (Deb et al. 2002) on the allocation genotype, with an
 * external archive of every non-dominated allocation evaluated so far (the
 * reported front). Randomness comes from one Rng drawn only here, in an order
 * that never depends on evaluation timing; evaluations are looked up by
 * canonical key, so the result is the same with any number of workers.
 */
import { OBJECTIVE_KEYS, type Objectives } from '../model/types.js';
import type { RunSettings } from '../model/settings.js';
import type { StopReason } from './api.js';
import type { Evaluator } from './evaluator.js';
import { cloneGenotype, genotypeKey, toAllocation, type Genotype, type Space } from './genotype.js';
import { crossover, mutate, randomGenotype } from './operators.js';
import { crowdingDistance, dominates, nonDominatedSort, normalizationOf, normalizedHypervolume, type Normalization, type Point } from './pareto.js';
import { isValid, repair } from './repair.js';
import { Rng } from './rng.js';

export interface Individual {
    key: string;
    genotype: Genotype;
    /** k1..k4 in OBJECTIVE_KEYS order. */
    point: number[];
}

export interface SearchProgress {
    generation: number;
    evaluations: number;
    hypervolume: number;
    archive: readonly Individual[];
}

export interface SearchOutcome {
    /** The archive: non-dominated evaluated allocations, sorted by cost, then time, then key. */
    front: Individual[];
    evaluations: number;
    generations: number;
    /** Hypervolume of the front after generation 0 (the initial population), 1, 2, ..., in the final front's normalization. */
    hypervolumeByGeneration: number[];
    hypervolume: number;
    stoppedBy: StopReason;
    warnings: string[];
}

export interface SearchOptions {
    space: Space;
    settings: RunSettings;
    evaluator: Evaluator;
    /** Genotypes to start from (first-fit, the file's allocations); repaired first. */
    seeds: Genotype[];
    signal?: AbortSignal;
    onGeneration?: (progress: SearchProgress) => void;
    /** Called with the running evaluation count while a generation is evaluated. */
    onEvaluation?: (evaluations: number) => void;
}

export const CROSSOVER_PROBABILITY = 0.9;
/** Tries per child to find an allocation not evaluated before. */
const NOVELTY_TRIES = 8;

export function toPoint(o: Objectives): number[] {
    return OBJECTIVE_KEYS.map(k => o[k]);
}

export function toObjectives(p: readonly number[]): Objectives {
    return { time: p[0], variance: p[1], violations: p[2], cost: p[3] };
}

class Archive {
    members: Individual[] = [];

    /** Adds `x` unless a member is at least as good everywhere; drops members `x` dominates. */
    add(x: Individual): boolean {
        for (const m of this.members) {
            if (m.key === x.key || m.point.every((v, k) => v <= x.point[k])) {
                return false;
            }
        }
        this.members = this.members.filter(m => !dominates(x.point, m.point));
        this.members.push(x);
        return true;
    }

    points(): number[][] {
        return this.members.map(m => m.point);
    }
}

const yieldNow = () => new Promise<void>(resolve => setImmediate(resolve));

function hvOf(points: readonly Point[], norm?: Normalization): number {
    return points.length === 0 ? 0 : normalizedHypervolume(points, norm ?? normalizationOf(points));
}

export async function runSearch(options: SearchOptions): Promise<SearchOutcome> {
    const { space, settings, evaluator } = options;
    const rng = new Rng(settings.seed);
    const cache = new Map<string, number[]>();
    const archive = new Archive();
    const warnings: string[] = [];
    const population = Math.max(4, settings.population);
    const internal = new AbortController();
    let stoppedBy: StopReason | undefined;
    const stop = (reason: StopReason) => {
        stoppedBy ??= reason;
        internal.abort();
    };
    const onUserAbort = () => stop('cancelled');
    if (options.signal?.aborted) {
        stop('cancelled');
    }
    options.signal?.addEventListener('abort', onUserAbort);
    const timer = settings.timeoutSeconds > 0 ? setTimeout(() => stop('time'), settings.timeoutSeconds * 1000) : undefined;
    let evaluations = 0;
    const snapshots: number[][][] = [];

    /** Evaluates what is not cached (within the budget); returns the individuals that have objectives, in order. */
    const evaluateAll = async (genotypes: Genotype[]): Promise<Individual[]> => {
        const keys = genotypes.map(genotypeKey);
        const todo: number[] = [];
        const queued = new Set<string>();
        for (let i = 0; i < keys.length; i++) {
            if (!cache.has(keys[i]) && !queued.has(keys[i])) {
                queued.add(keys[i]);
                todo.push(i);
            }
        }
        const budget = settings.evaluations > 0 ? settings.evaluations - evaluations : Infinity;
        const batch = todo.slice(0, Math.max(0, budget));
        if (batch.length > 0 && !internal.signal.aborted) {
            try {
                await evaluator.evaluate(
                    batch.map(i => toAllocation(space, genotypes[i])),
                    (j, objectives) => {
                        const point = toPoint(objectives);
                        if (point.every(Number.isFinite)) {
                            cache.set(keys[batch[j]], point);
                        } else {
                            cache.set(keys[batch[j]], point.map(() => Infinity));
                        }
                        evaluations++;
                        options.onEvaluation?.(evaluations);
                    },
                    internal.signal);
            } catch (error) {
                warnings.push(`evaluation failed: ${error instanceof Error ? error.message : String(error)}; the result holds the front found so far`);
                stop('error');
            }
        }
        if (settings.evaluations > 0 && evaluations >= settings.evaluations) {
            stoppedBy ??= 'evaluations';
        }
        const result: Individual[] = [];
        const seen = new Set<string>();
        keys.forEach((key, i) => {
            const point = cache.get(key);
            if (point && point.every(Number.isFinite) && !seen.has(key)) {
                seen.add(key);
                result.push({ key, genotype: genotypes[i], point });
            }
        });
        return result;
    };

    // Initial population: the seeds, then random genotypes, all repaired, no duplicates.
    const initial: Genotype[] = [];
    const initialKeys = new Set<string>();
    const offer = (g: Genotype | undefined) => {
        if (g && isValid(space, g)) {
            const key = genotypeKey(g);
            if (!initialKeys.has(key)) {
                initialKeys.add(key);
                initial.push(g);
            }
        }
    };
    for (const seed of options.seeds) {
        offer(repair(space, cloneGenotype(seed), rng));
    }
    for (let attempt = 0; initial.length < population && attempt < population * 50; attempt++) {
        offer(repair(space, randomGenotype(space, rng), rng));
    }
    let members = await evaluateAll(initial);
    members.forEach(m => archive.add(m));
    snapshots.push(archive.points());
    let { rank, crowd } = rankAndCrowd(members);
    let hv = hvOf(archive.points());
    let stagnant = 0;
    let generation = 0;
    options.onGeneration?.({ generation, evaluations, hypervolume: hv, archive: archive.members });

    const tournament = (): Individual => {
        const a = rng.int(members.length);
        const b = rng.int(members.length);
        if (rank[a] !== rank[b]) {
            return members[rank[a] < rank[b] ? a : b];
        }
        return members[crowd[a] > crowd[b] || (crowd[a] === crowd[b] && a < b) ? a : b];
    };

    while (stoppedBy === undefined && members.length > 0) {
        if (generation >= settings.generations) {
            stoppedBy = 'generations';
            break;
        }
        generation++;
        const offspring: Genotype[] = [];
        const offspringKeys = new Set<string>(members.map(m => m.key));
        for (let slot = 0, attempts = 0; slot < population && attempts < population * 4; attempts++) {
            let chosen: Genotype | undefined;
            for (let t = 0; t < NOVELTY_TRIES; t++) {
                const p1 = tournament();
                const p2 = tournament();
                let child = rng.chance(CROSSOVER_PROBABILITY) ? crossover(space, p1.genotype, p2.genotype, rng) : cloneGenotype(p1.genotype);
                mutate(space, child, rng);
                const repaired = repair(space, child, rng);
                if (!repaired) {
                    continue;
                }
                child = repaired;
                const key = genotypeKey(child);
                if (offspringKeys.has(key)) {
                    continue;
                }
                chosen = child;
                if (!cache.has(key)) {
                    break;
                }
            }
            if (chosen) {
                offspringKeys.add(genotypeKey(chosen));
                offspring.push(chosen);
                slot++;
            }
        }
        const children = await evaluateAll(offspring);
        const before = archive.points();
        const normBefore = before.length > 0 ? normalizationOf(before) : undefined;
        await yieldNow();
        let changed = false;
        for (const child of children) {
            changed = archive.add(child) || changed;
        }
        const combined = [...members, ...children];
        members = selectSurvivors(combined, population);
        ({ rank, crowd } = rankAndCrowd(members));
        snapshots.push(changed ? archive.points() : snapshots[snapshots.length - 1]);
        // Improvement is judged in the previous generation's normalization (the front's range moves).
        // (`hv`, the previous value, is the previous front in its own normalization, normBefore.)
        let improved = false;
        if (changed) {
            await yieldNow();
            improved = normBefore === undefined || hvOf(archive.points(), normBefore) > hv + 1e-9;
            await yieldNow();
            hv = hvOf(archive.points());
        }
        stagnant = improved ? 0 : stagnant + 1;
        options.onGeneration?.({ generation, evaluations, hypervolume: hv, archive: archive.members });
        if (settings.stagnationGenerations > 0 && stagnant >= settings.stagnationGenerations) {
            stoppedBy ??= 'stagnation';
        }
        await yieldNow();
    }
    if (timer) {
        clearTimeout(timer);
    }
    options.signal?.removeEventListener('abort', onUserAbort);
    if (members.length === 0 && stoppedBy === undefined) {
        warnings.push('no valid allocation could be evaluated');
        stoppedBy = 'error';
    }

    const front = [...archive.members].sort((a, b) => a.point[3] - b.point[3] || a.point[0] - b.point[0] || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const finalPoints = front.map(m => m.point);
    const finalNorm = finalPoints.length > 0 ? normalizationOf(finalPoints) : undefined;
    const hypervolumeByGeneration: number[] = [];
    let previous: number[][] | undefined;
    for (const snapshot of snapshots) {
        hypervolumeByGeneration.push(snapshot === previous ? hypervolumeByGeneration[hypervolumeByGeneration.length - 1] : hvOf(snapshot, finalNorm));
        if (snapshot !== previous) {
            await yieldNow(); // keep the event loop responsive (one hypervolume per turn)
        }
        previous = snapshot;
    }
    return {
        front,
        evaluations,
        generations: generation,
        hypervolumeByGeneration,
        hypervolume: hvOf(finalPoints, finalNorm),
        stoppedBy: stoppedBy ?? 'generations',
        warnings
    };
}

/** NSGA-II ranks (front index) and crowding distances of a population. */
function rankAndCrowd(members: readonly Individual[]): { rank: number[]; crowd: number[] } {
    const points = members.map(m => m.point);
    const rank = new Array<number>(members.length).fill(0);
    const crowd = new Array<number>(members.length).fill(0);
    nonDominatedSort(points).forEach((front, r) => {
        const distances = crowdingDistance(points, front);
        front.forEach((i, j) => {
            rank[i] = r;
            crowd[i] = distances[j];
        });
    });
    return { rank, crowd };
}

/** NSGA-II environmental selection: whole fronts while they fit, then the most crowded-apart of the next. */
export function selectSurvivors(candidates: readonly Individual[], size: number): Individual[] {
    const seen = new Set<string>();
    const unique = candidates.filter(c => !seen.has(c.key) && seen.add(c.key));
    if (unique.length <= size) {
        return unique;
    }
    const points = unique.map(m => m.point);
    const survivors: Individual[] = [];
    for (const front of nonDominatedSort(points)) {
        if (survivors.length + front.length <= size) {
            front.forEach(i => survivors.push(unique[i]));
            continue;
        }
        const distances = crowdingDistance(points, front);
        const order = [...front.keys()].sort((a, b) => distances[b] - distances[a] || front[a] - front[b]);
        for (const j of order.slice(0, size - survivors.length)) {
            survivors.push(unique[front[j]]);
        }
        break;
    }
    return survivors;
}
