import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parseModel } from '../../src/language/load.js';
import { applyTextEdit } from '../../src/model/allocation-edit.js';
import { toMatrix } from '../../src/model/allocation.js';
import { allocationOfSolution, solutionEdit } from '../../src/extension/solution-edit.js';
import { csvField, frontToCsv } from '../../src/extension/export-format.js';
import type { OptimizationResult } from '../../src/opt/api.js';
import { fixtureResult } from '../report/fixture.js';

const retail = readFileSync('examples/retail.mlops', 'utf8');

async function retailResult(): Promise<OptimizationResult> {
    const model = await parseModel(retail);
    const current = toMatrix(model.allocations[0]);
    // a solution different from the file's allocation: one more instance of the first component somewhere else
    const changed = structuredClone(current);
    const [component] = Object.keys(changed.instances);
    const server = model.servers[model.servers.length - 1].name;
    changed.instances[component][server] = (changed.instances[component][server] ?? 0) + 1;
    changed.permanent[component] = [...new Set([...(changed.permanent[component] ?? []), server])];
    return {
        ...fixtureResult(2),
        system: model.system,
        components: model.components.map(c => c.name),
        servers: model.servers.map(s => s.name),
        steps: model.steps.map(s => s.name),
        front: [{ allocation: current, objectives: { time: 1, variance: 1, violations: 1, cost: 1 } },
            { allocation: changed, objectives: { time: 2, variance: 2, violations: 2, cost: 0.5 } }],
        chosen: 0
    };
}

describe('Apply: writing a solution into the document', () => {
    test('adds `allocation optimized` that parses back to the same matrix, leaving the rest of the file untouched', async () => {
        const result = await retailResult();
        const edit = solutionEdit(retail, result, 1);
        const after = applyTextEdit(retail, edit);
        // untouched outside the edit
        expect(after.slice(0, edit.offset)).toBe(retail.slice(0, edit.offset));
        expect(after.slice(edit.offset + edit.newText.length)).toBe(retail.slice(edit.offset + edit.length));
        expect(edit.length).toBe(0);
        const model = await parseModel(after);
        const optimized = model.allocations.find(a => a.name === 'optimized');
        expect(optimized).toBeDefined();
        expect(toMatrix(optimized!)).toEqual(result.front[1].allocation);
        expect(model.allocations).toHaveLength((await parseModel(retail)).allocations.length + 1);
    });

    test('applying again replaces the block instead of adding a second one (undo-friendly single edit)', async () => {
        const result = await retailResult();
        const once = applyTextEdit(retail, solutionEdit(retail, result, 1));
        const twice = applyTextEdit(once, solutionEdit(once, result, 0));
        const model = await parseModel(twice);
        expect(model.allocations.filter(a => a.name === 'optimized')).toHaveLength(1);
        expect(toMatrix(model.allocations.find(a => a.name === 'optimized')!)).toEqual(result.front[0].allocation);
        expect(twice.replace(/allocation optimized \{[^}]*\}/, '')).toBe(once.replace(/allocation optimized \{[^}]*\}/, ''));
    });

    test('lines follow the file order of components and server kinds; an index off the front is refused', async () => {
        const result = await retailResult();
        const def = allocationOfSolution(result, result.front[1].allocation);
        const componentOrder = def.placements.map(p => result.components.indexOf(p.component));
        expect(componentOrder).toEqual([...componentOrder].sort((a, b) => a - b));
        expect(() => solutionEdit(retail, result, 5)).toThrow(/no solution 6/);
    });
});

describe('Export', () => {
    test('CSV has one row per solution and per baseline, with the matrix cells', () => {
        const result = fixtureResult(4);
        const lines = frontToCsv(result).trimEnd().split('\r\n');
        expect(lines).toHaveLength(1 + 4 + result.baselines.length);
        const header = lines[0].split(',');
        expect(header.slice(0, 6)).toEqual(['solution', 'chosen', 'time_s', 'variance_s2', 'violations_per_h', 'cost_PLN_per_h']);
        const row = lines[1 + result.chosen].split(',');
        expect(row[1]).toBe('yes');
        expect(Number(row[header.indexOf('scorer@cpu_node')])).toBe(result.front[result.chosen].allocation.instances.scorer.cpu_node);
        expect(Number(row[header.indexOf('cost_PLN_per_h')])).toBe(result.front[result.chosen].objectives.cost);
    });

    test('CSV fields are quoted and formula-like text is neutralized', () => {
        expect(csvField('a,b')).toBe('"a,b"');
        expect(csvField('say "hi"')).toBe('"say ""hi"""');
        expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
        expect(csvField(-1.5)).toBe('-1.5');
        expect(csvField(NaN)).toBe('');
    });
});
