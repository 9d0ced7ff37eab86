import { describe, expect, it } from 'vitest';
import { optimize } from '../../src/opt/index.js';
import { resolveSettings, type SettingsOverrides } from '../../src/model/settings.js';
import { findOverloads, spreadAllocation } from '../../src/model/spread.js';
import { fromMatrix } from '../../src/model/allocation.js';
import { OBJECTIVE_KEYS, type Model, type Objectives } from '../../src/model/types.js';
import { dominates } from '../../src/opt/pareto.js';
import { createSpace, fromAllocation } from '../../src/opt/genotype.js';
import { constraintViolations } from '../../src/opt/repair.js';
import type { Progress } from '../../src/opt/api.js';
import { analyticObjectives, recordingEvaluator } from './fake.js';
import { GPU, SMALL, model } from './models.js';

const point = (o: Objectives) => OBJECTIVE_KEYS.map(k => o[k]);
const settingsFor = (m: Model, overrides: SettingsOverrides = {}) => resolveSettings(m, overrides);

describe('optimize with an analytic evaluator', () => {
    it('returns a non-dominated front that covers everything it evaluated, all of it valid', async () => {
        const m = await model(GPU);
        const evaluator = recordingEvaluator(m);
        const result = await optimize(m, settingsFor(m, { generations: 15, population: 16 }), {}, { evaluator });
        expect(result.stoppedBy).toBe('generations');
        expect(result.front.length).toBeGreaterThan(1);
        const front = result.front.map(s => point(s.objectives));
        for (const a of front) {
            expect(front.some(b => dominates(b, a))).toBe(false);
        }
        const space = createSpace(m);
        for (const allocation of evaluator.evaluated) {
            // Never an invalid allocation: the optimizer's own check and the spreading rule of src/model/spread.ts.
            expect(constraintViolations(space, fromAllocation(space, allocation))).toEqual([]);
            expect(findOverloads(m, spreadAllocation(m, allocation))).toEqual([]);
            const p = point(analyticObjectives(m, allocation));
            expect(front.some(f => f.every((v, k) => v <= p[k]))).toBe(true);
        }
        // Each front member's objectives are those of its own allocation.
        for (const s of result.front) {
            expect(point(s.objectives)).toEqual(point(analyticObjectives(m, fromMatrix(m, s.allocation))));
        }
    });

    it('never evaluates the same allocation twice and counts evaluations honestly', async () => {
        const m = await model(SMALL);
        const evaluator = recordingEvaluator(m);
        const result = await optimize(m, settingsFor(m, { generations: 30, population: 12 }), {}, { evaluator });
        const keys = evaluator.evaluated.map(a => JSON.stringify(a));
        expect(new Set(keys).size).toBe(keys.length);
        expect(result.evaluations).toBe(keys.length);
    });

    it('starts from first-fit and the allocations in the file', async () => {
        const m = await model(GPU);
        const evaluator = recordingEvaluator(m);
        await optimize(m, settingsFor(m, { generations: 1, population: 8 }), {}, { evaluator });
        const first = evaluator.evaluated.slice(0, 2).map(a => a.placements.map(p => `${p.component}@${p.server}x${p.instances}`).join(' '));
        expect(first[0]).toBe('store@cpu_nodex1 trainer@gpu_nodex1 scorer@cpu_nodex1');
        expect(first[1]).toBe('store@cpu_nodex1 trainer@gpu_nodex1 scorer@cpu_nodex2');
    });

    it('stops at the evaluation budget', async () => {
        const m = await model(GPU);
        const evaluator = recordingEvaluator(m);
        const result = await optimize(m, settingsFor(m, { generations: 100, population: 10, evaluations: 37 }), {}, { evaluator });
        expect(result.stoppedBy).toBe('evaluations');
        expect(result.evaluations).toBe(37);
        expect(evaluator.evaluated.length).toBe(37);
    });

    it('stops on hypervolume stagnation', async () => {
        const m = await model(SMALL);
        const result = await optimize(m, settingsFor(m, { generations: 500, population: 8, stagnationGenerations: 4 }), {}, { evaluator: recordingEvaluator(m) });
        expect(result.stoppedBy).toBe('stagnation');
        expect(result.generations).toBeLessThan(500);
        const hv = result.hypervolumeByGeneration;
        expect(hv.slice(-4).every(v => v === hv[hv.length - 5])).toBe(true);
    });

    it('reports progress every generation; hypervolume by generation is monotone and ends at the reported value', async () => {
        const m = await model(GPU);
        const progress: Progress[] = [];
        const result = await optimize(m, settingsFor(m, { generations: 10, population: 10 }), { onProgress: p => progress.push(p) }, { evaluator: recordingEvaluator(m) });
        const generations = progress.map(p => p.generation);
        expect(generations).toEqual([...generations].sort((a, b) => a - b));
        expect(new Set(generations).size).toBe(11);
        expect(generations[generations.length - 1]).toBe(10);
        expect(result.hypervolumeByGeneration).toHaveLength(11);
        for (let i = 1; i < result.hypervolumeByGeneration.length; i++) {
            expect(result.hypervolumeByGeneration[i]).toBeGreaterThanOrEqual(result.hypervolumeByGeneration[i - 1] - 1e-12);
        }
        expect(result.hypervolumeByGeneration[10]).toBeCloseTo(result.hypervolume, 12);
        const last = progress[progress.length - 1];
        expect(last.best.cost).toBe(Math.min(...result.front.map(s => s.objectives.cost)));
    });

    it('shows the first front before the baselines are simulated, and keeps reporting progress while they are', async () => {
        const m = await model(GPU);
        const evaluator = recordingEvaluator(m);
        const slowSimulate = evaluator.simulate;
        let baselinesStartedAt: number | undefined;
        evaluator.simulate = async (allocations, signal) => {
            baselinesStartedAt ??= performance.now();
            await new Promise(resolve => setTimeout(resolve, 2500));
            return slowSimulate(allocations, signal);
        };
        const progress: { at: number; p: Progress }[] = [];
        const result = await optimize(m, settingsFor(m, { generations: 1, population: 6 }), { onProgress: p => progress.push({ at: performance.now(), p }) }, { evaluator });
        expect(result.baselines.map(b => b.name)).toEqual(['first-fit', 'current']);
        // The initial population's front was reported before any baseline simulation started.
        expect(progress.find(x => x.p.front.length > 0)!.at).toBeLessThanOrEqual(baselinesStartedAt!);
        // Progress at least once a second while the baselines (and the details) take 2.5 s each.
        expect(progress.filter(x => x.at > baselinesStartedAt!).length).toBeGreaterThanOrEqual(2);
    });

    it('returns the front found so far when cancelled', async () => {
        const m = await model(GPU);
        const controller = new AbortController();
        const result = await optimize(m, settingsFor(m, { generations: 1000, population: 10 }), {
            signal: controller.signal,
            onProgress: p => { if (p.generation === 3) { controller.abort(); } }
        }, { evaluator: recordingEvaluator(m, { parallelism: 2, delayMs: 1 }) });
        expect(result.stoppedBy).toBe('cancelled');
        expect(result.generations).toBeLessThanOrEqual(4);
        expect(result.front.length).toBeGreaterThan(0);
    });

    it('stops at the time limit', async () => {
        const m = await model(GPU);
        const started = Date.now();
        const result = await optimize(m, settingsFor(m, { generations: 100000, population: 10, timeoutSeconds: 0.5 }), {}, { evaluator: recordingEvaluator(m, { delayMs: 2 }) });
        expect(result.stoppedBy).toBe('time');
        expect(Date.now() - started).toBeLessThan(5000);
        expect(result.front.length).toBeGreaterThan(0);
    });

    it('ends with a clear message and the front so far when evaluation fails', async () => {
        const m = await model(GPU);
        const result = await optimize(m, settingsFor(m, { generations: 50, population: 10 }), {}, { evaluator: recordingEvaluator(m, { failAfter: 25 }) });
        expect(result.stoppedBy).toBe('error');
        expect(result.warnings.join('\n')).toMatch(/out of memory/);
        expect(result.front.length).toBeGreaterThan(0);
    });

    it('gives the same front whatever the order in which evaluations finish', async () => {
        const m = await model(GPU);
        const settings = settingsFor(m, { generations: 12, population: 12 });
        const a = await optimize(m, settings, {}, { evaluator: recordingEvaluator(m, { parallelism: 1 }) });
        const b = await optimize(m, settings, {}, { evaluator: recordingEvaluator(m, { parallelism: 5, shuffleSeed: 99, delayMs: 1 }) });
        expect(b.front).toEqual(a.front);
        expect(b.chosen).toBe(a.chosen);
        expect(b.hypervolumeByGeneration).toEqual(a.hypervolumeByGeneration);
    });

    it('chooses the front member nearest the ideal point with the prefer weights, relative to the ideal (docs/optimizer.md)', async () => {
        const m = await model(`system legacy
server legacy { cpu 8 GHz ram 16 GB price 5 EUR/h count 2 }
server modern { cpu 16 GHz ram 32 GB price 1 EUR/h count 2 }
component api { idle cpu 1 GHz ram 1 GB startup 10 s }
component db  { idle cpu 1 GHz ram 2 GB permanent }
step handle { runs on api cpu 2 GHz*s }
step query  { runs on db cpu 1 GHz*s }
process requests { steps handle -> query every exponential(mean 10 s) deadline 5 s }
allocation current { api on legacy x 1 db on legacy x 1 }
`);
        // Independent of src/opt/result.ts: each criterion as ln(1 + excess over the ideal / max(ideal, floor)),
        // weighted Euclidean distance; the violations floor is 1% of the runs per hour (360 runs/h here).
        const floors = [1e-6, 1e-12, 0.01 * 360, 1e-9];
        const nearest = (front: { objectives: Objectives }[], w: number[]): number => {
            const lo = OBJECTIVE_KEYS.map(k => Math.min(...front.map(s => s.objectives[k])));
            const d = front.map(s => Math.sqrt(OBJECTIVE_KEYS.reduce((sum, k, i) => {
                const z = Math.log(1 + (s.objectives[k] - lo[i]) / Math.max(lo[i], floors[i]));
                return sum + w[i] * z * z;
            }, 0)));
            return d.indexOf(Math.min(...d));
        };
        const balanced = await optimize(m, settingsFor(m, { generations: 15, population: 16 }), {}, { evaluator: recordingEvaluator(m) });
        expect(balanced.front.length).toBeGreaterThan(1);
        expect(balanced.chosen).toBe(nearest(balanced.front, [1, 1, 1, 1]));
        expect(balanced.baselines.map(b => b.name)).toEqual(['first-fit', 'current']);
        // Weights on cost alone choose the cheapest member of the same front.
        const cheap = await optimize(m, settingsFor(m, { generations: 15, population: 16, prefer: { time: 0, variance: 0, violations: 0, cost: 1 } }), {}, { evaluator: recordingEvaluator(m) });
        const minCost = Math.min(...cheap.front.map(s => s.objectives.cost));
        expect(cheap.front[cheap.chosen].objectives.cost).toBe(minCost);
        expect(cheap.chosen).toBe(nearest(cheap.front, [0, 0, 0, 1]));
    });
});
