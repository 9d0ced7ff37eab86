import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/language/load.js';
import { generateCloudBalance, JavaRandom, toMlops } from '../../bench/cloud-balancing/generate.js';

describe('cloud-balancing generator', () => {
    it('draws like java.util.Random (known first values of seed 42)', () => {
        // new Random(42).nextInt(10) is 0, then 3; nextDouble() of a fresh Random(42) is 0.7275636800328681.
        const a = new JavaRandom(42);
        expect([a.nextInt(10), a.nextInt(10)]).toEqual([0, 3]);
        expect(new JavaRandom(42).nextDouble()).toBeCloseTo(0.7275636800328681, 15);
    });

    it('follows the reference rules: the 4 x 12 instance starts with the reference computers', () => {
        const instance = generateCloudBalance(4, 12);
        // The reference data set 4computers-12processes: 24 GHz / 96 GB / cost 4800, then 6 / 4 / 660, then 6 / 16.
        expect(instance.computers[0]).toEqual({ cpuGHz: 24, ramGB: 96, cost: 4800 });
        expect(instance.computers[1]).toEqual({ cpuGHz: 6, ramGB: 4, cost: 660 });
        expect(instance.computers[2].cpuGHz).toBe(6);
        expect(instance.computers[2].ramGB).toBe(16);
        expect(instance.processes).toHaveLength(12);
        for (const p of instance.processes) {
            expect(p.cpuGHz).toBeGreaterThanOrEqual(1);
            expect(p.cpuGHz).toBeLessThanOrEqual(12);
            expect(p.ramGB).toBeGreaterThanOrEqual(1);
            expect(p.ramGB).toBeLessThanOrEqual(32);
        }
    });

    it('is deterministic, and covers the total demand', () => {
        expect(generateCloudBalance(100, 300)).toEqual(generateCloudBalance(100, 300));
        const big = generateCloudBalance(10, 200);
        const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
        expect(sum(big.computers.map(c => c.cpuGHz))).toBeGreaterThanOrEqual(sum(big.processes.map(p => p.cpuGHz)));
        expect(sum(big.computers.map(c => c.ramGB))).toBeGreaterThanOrEqual(sum(big.processes.map(p => p.ramGB)));
    });

    it('writes capacities half a unit up under the reference rule, as they are under the strict rule', () => {
        const instance = generateCloudBalance(4, 12);
        expect(toMlops(instance)).toMatch(/^server computer_0 \{ cpu 24\.5 GHz ram 96\.5 GB price 4800 EUR\/h \}$/m);
        expect(toMlops(instance, 'strict')).toMatch(/^server computer_0 \{ cpu 24 GHz ram 96 GB price 4800 EUR\/h \}$/m);
    });

    it('writes a .mlops file that validates with no error', async () => {
        const text = toMlops(generateCloudBalance(10, 30));
        const { diagnostics, model } = await loadModel(text);
        expect(diagnostics.filter(d => d.severity === 1).map(d => d.message)).toEqual([]);
        expect(model?.servers).toHaveLength(10);
        expect(model?.components).toHaveLength(30);
        expect(model?.components.every(c => c.permanent)).toBe(true);
    });
});
