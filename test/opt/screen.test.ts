/**
 * The analytic screen in the search (src/opt/search/evaluation.ts) and the
 * evaluation cache's hash keys (issue 11 items 2 and 6).
 */
import { describe, expect, it } from 'vitest';
import { optimize } from '../../src/opt/index.js';
import { resolveSettings } from '../../src/model/settings.js';
import type { AllocationDef } from '../../src/model/types.js';
import { cloneGenotype, createSpace, genotypeKey, toAllocation, type Genotype } from '../../src/opt/genotype.js';
import { GenotypeKeys } from '../../src/opt/genotype-map.js';
import { randomGenotype } from '../../src/opt/operators.js';
import { repair } from '../../src/opt/repair.js';
import { Rng } from '../../src/opt/rng.js';
import { Evaluations } from '../../src/opt/search/evaluation.js';
import { maxGenerations, Termination } from '../../src/opt/search/termination.js';
import { analyticObjectives, recordingEvaluator } from './fake.js';
import { GPU, model } from './models.js';

const names = (allocations: AllocationDef[]) => allocations.map(a => JSON.stringify(a.placements) + JSON.stringify(a.limits));

describe('analytic screen', () => {
    it('is on by default: the search simulates what the analytic estimate picks (as screen: true), not what it does without one', async () => {
        const m = await model(GPU);
        const settings = resolveSettings(m, { generations: 4, population: 8 });
        const runs = await Promise.all([undefined, true, false].map(async screen => {
            const evaluator = recordingEvaluator(m);
            await optimize(m, settings, {}, { evaluator, screen });
            return names(evaluator.evaluated);
        }));
        expect(runs[0]).toEqual(runs[1]);
        expect(runs[0]).not.toEqual(runs[2]);
    });

    it('is off by default for a model without processes (its simulations cost next to nothing)', async () => {
        const m = await model(`system packing
server small { cpu 4 GHz ram 8 GB price 1 EUR/h count 4 }
server large { cpu 16 GHz ram 32 GB price 3 EUR/h count 2 }
component a { idle cpu 1 GHz ram 3 GB permanent }
component b { idle cpu 2 GHz ram 5 GB permanent }
component c { idle cpu 3 GHz ram 2 GB }
`);
        // c on demand: with every component permanent the model is packing-like, searched by the packing
        // annealer (search/packing-led.ts), which simulates no candidate pool and so uses no screen at all.
        const settings = resolveSettings(m, { generations: 4, population: 6 });
        const runs = await Promise.all([undefined, false, true].map(async screen => {
            const evaluator = recordingEvaluator(m);
            await optimize(m, settings, {}, { evaluator, screen });
            return names(evaluator.evaluated);
        }));
        expect(runs[0]).toEqual(runs[1]);
        expect(runs[2]).not.toEqual(runs[1]);
    });

    it('gives the same result whatever the order in which simulations finish (1 or 5 at a time, shuffled)', async () => {
        const m = await model(GPU);
        const settings = resolveSettings(m, { generations: 8, population: 10 });
        const a = await optimize(m, settings, {}, { evaluator: recordingEvaluator(m, { parallelism: 1 }) });
        const b = await optimize(m, settings, {}, { evaluator: recordingEvaluator(m, { parallelism: 5, shuffleSeed: 7, delayMs: 1 }) });
        expect(b.front).toEqual(a.front);
        expect(b.chosen).toBe(a.chosen);
        expect(b.evaluations).toBe(a.evaluations);
        expect(b.hypervolumeByGeneration).toEqual(a.hypervolumeByGeneration);
    });

    it('picks only candidates not simulated yet, best estimates first', async () => {
        const m = await model(GPU);
        const space = createSpace(m);
        const rng = new Rng(3);
        const candidates: Genotype[] = [];
        while (candidates.length < 40) {
            const g = repair(space, randomGenotype(space, rng), rng);
            if (g && !candidates.some(c => genotypeKey(c) === genotypeKey(g))) { candidates.push(g); }
        }
        let screened = 0;
        const evals = new Evaluations(space, recordingEvaluator(m), new Termination([maxGenerations(100)], undefined), 0,
            allocation => { screened++; return analyticObjectives(m, allocation); });
        const first = evals.pick(candidates, 10, 'full');
        expect(first).toHaveLength(10);
        expect(screened).toBe(40);
        await evals.run(first, 'full');
        const second = evals.pick(candidates, 10, 'full');
        const firstKeys = new Set(first.map(genotypeKey));
        expect(second.filter(g => firstKeys.has(genotypeKey(g)))).toEqual([]);
        expect(screened).toBe(40); // estimates are cached
        // The estimate ranks: a candidate of the lowest estimated cost (an extreme of the first front) is picked.
        const cost = (g: Genotype) => analyticObjectives(m, toAllocation(space, g)).cost;
        const lowest = Math.min(...candidates.map(cost));
        expect(first.some(g => cost(g) === lowest)).toBe(true);
    });
});

describe('evaluation cache keys', () => {
    it('are short hash keys, equal for equal genotypes, different for different ones, collisions told apart', async () => {
        const space = createSpace(await model(GPU));
        const rng = new Rng(11);
        const keys = new GenotypeKeys();
        const byString = new Map<string, string>();
        for (let i = 0; i < 2000; i++) {
            const g = repair(space, randomGenotype(space, rng), rng);
            if (!g) { continue; }
            const provisional = keys.key(g);
            const key = keys.register(g);
            expect(keys.key(cloneGenotype(g))).toBe(key);
            const known = byString.get(genotypeKey(g));
            if (known === undefined) {
                expect(provisional).toBe(`${key}?`);
                byString.set(genotypeKey(g), key);
            } else {
                expect(key).toBe(known);
            }
            expect(key.length).toBeLessThanOrEqual(11);
        }
        expect(new Set(byString.values()).size).toBe(byString.size);
        // Every genotype with the same hash still gets its own key.
        const colliding = new GenotypeKeys(() => 42);
        const a = randomGenotype(space, rng), b = cloneGenotype(a);
        b.inst[0]++;
        expect([colliding.register(a), colliding.register(b), colliding.register(cloneGenotype(a))]).toEqual(['16', '16.1', '16']);
    });

    it('are what the search gives its individuals', async () => {
        const m = await model(GPU);
        const space = createSpace(m);
        const rng = new Rng(5);
        const g = repair(space, randomGenotype(space, rng), rng)!;
        const evals = new Evaluations(space, recordingEvaluator(m), new Termination([maxGenerations(100)], undefined), 0);
        const [individual] = await evals.run([g, cloneGenotype(g)], 'full');
        expect(individual.key).toBe(evals.keyOf(g));
        expect(individual.key).not.toContain(',');
        expect(evals.known(evals.keyOf(cloneGenotype(g)), 'full')).toBe(true);
        expect(evals.count).toBe(1);
    });
});
