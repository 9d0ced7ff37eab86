import { describe, expect, it } from 'vitest';
import { findOverloads, spreadAllocation } from '../../src/model/spread.js';
import { resolveSettings } from '../../src/model/settings.js';
import { createSpace, genotypeKey, toAllocation, fromAllocation } from '../../src/opt/genotype.js';
import { isValid, repair } from '../../src/opt/repair.js';
import { randomGenotype } from '../../src/opt/operators.js';
import { Rng } from '../../src/opt/rng.js';
import { optimize } from '../../src/opt/index.js';
import { applyMove, MOVE_KINDS } from '../../src/opt/search/moves.js';
import { componentUtilization, createProblem, kindsByValue } from '../../src/opt/search/problem.js';
import { consolidations, heuristicSeeds, loadSizedSeed } from '../../src/opt/search/initialization.js';
import { maxEvaluations, maxGenerations, stagnation, Termination } from '../../src/opt/search/termination.js';
import { adaptiveHorizon, briefSettings, effectiveSettings, fewRunsWarnings, DEFAULT_BUDGET_SECONDS } from '../../src/opt/search/fidelity.js';
import { recordingEvaluator } from './fake.js';
import { GPU, SMALL, model } from './models.js';

const LOADED = `system loaded
server cheap { cpu 8 GHz ram 32 GB price 1 EUR/h count 4 }
server fast  { cpu 32 GHz ram 64 GB price 8 EUR/h count 2 }
server gpu   { cpu 16 GHz gpu 100 TOPS ram 128 GB price 12 EUR/h count 1 }
component api   { idle cpu 0.5 GHz ram 1 GB startup 30 s }
component model { idle cpu 1 GHz ram 4 GB startup 5 s }
step handle { runs on api cpu exponential(mean 4 GHz*s) }
step infer  { runs on model cpu 1 GHz*s gpu exponential(mean 20 TOPS*s) }
process requests { steps handle -> infer every exponential(mean 0.5 s) deadline 5 s }
`;

