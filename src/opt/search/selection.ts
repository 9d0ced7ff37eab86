/** Parent selection: binary tournament on (rank, crowding distance), ties to the earlier member. */
import type { Rng } from '../rng.js';
import type { Individual } from './archive.js';
import type { Ranking } from './survival.js';

export function tournament(members: readonly Individual[], ranking: Ranking, rng: Rng): Individual {
    const { rank, crowd } = ranking;
    const a = rng.int(members.length);
    const b = rng.int(members.length);
    if (rank[a] !== rank[b]) {
        return members[rank[a] < rank[b] ? a : b];
    }
    return members[crowd[a] > crowd[b] || (crowd[a] === crowd[b] && a < b) ? a : b];
}
