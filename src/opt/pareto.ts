/**
 * Pareto machinery for minimization in any number of criteria: dominance,
 * fast non-dominated sort, crowding distance, normalization by the front's own
 * range, exact hypervolume (WFG) and the weighted nearest-to-ideal choice.
 * Points are plain number arrays (k1..k4 in OBJECTIVE_KEYS order). Pure.
 */

export type Point = readonly number[];

/** a dominates b: no worse in every criterion, better in at least one. */
export function dominates(a: Point, b: Point): boolean {
    let better = false;
    for (let k = 0; k < a.length; k++) {
        if (a[k] > b[k]) {
            return false;
        }
        if (a[k] < b[k]) {
            better = true;
        }
    }
    return better;
}

/** Fronts of indices (Deb's fast non-dominated sort); front 0 is non-dominated. */
export function nonDominatedSort(points: readonly Point[]): number[][] {
    const n = points.length;
    const dominatedBy: number[][] = Array.from({ length: n }, () => []);
    const count = new Int32Array(n);
    const fronts: number[][] = [[]];
    for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
            if (dominates(points[i], points[j])) {
                dominatedBy[i].push(j);
                count[j]++;
            } else if (dominates(points[j], points[i])) {
                dominatedBy[j].push(i);
                count[i]++;
            }
        }
    }
    for (let i = 0; i < n; i++) {
        if (count[i] === 0) {
            fronts[0].push(i);
        }
    }
    for (let f = 0; fronts[f].length > 0; f++) {
        const next: number[] = [];
        for (const i of fronts[f]) {
            for (const j of dominatedBy[i]) {
                if (--count[j] === 0) {
                    next.push(j);
                }
            }
        }
        fronts.push(next);
    }
    fronts.pop();
    return fronts;
}

/** Indices of the non-dominated points (duplicates all kept). */
export function nonDominated(points: readonly Point[]): number[] {
    return points.length === 0 ? [] : nonDominatedSort(points)[0];
}

/**
 * Crowding distance of each member of one front (same order as `front`):
 * boundary points get Infinity, others the sum over criteria of the gap
 * between their neighbours divided by the front's range in that criterion.
 */
export function crowdingDistance(points: readonly Point[], front: readonly number[]): number[] {
    const m = front.length;
    const distance = new Array<number>(m).fill(0);
    if (m <= 2) {
        return distance.fill(Infinity);
    }
    const dims = points[front[0]].length;
    for (let k = 0; k < dims; k++) {
        const order = [...front.keys()].sort((x, y) => points[front[x]][k] - points[front[y]][k] || x - y);
        const lo = points[front[order[0]]][k];
        const hi = points[front[order[m - 1]]][k];
        distance[order[0]] = Infinity;
        distance[order[m - 1]] = Infinity;
        if (hi - lo <= 0) {
            continue;
        }
        for (let r = 1; r < m - 1; r++) {
            distance[order[r]] += (points[front[order[r + 1]]][k] - points[front[order[r - 1]]][k]) / (hi - lo);
        }
    }
    return distance;
}

export interface Normalization {
    /** Best value of each criterion (the ideal point). */
    ideal: number[];
    /** Worst value of each criterion over the points (the nadir of the front). */
    nadir: number[];
}

/** The range of a set of points in each criterion. */
export function normalizationOf(points: readonly Point[]): Normalization {
    const dims = points[0]?.length ?? 0;
    const ideal = new Array<number>(dims).fill(Infinity);
    const nadir = new Array<number>(dims).fill(-Infinity);
    for (const p of points) {
        for (let k = 0; k < dims; k++) {
            ideal[k] = Math.min(ideal[k], p[k]);
            nadir[k] = Math.max(nadir[k], p[k]);
        }
    }
    return { ideal, nadir };
}

