/**
 * NSGA-II survival (Deb et al. 2002): ranks by fast non-dominated sorting,
 * crowding distance within a front, and environmental selection of the
 * next population from parents and children.
 */
import { crowdingDistance, nonDominatedSort } from '../pareto.js';
import type { Individual } from './archive.js';

export interface Ranking {
    rank: number[];
    crowd: number[];
}

/** NSGA-II ranks (front index) and crowding distances of a population. */
export function rankAndCrowd(members: readonly { point: number[] }[]): Ranking {
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

/** Environmental selection: whole fronts while they fit, then the most crowded-apart of the next; duplicates by key dropped. */
export function selectSurvivors<T extends { key: string; point: number[] }>(candidates: readonly T[], size: number): T[] {
    const seen = new Set<string>();
    const unique = candidates.filter(c => !seen.has(c.key) && seen.add(c.key));
    if (unique.length <= size) {
        return unique;
    }
    const points = unique.map(m => m.point);
    const survivors: T[] = [];
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

export type { Individual };
