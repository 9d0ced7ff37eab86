import { describe, expect, it } from 'vitest';
import { crowdingDistance, dominates, hypervolume, nearestToIdeal, nonDominatedSort, normalizationOf, normalizedHypervolume, selectSurvivorsFor } from './pareto-helpers.js';
import { Rng } from '../../src/opt/rng.js';

/** Inclusion-exclusion over all subsets: an independent (exponential) oracle for small sets. */
function bruteForceHypervolume(points: number[][], reference: number[]): number {
    let total = 0;
    const n = points.length;
    for (let mask = 1; mask < 1 << n; mask++) {
        let size = 0;
        const corner = reference.map(() => -Infinity);
        for (let i = 0; i < n; i++) {
            if (mask & (1 << i)) {
                size++;
                points[i].forEach((v, k) => { corner[k] = Math.max(corner[k], v); });
            }
        }
        const volume = corner.reduce((v, c, k) => v * Math.max(0, reference[k] - c), 1);
        total += (size % 2 === 1 ? 1 : -1) * volume;
    }
    return total;
}

describe('dominance and non-dominated sort', () => {
    it('dominates needs no worse everywhere and better somewhere', () => {
        expect(dominates([1, 1], [1, 2])).toBe(true);
        expect(dominates([1, 2], [1, 2])).toBe(false);
        expect(dominates([0, 3], [1, 2])).toBe(false);
    });

    it('sorts a hand-made set into its fronts', () => {
        const points = [[1, 1], [2, 2], [1, 3], [3, 1], [3, 3]];
        expect(nonDominatedSort(points).map(f => [...f].sort())).toEqual([[0], [1, 2, 3], [4]]);
    });

    it('puts equal points in the same front', () => {
        expect(nonDominatedSort([[1, 2], [1, 2], [2, 1]])).toEqual([[0, 1, 2]]);
    });
});

describe('crowding distance', () => {
    it('gives the boundary points infinity and the middle the normalized gaps', () => {
        const points = [[4, 0], [0, 4], [1, 1]];
        const d = crowdingDistance(points, [0, 1, 2]);
        expect(d[0]).toBe(Infinity);
        expect(d[1]).toBe(Infinity);
        expect(d[2]).toBeCloseTo((4 - 0) / 4 + (4 - 0) / 4, 12);
    });

    it('ignores a criterion with no range', () => {
        const points = [[0, 5], [1, 5], [3, 5]];
        expect(crowdingDistance(points, [0, 1, 2])[1]).toBeCloseTo(3 / 3, 12);
    });
});

describe('hypervolume', () => {
    it('matches hand-computed 2-D and 4-D values', () => {
        expect(hypervolume([[1, 2], [2, 1]], [3, 3])).toBeCloseTo(3, 12);
        expect(hypervolume([[0.5, 0.5, 0.5, 0.5]], [1.1, 1.1, 1.1, 1.1])).toBeCloseTo(0.6 ** 4, 12);
        expect(hypervolume([[0, 0.5, 0.5, 0.5], [0.5, 0, 0.5, 0.5]], [1, 1, 1, 1])).toBeCloseTo(0.125 + 0.125 - 0.0625, 12);
    });

    it('ignores dominated points, duplicates and points outside the reference box', () => {
        const base = hypervolume([[0.2, 0.3, 0.4, 0.1]], [1, 1, 1, 1]);
        expect(hypervolume([[0.2, 0.3, 0.4, 0.1], [0.3, 0.3, 0.4, 0.1], [0.2, 0.3, 0.4, 0.1], [0.1, 0.1, 1.2, 0.1]], [1, 1, 1, 1])).toBeCloseTo(base, 12);
    });

    it('equals inclusion-exclusion on random 3-D and 4-D sets', () => {
        const rng = new Rng(7);
        for (let trial = 0; trial < 60; trial++) {
            const d = trial % 2 === 0 ? 4 : 3;
            const n = 1 + rng.int(9);
            const points = Array.from({ length: n }, () => Array.from({ length: d }, () => Math.round(rng.next() * 20) / 20));
            const reference = new Array(d).fill(1.1);
            expect(hypervolume(points, reference)).toBeCloseTo(bruteForceHypervolume(points.filter(p => p.every(v => v < 1.1)), reference), 10);
        }
    });

    it('normalizes by the front range with reference 1.1: a lone point is the ideal point and fills 1.1^4', () => {
        expect(normalizedHypervolume([[3, 3, 3, 3]], normalizationOf([[3, 3, 3, 3]]))).toBeCloseTo(1.1 ** 4, 12);
        const front = [[0, 10, 0, 0], [10, 0, 10, 10]];
        // normalized: (0,1,0,0) and (1,0,1,1)
        expect(normalizedHypervolume(front, normalizationOf(front))).toBeCloseTo(
            bruteForceHypervolume([[0, 1, 0, 0], [1, 0, 1, 1]], [1.1, 1.1, 1.1, 1.1]), 12);
    });
});

describe('nearest to the ideal point', () => {
    const points = [[0, 10], [5, 5], [10, 0]];
    it('takes the knee with equal weights', () => {
        expect(nearestToIdeal(points, [1, 1])).toBe(1);
    });
    it('follows the weights', () => {
        expect(nearestToIdeal(points, [10, 1])).toBe(0);
        expect(nearestToIdeal(points, [1, 10])).toBe(2);
    });
    it('chooses only among candidates, normalizing over all points', () => {
        expect(nearestToIdeal(points, [10, 1], [1, 2])).toBe(1);
    });
    it('breaks ties by the lowest index', () => {
        expect(nearestToIdeal([[0, 1], [1, 0]], [1, 1])).toBe(0);
    });
});

describe('NSGA-II survivor selection', () => {
    it('keeps whole fronts, then the most spread members of the next', () => {
        const pts = [[0, 0], [1, 5], [2, 4], [3, 3], [5, 1], [9, 9]];
        const kept = selectSurvivorsFor(pts, 4).sort();
        // front 0 = [0]; front 1 = [1,2,3,4]: boundaries 1 and 4 first, then the larger crowding of 2 (gaps 2+2) vs 3 (gaps 3+3).
        expect(kept).toEqual([0, 1, 3, 4]);
    });
});
