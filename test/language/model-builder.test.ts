import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parseModel } from '../../src/language/load.js';
import { spreadAllocation, findOverloads } from '../../src/model/spread.js';
import { toMatrix, fromMatrix } from '../../src/model/allocation.js';

describe('model builder', () => {
    test('builds the retail example with every quantity in base units', async () => {
        const model = await parseModel(readFileSync('examples/retail.mlops', 'utf8'));
        const cpu = model.servers.find(s => s.name === 'cpu_node')!;
        expect(cpu).toMatchObject({ cpuGHz: 32, ramMB: 64000, netInMbps: 10000, count: 8 });
        expect(cpu.pricePerSecond).toBeCloseTo(1.2 / 3600, 12);
        expect(model.currency).toBe('PLN');
        const train = model.steps.find(s => s.name === 'train')!;
        expect(train.cpuWorkGHzSeconds).toEqual({ kind: 'constant', value: 4 * 3600 });
        expect(train.gpuWorkTOPSSeconds).toEqual({ kind: 'exponential', mean: 100 * 3600 });
        expect(model.processes.find(p => p.name === 'scoring')!.deadlineSeconds).toBeCloseTo(0.8, 12);
        expect(JSON.parse(JSON.stringify(model))).toEqual(model);
    });

    test('spreads instances over the machines of a kind and round-trips the matrix', async () => {
        const model = await parseModel(readFileSync('examples/retail.mlops', 'utf8'));
        const current = model.allocations[0];
        const machines = spreadAllocation(model, current).filter(m => m.server === 'cpu_node');
        // feature_store x1, scorer x4, monitor x1: six instances over 8 machines, one each.
        expect(machines.map(m => m.instances.length)).toEqual([1, 1, 1, 1, 1, 1, 0, 0]);
        expect(findOverloads(model, spreadAllocation(model, current))).toEqual([]);
        expect(toMatrix(fromMatrix(model, toMatrix(current)))).toEqual(toMatrix(current));
    });
});
