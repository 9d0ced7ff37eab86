import { describe, expect, it } from 'vitest';
import { findOverloads, spreadAllocation } from '../../src/model/spread.js';
import { createSpace, canonicalize, cloneGenotype, emptyGenotype, fromAllocation, genotypeKey, toAllocation, MAX_INSTANCES_PER_MACHINE } from '../../src/opt/genotype.js';
import { constraintViolations, isValid, kindFits, repair } from '../../src/opt/repair.js';
import { crossover, mutate, mutateOnce, randomGenotype } from '../../src/opt/operators.js';
import { Rng } from '../../src/opt/rng.js';
import { GPU, SMALL, model } from './models.js';

describe('genotype', () => {
    it('bounds each cell by what fits on the machines of a kind, and by the per-machine cap', async () => {
        const space = createSpace(await model(GPU));
        // [store, trainer, scorer] x [cpu_node (3 machines), gpu_node (1, has a GPU)]
        // trainer's only step has GPU work, so an instance on cpu_node could serve nothing: 0 there.
        expect(Array.from(space.cellMax)).toEqual([
            3 * MAX_INSTANCES_PER_MACHINE, MAX_INSTANCES_PER_MACHINE,
            0, MAX_INSTANCES_PER_MACHINE,
            3 * MAX_INSTANCES_PER_MACHINE, MAX_INSTANCES_PER_MACHINE
        ]);
        expect(space.needsGpu).toEqual([false, true, false]);
        expect(space.limits).toEqual([{ step: 'train', component: 1, threads: 3 }]);
    });

    it('round-trips an allocation in canonical order and leaves non-binding limits out', async () => {
        const m = await model(GPU);
        const space = createSpace(m);
        const g = fromAllocation(space, {
            name: 'x',
            placements: [
                { component: 'scorer', server: 'cpu_node', instances: 2, permanent: true },
                { component: 'store', server: 'cpu_node', instances: 1, permanent: true },
                { component: 'trainer', server: 'gpu_node', instances: 2, permanent: false },
                { component: 'scorer', server: 'cpu_node', instances: 1, permanent: false }
            ],
            limits: { train: 3 }
        });
        canonicalize(space, g);
        expect(toAllocation(space, g, 'y')).toEqual({
            name: 'y',
            placements: [
                { component: 'store', server: 'cpu_node', instances: 1, permanent: false },
                { component: 'trainer', server: 'gpu_node', instances: 2, permanent: false },
                { component: 'scorer', server: 'cpu_node', instances: 3, permanent: true }
            ],
            limits: {}
        });
        // A limit of 1 with 2 trainer instances binds and stays; 2 does not (min(threads 3, instances 2) = 2).
        g.lim[0] = 1;
        expect(toAllocation(space, canonicalize(space, g)).limits).toEqual({ train: 1 });
        const h = cloneGenotype(g);
        h.lim[0] = 2;
        g.lim[0] = 3;
        expect(genotypeKey(canonicalize(space, h))).toBe(genotypeKey(canonicalize(space, g)));
    });

    it('kindFits never accepts what the spreading rule of src/model/spread.ts overloads', async () => {
        for (const text of [SMALL, GPU]) {
            const m = await model(text);
            const space = createSpace(m);
            const rng = new Rng(3);
            for (let trial = 0; trial < 400; trial++) {
                const g = emptyGenotype(space);
                for (let i = 0; i < g.inst.length; i++) {
                    g.inst[i] = rng.int(space.cellMax[i] + 1);
                }
                const overloaded = new Set(findOverloads(m, spreadAllocation(m, toAllocation(space, g))).map(o => o.server));
                // kindFits may refuse more (the step-RAM rule), never less.
                m.servers.forEach((server, s) => {
                    if (kindFits(space, g, s)) {
                        expect(overloaded.has(server.name)).toBe(false);
                    }
                });
            }
        }
    });

    it('repair turns any operator output into a valid canonical genotype, or refuses it', async () => {
        for (const text of [SMALL, GPU]) {
            const m = await model(text);
            const space = createSpace(m);
            const rng = new Rng(11);
            let repaired = 0;
            for (let trial = 0; trial < 500; trial++) {
                const a = randomGenotype(space, rng);
                const b = randomGenotype(space, rng);
                const child = crossover(space, a, b, rng);
                mutate(space, child, rng);
                for (let i = 0; i < child.inst.length; i++) {
                    if (rng.chance(0.1)) {
                        child.inst[i] = rng.int(3 * space.cellMax[i] + 2);
                    }
                }
                const fixed = repair(space, child, rng);
                if (fixed) {
                    repaired++;
                    expect(constraintViolations(space, fixed)).toEqual([]);
                    expect(findOverloads(m, spreadAllocation(m, toAllocation(space, fixed)))).toEqual([]);
                    expect(genotypeKey(canonicalize(space, cloneGenotype(fixed)))).toBe(genotypeKey(fixed));
                }
            }
            expect(repaired).toBeGreaterThan(450);
        }
    });

    it('repair leaves a valid genotype unchanged', async () => {
        const m = await model(GPU);
        const space = createSpace(m);
        const g = canonicalize(space, fromAllocation(space, m.allocations[0]));
        expect(isValid(space, g)).toBe(true);
        expect(genotypeKey(repair(space, cloneGenotype(g), new Rng(1))!)).toBe(genotypeKey(g));
    });

    it('each mutation changes what it says', async () => {
        const m = await model(GPU);
        const space = createSpace(m);
        const rng = new Rng(5);
        const base = canonicalize(space, fromAllocation(space, m.allocations[0]));
        const total = (g: typeof base) => g.inst.reduce((s, v) => s + v, 0);
        const moved = cloneGenotype(base);
        expect(mutateOnce(space, moved, 'move', rng)).toBe(true);
        expect(total(moved)).toBe(total(base));
        expect(genotypeKey(moved)).not.toBe(genotypeKey(base));
        const added = cloneGenotype(base);
        mutateOnce(space, added, 'add', rng);
        expect(total(added)).toBe(total(base) + 1);
        const removed = cloneGenotype(base);
        mutateOnce(space, removed, 'remove', rng);
        expect(total(removed)).toBe(total(base) - 1);
        const flagged = cloneGenotype(base);
        mutateOnce(space, flagged, 'flag', rng);
        expect(flagged.perm.reduce((s, v) => s + v, 0)).toBe(1);
        const swapped = cloneGenotype(base);
        mutateOnce(space, swapped, 'swap', rng);
        expect([...swapped.inst].sort()).toEqual([...base.inst].sort());
    });
});
