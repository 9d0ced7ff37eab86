import { describe, expect, it } from 'vitest';
import { checkFeasible } from '../../src/opt/index.js';
import { findValidGenotype } from '../../src/opt/feasible.js';
import { createSpace } from '../../src/opt/genotype.js';
import { isValid } from '../../src/opt/repair.js';
import type { Model } from '../../src/model/types.js';
import { CROWDED, GPU, SMALL, model } from './models.js';

function edit(m: Model, change: (m: Model) => void): Model {
    const copy = structuredClone(m);
    change(copy);
    return copy;
}

describe('checkFeasible', () => {
    it('accepts models that have a valid allocation and finds one', async () => {
        for (const text of [SMALL, GPU]) {
            const m = await model(text);
            expect(checkFeasible(m)).toEqual({ feasible: true, reasons: [] });
            const space = createSpace(m);
            expect(isValid(space, findValidGenotype(space)!)).toBe(true);
        }
    });

    it('names a component too big for every server kind, with the reason per kind', async () => {
        const m = edit(await model(GPU), x => { x.components[2].idleCpuGHz = 40; });
        const report = checkFeasible(m);
        expect(report.feasible).toBe(false);
        expect(report.reasons).toEqual([{
            component: 'scorer',
            reason: 'fits on no server kind: cpu_node: idle CPU 40 GHz is not below 16 GHz; gpu_node: idle CPU 40 GHz is not below 32 GHz'
        }]);
    });

    it('names a component whose step needs more RAM than any machine has beside its idle RAM', async () => {
        const m = edit(await model(SMALL), x => { x.steps[1].ramMB = 70_000; });
        const report = checkFeasible(m);
        expect(report.reasons.map(r => r.component)).toEqual(['worker']);
        expect(report.reasons[0].reason).toMatch(/big: idle RAM 4 GB \+ RAM 70 GB of step crunch exceeds 64 GB/);
    });

    it('names a component with GPU work when no server with a GPU can hold it', async () => {
        const m = edit(await model(GPU), x => { x.components[1].idleRamMB = 200_000; });
        const report = checkFeasible(m);
        expect(report.reasons.map(r => r.component)).toEqual(['trainer']);
        expect(report.reasons[0].reason).toMatch(/GPU/);
        const noGpu = edit(await model(GPU), x => { x.servers[1].gpuTOPS = 0; });
        expect(checkFeasible(noGpu).reasons).toEqual([{ component: 'trainer', reason: "fits on no server kind: cpu_node has no GPU; gpu_node has no GPU" }]);
    });

    it('reports every component when each fits alone but not all together', async () => {
        const report = checkFeasible(await model(CROWDED));
        expect(report.feasible).toBe(false);
        expect(report.reasons.map(r => r.component)).toEqual(['a', 'b']);
        expect(report.reasons[0].reason).toMatch(/together/);
    });
});
