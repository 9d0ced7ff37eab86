/**
 * Mating: new candidate genotypes from the population and the archive.
 * Most come from variation (binary tournament, crossover by component rows,
 * then either a problem-aware move of moves.ts or the random mutations of
 * operators.ts); a share comes from local search on the archive (one move
 * or one mutation away from an archive member, half the time one nearest the
 * ideal point). Each is repaired (search/repair.ts: price-aware half the
 * time), and kept only when valid and not already in the population or this batch; up to
 * NOVELTY_TRIES tries per child look for one never evaluated before.
 */
import { cloneGenotype, type Genotype } from '../genotype.js';
import { crossover, mutate, mutateOnce, type MutationKind } from '../operators.js';
import type { Rng } from '../rng.js';
import type { Individual } from './archive.js';
import { applyMove, MOVE_KINDS } from './moves.js';
import type { Problem } from './problem.js';
import { repairChild } from './repair.js';
import { tournament } from './selection.js';
import type { Ranking } from './survival.js';

export const CROSSOVER_PROBABILITY = 0.9;
/** Share of variations that use a problem-aware move instead of the random mutations. */
export const MOVE_PROBABILITY = 0.5;
/** Share of candidates made by local search on the archive. */
export const LOCAL_SEARCH_SHARE = 0.25;
/** Tries per child to find an allocation not evaluated before. */
const NOVELTY_TRIES = 8;
const SINGLE_MUTATIONS: readonly MutationKind[] = ['move', 'add', 'remove', 'limit', 'flag'];

export interface MatingInput {
    problem: Problem;
    rng: Rng;
    members: readonly Individual[];
    ranking: Ranking;
    archive: readonly Individual[];
    /** The time limit or a cancel: no more candidates (those made so far are returned). */
    shouldStop?: () => boolean;
    /** Was this key evaluated already (at the search fidelity)? */
    known: (key: string) => boolean;
    /** The key of a genotype, as the individuals' keys (the evaluation cache's: search/evaluation.ts). */
    keyOf: (g: Genotype) => string;
    /** Archive members nearest the ideal point (the choice's rule), nearest first: local search looks there half the time. */
    knee?: readonly Individual[];
}

/** One variation of two tournament winners. */
function varied(input: MatingInput): Genotype {
    const { problem, rng, members, ranking } = input;
    const p1 = tournament(members, ranking, rng);
    const p2 = tournament(members, ranking, rng);
    const child = rng.chance(CROSSOVER_PROBABILITY) ? crossover(problem.space, p1.genotype, p2.genotype, rng) : cloneGenotype(p1.genotype);
    if (rng.chance(MOVE_PROBABILITY)) {
        const applied = applyMove(problem, child, rng.pick(MOVE_KINDS), rng);
        if (!applied || rng.chance(0.3)) {
            mutate(problem.space, child, rng);
        }
    } else {
        mutate(problem.space, child, rng);
    }
    return child;
}

/** Archive members near the ideal point that local search starts from, half the time. */
export const KNEE_SIZE = 3;

/**
 * One neighbour of an archive member: a single move or a single mutation.
 * Half the time the member is one of the KNEE_SIZE nearest the ideal point
 * (where the chosen solution comes from, so that it is searched around, and
 * runs with different seeds settle on similar choices), else any member.
 */
function neighbour(input: MatingInput): Genotype {
    const { problem, rng, archive, knee } = input;
    const from = knee && knee.length > 0 && rng.chance(0.5) ? rng.pick(knee.slice(0, KNEE_SIZE)) : rng.pick(archive);
    const child = cloneGenotype(from.genotype);
    if (!(rng.chance(0.5) && applyMove(problem, child, rng.pick(MOVE_KINDS), rng))) {
        mutateOnce(problem.space, child, rng.pick(SINGLE_MUTATIONS), rng);
    }
    return child;
}

/** Up to `count` new valid genotypes (fewer when the space is nearly exhausted). */
export function offspring(input: MatingInput, count: number): Genotype[] {
    const { problem, rng, members } = input;
    const out: Genotype[] = [];
    const keys = new Set<string>(members.map(m => m.key));
    for (let slot = 0, attempts = 0; slot < count && attempts < count * 4 && !input.shouldStop?.(); attempts++) {
        const local = input.archive.length > 0 && rng.chance(LOCAL_SEARCH_SHARE);
        let chosen: Genotype | undefined;
        let chosenKey = '';
        for (let t = 0; t < NOVELTY_TRIES; t++) {
            const child = repairChild(problem.space, local ? neighbour(input) : varied(input), rng);
            if (!child) {
                continue;
            }
            const key = input.keyOf(child);
            if (keys.has(key)) {
                continue;
            }
            chosen = child;
            chosenKey = key;
            if (!input.known(key)) {
                break;
            }
        }
        if (chosen) {
            keys.add(chosenKey);
            out.push(chosen);
            slot++;
        }
    }
    return out;
}