describe('problem knowledge', () => {
    it('orders kinds by price per unit of speed and marks startups longer than the deadline slack', async () => {
        const m = await model(LOADED);
        const problem = createProblem(createSpace(m));
        // api: cheap 1/8 per GHz, fast 8/32, gpu 12/16 -> cheap, fast, gpu.
        expect(kindsByValue(problem, 0)).toEqual([0, 1, 2]);
        expect(kindsByValue(problem, 1, true)).toEqual([2]);
        // 8 GHz*s per second of CPU work arrive at api; 40 TOPS*s per second of GPU work at model.
        expect(problem.cpuDemand[0]).toBeCloseTo(8, 9);
        expect(problem.gpuDemand[1]).toBeCloseTo(40, 9);
        // api starts in 30 s, the deadline is 5 s: permanent helps; model starts in 5 s minus its best case: also over.
        expect(problem.startupTooSlow).toEqual([true, true]);
    });

    it('sizes replicas to the offered load on the best-valued kinds', async () => {
        const m = await model(LOADED);
        const space = createSpace(m);
        const problem = createProblem(space);
        const g = loadSizedSeed(problem, 0.5, true);
        // api: 8 GHz / (8 GHz x 0.5) = 2 instances on cheap; model: 40 TOPS / (100 x 0.5) -> 1 on gpu.
        expect(g.inst[0 * space.S + 0]).toBe(2);
        expect(g.inst[1 * space.S + 2]).toBe(1);
        expect(g.perm[0]).toBe(1);
        expect(componentUtilization(problem, g.inst)[0]).toBeCloseTo(0.5, 9);
        const repaired = repair(space, g, new Rng(1));
        expect(repaired && isValid(space, repaired)).toBe(true);
    });

    it('consolidates an allocation one machine of the most expensive kind at a time', async () => {
        const m = await model(GPU);
        const space = createSpace(m);
        const problem = createProblem(space);
        const start = fromAllocation(space, m.allocations[0]);
        const steps = consolidations(problem, start);
        expect(steps.length).toBeGreaterThan(0);
        // Every step uses no more instances on the most expensive kind (gpu_node) than the one before, and each component keeps one.
        let previous = start;
        for (const g of steps) {
            expect(g.inst.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(previous.inst.reduce((a, b) => a + b, 0));
            for (let c = 0; c < space.C; c++) {
                expect(g.inst.slice(c * space.S, (c + 1) * space.S).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
            }
            previous = g;
        }
        for (const seed of heuristicSeeds(problem, [start], new Rng(3))) {
            const repaired = repair(space, seed, new Rng(2));
            expect(repaired && isValid(space, repaired)).toBe(true);
        }
    });

    it('every problem-aware move, once repaired, gives an allocation the simulator accepts', async () => {
        for (const text of [LOADED, GPU, SMALL]) {
            const m = await model(text);
            const space = createSpace(m);
            const problem = createProblem(space);
            const rng = new Rng(5);
            let changed = 0;
            for (let i = 0; i < 300; i++) {
                const g = repair(space, randomGenotype(space, rng), rng);
                if (!g) {
                    continue;
                }
                const before = genotypeKey(g);
                applyMove(problem, g, MOVE_KINDS[i % MOVE_KINDS.length], rng);
                const repaired = repair(space, g, rng);
                if (!repaired) {
                    continue;
                }
                expect(isValid(space, repaired)).toBe(true);
                expect(findOverloads(m, spreadAllocation(m, toAllocation(space, repaired)))).toEqual([]);
                changed += genotypeKey(repaired) !== before ? 1 : 0;
            }
            expect(changed).toBeGreaterThan(100);
        }
    });
});

describe('termination', () => {
    it('latches the first rule met and aborts its signal', () => {
        const t = new Termination([maxGenerations(3), maxEvaluations(10), stagnation(2)], undefined);
        expect(t.check({ generation: 2, evaluations: 9, stagnant: 1 })).toBeUndefined();
        expect(t.signal.aborted).toBe(false);
        expect(t.check({ generation: 2, evaluations: 10, stagnant: 5 })).toBe('evaluations');
        expect(t.check({ generation: 5, evaluations: 10, stagnant: 5 })).toBe('evaluations');
        expect(t.signal.aborted).toBe(true);
        t.dispose();
    });

    it('stops on the deadline and takes over an enclosing termination\'s reason', async () => {
        const outer = new Termination([], performance.now() + 30);
        const inner = new Termination([maxGenerations(100)], undefined, outer);
        await new Promise(resolve => setTimeout(resolve, 60));
        expect(outer.stoppedBy).toBe('time');
        expect(inner.stoppedBy).toBe('time');
        expect(inner.signal.aborted).toBe(true);
        const controller = new AbortController();
        const cancelled = new Termination([], undefined, controller.signal);
        controller.abort();
        expect(cancelled.stoppedBy).toBe('cancelled');
        expect(cancelled.aborted).toBe(true);
        for (const t of [outer, inner, cancelled]) {
            t.dispose();
        }
    });
});

describe('fidelity and defaults', () => {
    it('uses the wall-clock budget and the rate-based horizon only where nothing was set', async () => {
        const m = await model(LOADED);
        const auto = effectiveSettings(m, resolveSettings(m));
        expect(auto.timeoutSeconds).toBe(DEFAULT_BUDGET_SECONDS);
        expect(auto.generations).toBe(Infinity);
        // One run every 0.5 s: 1000 runs take 500 s, below the 10 min floor; warmup 10 startups of 30 s.
        expect(adaptiveHorizon(m)).toEqual({ warmupSeconds: 300, horizonSeconds: 900 });
        expect(auto.horizonSeconds).toBe(900);
        // 20 runs/s beside one run every 6 h: the window is capped by the total run count (50,000 / 20 per s).
        const mixed = await model(LOADED.replace('process requests', 'process rare { steps handle every exponential(mean 6 h) }\nprocess requests')
            .replace('mean 0.5 s', 'mean 50 ms'));
        const h = adaptiveHorizon(mixed);
        expect(h.horizonSeconds - h.warmupSeconds).toBeCloseTo(50_000 / (20 + 1 / 21600), 3);
        expect(fewRunsWarnings(mixed, h).join()).toMatch(/process rare has about 0\.12 runs per replication/);
        expect(fewRunsWarnings(m, auto)).toEqual([]);
        const fixed = effectiveSettings(m, resolveSettings(m, { generations: 5, horizonSeconds: 7200 }));
        expect(fixed.generations).toBe(5);
        expect(fixed.timeoutSeconds).toBe(0);
        expect(fixed.horizonSeconds).toBe(7200);
        // A time limit alone: no generation limit either.
        expect(effectiveSettings(m, resolveSettings(m, { timeoutSeconds: 5 })).generations).toBe(Infinity);
        // The file's own optimize block counts as set.
        const small = await model(SMALL);
        expect(effectiveSettings(small, resolveSettings(small)).generations).toBe(60);
    });

    it('briefs with one replication of a quarter window only when at least 3x cheaper', () => {
        const full = { horizonSeconds: 8 * 3600, warmupSeconds: 1800, replications: 4, seed: 1, keepaliveSeconds: 0, maxEvents: 1e6 };
        expect(briefSettings(full)).toEqual({ ...full, replications: 1, horizonSeconds: 1800 + (8 * 3600 - 1800) / 4 });
        expect(briefSettings({ ...full, replications: 1, warmupSeconds: 6 * 3600 })).toBeUndefined();
    });
});

describe('multi-fidelity search', () => {
    it('reports only full-fidelity results and is the same whatever the evaluation order', async () => {
        const m = await model(GPU);
        const settings = resolveSettings(m, { generations: 8, population: 12 });
        // Brief evaluations get a biased estimate: the reported front must not contain those numbers.
        const fidelityAware = (parallelism: number, shuffleSeed: number) => {
            const inner = recordingEvaluator(m, { parallelism, shuffleSeed, delayMs: parallelism > 1 ? 1 : undefined });
            const seen = { brief: 0, full: 0 };
            return {
                seen,
                evaluator: {
                    ...inner,
                    simulate: (allocations: Parameters<typeof inner.simulate>[0], signal: AbortSignal) => {
                        seen.full += allocations.length;
                        return inner.simulate(allocations, signal);
                    },
                    evaluate: (allocations: Parameters<typeof inner.evaluate>[0], onResult: Parameters<typeof inner.evaluate>[1], signal: AbortSignal, fidelity: 'brief' | 'full' = 'full') => {
                        seen[fidelity] += allocations.length;
                        return inner.evaluate(allocations, (i, o) => onResult(i, fidelity === 'brief' ? { ...o, cost: o.cost * 1.5 } : o), signal);
                    }
                }
            };
        };
        const a = fidelityAware(1, 1);
        const b = fidelityAware(4, 77);
        const ra = await optimize(m, settings, {}, { evaluator: a.evaluator, multiFidelity: true });
        const rb = await optimize(m, settings, {}, { evaluator: b.evaluator, multiFidelity: true });
        expect(a.seen.brief).toBeGreaterThan(a.seen.full);
        expect(a.seen.full).toBeGreaterThan(0);
        // Promotions go through simulate (statistics kept for the details): no second simulation of the front.
        // (The baselines are simulated too, and not counted.)
        expect(ra.simulations).toEqual({ brief: a.seen.brief, full: a.seen.full - ra.baselines.length });
        expect(rb.front).toEqual(ra.front);
        expect(rb.chosen).toBe(ra.chosen);
        expect(rb.hypervolumeByGeneration).toEqual(ra.hypervolumeByGeneration);
        // Each front member's numbers are the full (unbiased) ones: equal to those of its details simulation.
        for (const s of ra.front) {
            expect(s.objectivesCI).toBeDefined();
            expect(s.objectives.cost).toBeCloseTo(s.objectivesCI!.cost[0], 9);
        }
    });
});

void SMALL;

describe('the choice', () => {
    it('does not move when a member far from the ideal joins the front', async () => {
        const { chooseSolution } = await import('../../src/opt/result.js');
        const sol = (time: number, cost: number) => ({ allocation: { instances: [], permanent: [], limits: {} } as never, objectives: { time, variance: 0, violations: 0, cost } });
        const front = [sol(1, 30), sol(2, 12), sol(4, 10)];
        const prefer = { time: 1, variance: 1, violations: 1, cost: 1 };
        const before = chooseSolution(front, prefer);
        // A very slow, slightly cheaper member: with the front's range as the scale, time differences
        // among the others would shrink and the choice would move to the cheap end.
        const after = chooseSolution([...front, sol(400, 9.5)], prefer);
        expect(before).toBe(1);
        expect(after).toBe(1);
    });
});

describe('multi-fidelity under a time limit', () => {
    it('returns one full-fidelity solution, not an error, when no full simulation finished in time', async () => {
        const m = await model(GPU);
        const evaluator = recordingEvaluator(m);
        const fast = evaluator.simulate;
        evaluator.simulate = async (allocations, signal) => {
            await new Promise(resolve => setTimeout(resolve, 1200));
            if (signal.aborted) {
                throw new Error('cancelled'); // as the worker pool does
            }
            return fast(allocations, signal);
        };
        const result = await optimize(m, resolveSettings(m, { timeoutSeconds: 0.5, population: 8 }), {}, { evaluator, multiFidelity: true });
        expect(result.stoppedBy).toBe('time');
        expect(result.front).toHaveLength(1);
        expect(result.warnings.join('\n')).toMatch(/time limit came; one was simulated after it/);
    });
});
