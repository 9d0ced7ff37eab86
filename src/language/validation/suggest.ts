/** "Did you mean": the names nearest to a misspelt one, by edit distance. Pure. */

/** Levenshtein distance (insert, delete, substitute: 1 each), case-sensitive; stops early above `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
    if (Math.abs(a.length - b.length) > max) {
        return max + 1;
    }
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        let rowMin = i;
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
            rowMin = Math.min(rowMin, current[j]);
        }
        if (rowMin > max) {
            return max + 1;
        }
        previous = current;
    }
    return previous[b.length];
}

/**
 * Candidates within a distance that grows with the name's length (at most
 * max(2, length/2), case differences count half), nearest first, ties in the
 * given order; at most `limit`.
 */
export function nearestNames(name: string, candidates: string[], limit = 5): string[] {
    const max = Math.max(2, Math.floor(name.length / 2));
    const lower = name.toLowerCase();
    return candidates
        .map((candidate, order) => {
            const exactCase = editDistance(name, candidate, max);
            const ignoreCase = editDistance(lower, candidate.toLowerCase(), max);
            return { candidate, order, distance: Math.min(exactCase, ignoreCase + 0.5) };
        })
        .filter(c => c.distance <= max && c.candidate !== name)
        .sort((a, b) => a.distance - b.distance || a.order - b.order)
        .slice(0, limit)
        .map(c => c.candidate);
}
