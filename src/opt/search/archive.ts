/**
 * The archive: every non-dominated allocation evaluated so far (at one
 * fidelity), so nothing good found is lost when the population moves on.
 * Equal objective vectors keep the first allocation found.
 */
import { OBJECTIVE_KEYS, type Objectives } from '../../model/types.js';
import type { Genotype } from '../genotype.js';
import { dominates } from '../pareto.js';

export interface Individual {
    key: string;
    genotype: Genotype;
    /** k1..k4 in OBJECTIVE_KEYS order. */
    point: number[];
}

export function toPoint(o: Objectives): number[] {
    return OBJECTIVE_KEYS.map(k => o[k]);
}

export function toObjectives(p: readonly number[]): Objectives {
    return { time: p[0], variance: p[1], violations: p[2], cost: p[3] };
}

export class Archive {
    members: Individual[] = [];
    private readonly keys = new Set<string>();

    /** Adds `x` unless a member is at least as good everywhere; drops members `x` dominates. True when added. */
    add(x: Individual): boolean {
        if (this.keys.has(x.key)) {
            return false;
        }
        for (const m of this.members) {
            if (m.point.every((v, k) => v <= x.point[k])) {
                return false;
            }
        }
        this.members = this.members.filter(m => {
            const keep = !dominates(x.point, m.point);
            if (!keep) {
                this.keys.delete(m.key);
            }
            return keep;
        });
        this.members.push(x);
        this.keys.add(x.key);
        return true;
    }

    has(key: string): boolean {
        return this.keys.has(key);
    }

    points(): number[][] {
        return this.members.map(m => m.point);
    }

    /** Members sorted by cost, then time, then key (the reported order). */
    sorted(): Individual[] {
        return [...this.members].sort((a, b) => a.point[3] - b.point[3] || a.point[0] - b.point[0] || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    }
}
