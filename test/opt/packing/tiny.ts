/** Tiny packing models built in code, and a brute-force optimum to check the heuristics against. */
import type { Model } from '../../../src/model/types.js';
import { createSpace, emptyGenotype, type Genotype, type Space } from '../../../src/opt/genotype.js';
import { isValid } from '../../../src/opt/repair.js';
import { Rng } from '../../../src/opt/rng.js';
import { staticCost } from '../../../src/opt/packing/index.js';

export interface TinyOptions {
    kinds: number;
    components: number;
    /** Machines per kind drawn from 1..maxCount. */
    maxCount?: number;
    gpu?: boolean;
    stepRam?: boolean;
    /** Fractional loads (sums not exact in floating point). */
    fractional?: boolean;
}

/** A random cloud-balancing-like model: permanent components, no processes. */
export function tinyModel(seed: number, o: TinyOptions): Model {
    const rng = new Rng(seed);
    const servers = Array.from({ length: o.kinds }, (_, s) => {
        const cpu = [3, 4, 6, 8, 12][rng.int(5)];
        const ram = [2, 4, 8, 16][rng.int(4)] * 1000;
        return {
            name: `k${s}`, cpuGHz: cpu, gpuTOPS: o.gpu && rng.chance(0.4) ? 100 : 0, ramMB: ram,
            netInMbps: null, netOutMbps: null,
            pricePerSecond: (cpu * 30 + ram / 100 + rng.int(100)) / 3600,
            count: 1 + rng.int(o.maxCount ?? 1)
        };
    });
    const unit = o.fractional ? 0.1 : 1;
    const components = Array.from({ length: o.components }, (_, c) => ({
        name: `c${c}`,
        idleCpuGHz: Math.round((1 + rng.int(5)) * (o.fractional ? 7 : 1)) * unit,
        idleRamMB: (1 + rng.int(4)) * 700,
        permanent: true,
        startupSeconds: 0
    }));
    const steps = o.gpu || o.stepRam ? components.filter(() => rng.chance(0.4)).map((c, k) => ({
        name: `s${k}`, component: c.name,
        cpuWorkGHzSeconds: { kind: 'constant' as const, value: 1 },
        gpuWorkTOPSSeconds: o.gpu && rng.chance(0.5) ? { kind: 'constant' as const, value: 1 } : null,
        ramMB: o.stepRam ? rng.int(3) * 500 : 0,
        netInMbps: 0, netOutMbps: 0, threads: 1
    })) : [];
    return { system: `tiny${seed}`, currency: 'EUR', servers, components, steps, processes: [], allocations: [], optimize: {} };
}

/**
 * The cheapest valid genotype with one instance per component, by trying
 * every assignment (kinds^components); undefined when none is valid.
 */
export function bruteForce(space: Space): { cost: number; genotype: Genotype } | undefined {
    const { C, S } = space;
    const choice = new Array<number>(C).fill(0);
    let best: { cost: number; genotype: Genotype } | undefined;
    for (;;) {
        const g = emptyGenotype(space);
        choice.forEach((s, c) => { g.inst[c * S + s] = 1; });
        if (isValid(space, g)) {
            const cost = staticCost(space, g);
            if (!best || cost < best.cost - 1e-9) {
                best = { cost, genotype: g };
            }
        }
        let k = 0;
        while (k < C && ++choice[k] === S) {
            choice[k++] = 0;
        }
        if (k === C) {
            return best;
        }
    }
}

export function tinySpace(seed: number, o: TinyOptions): Space {
    return createSpace(tinyModel(seed, o));
}