/** (p - ideal) / (nadir - ideal) per criterion; a criterion with no range maps to 0. */
export function normalize(p: Point, norm: Normalization): number[] {
    return p.map((v, k) => {
        const range = norm.nadir[k] - norm.ideal[k];
        return range > 0 ? (v - norm.ideal[k]) / range : 0;
    });
}

/**
 * Exact hypervolume dominated by `points` (minimization) up to `reference`
 * (WFG: exclusive contributions, slicing on the last criterion, 2-D sweep at
 * the bottom). Points not strictly better than the reference in every
 * criterion contribute nothing.
 */
export function hypervolume(points: readonly Point[], reference: Point): number {
    const d = reference.length;
    const inside = points.filter(p => p.every((v, k) => v < reference[k]));
    return wfg(filterNonDominated(inside, d), d, reference);
}

/** Hypervolume of a front after normalization by `norm`, reference point 1.1 in every criterion. */
export function normalizedHypervolume(points: readonly Point[], norm: Normalization, referenceValue = 1.1): number {
    const dims = norm.ideal.length;
    return hypervolume(points.map(p => normalize(p, norm)), new Array<number>(dims).fill(referenceValue));
}

function filterNonDominated(points: readonly Point[], d: number): Point[] {
    const kept: Point[] = [];
    outer: for (let i = 0; i < points.length; i++) {
        for (let j = 0; j < points.length; j++) {
            if (i !== j && weaklyDominatesIn(points[j], points[i], d) && (!weaklyDominatesIn(points[i], points[j], d) || j < i)) {
                continue outer;
            }
        }
        kept.push(points[i]);
    }
    return kept;
}

function weaklyDominatesIn(a: Point, b: Point, d: number): boolean {
    for (let k = 0; k < d; k++) {
        if (a[k] > b[k]) {
            return false;
        }
    }
    return true;
}

function wfg(points: readonly Point[], d: number, reference: Point): number {
    if (points.length === 0) {
        return 0;
    }
    if (d === 1) {
        return reference[0] - Math.min(...points.map(p => p[0]));
    }
    if (d === 2) {
        const sorted = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        let area = 0;
        let lastY = reference[1];
        for (const p of sorted) {
            if (p[1] < lastY) {
                area += (reference[0] - p[0]) * (lastY - p[1]);
                lastY = p[1];
            }
        }
        return area;
    }
    // Worst first in the last criterion: every limit point then shares p's last value.
    const sorted = [...points].sort((a, b) => b[d - 1] - a[d - 1]);
    let total = 0;
    for (let i = 0; i < sorted.length; i++) {
        const p = sorted[i];
        const depth = reference[d - 1] - p[d - 1];
        let box = 1;
        for (let k = 0; k < d - 1; k++) {
            box *= reference[k] - p[k];
        }
        const limit: number[][] = [];
        for (let j = i + 1; j < sorted.length; j++) {
            const q = sorted[j];
            const w = new Array<number>(d - 1);
            for (let k = 0; k < d - 1; k++) {
                w[k] = Math.max(p[k], q[k]);
            }
            limit.push(w);
        }
        total += depth * (box - wfg(filterNonDominated(limit, d - 1), d - 1, reference));
    }
    return total;
}

/**
 * Index of the point nearest the ideal point in weighted Euclidean distance,
 * after normalization by the points' own range (ideal and range over all
 * `points`); only indices in `candidates` (default: all) may be chosen. Ties
 * go to the lowest index.
 */
export function nearestToIdeal(points: readonly Point[], weights: readonly number[], candidates?: readonly number[]): number {
    if (points.length === 0) {
        return -1;
    }
    const norm = normalizationOf(points);
    let best = -1;
    let bestDistance = Infinity;
    for (const i of candidates ?? points.keys()) {
        const z = normalize(points[i], norm);
        const distance = Math.sqrt(z.reduce((sum, v, k) => sum + weights[k] * v * v, 0));
        if (best < 0 || distance < bestDistance || (distance === bestDistance && i < best)) {
            best = i;
            bestDistance = distance;
        }
    }
    return best;
}
