/**
 * Near saturation (issue 12.6): a stable queue at 99% load whose warm-up is
 * far shorter than its relaxation time gets a warning naming the component,
 * the load and the time it needs; a queue at 50% load, or one warmed up long
 * enough, gets none.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { relaxationSeconds } from '../../src/sim/saturation.js';
import { simulateText } from './helpers.js';

const MM1 = readFileSync('examples/mm1.mlops', 'utf8');
/** The M/M/1 example with mean work `work` GHz*s on its 2 GHz machine, one run a second: rho = work / 2. */
const atLoad = (work: number) => MM1.replace('cpu exponential(mean 1 GHz*s)', `cpu exponential(mean ${work} GHz*s)`);
const nearSaturation = (warnings: string[]) => warnings.filter(w => /near saturation/.test(w));

describe('near-saturation warning', () => {
    test('relaxation time of a single queue: rho / (lambda (1 - sqrt rho)^2)', () => {
        expect(relaxationSeconds(0.99, 1) / 3600).toBeCloseTo(10.94, 2);
        expect(relaxationSeconds(0.5, 1)).toBeCloseTo(5.83, 2);
    });

    test('rho 0.99 with a 10 min warm-up: the component, its load and the relaxation time are named', async () => {
        const { result } = await simulateText(atLoad(1.98), { horizonSeconds: 7200, warmupSeconds: 600, replications: 2 });
        const warnings = nearSaturation(result.warnings);
        expect(warnings).toHaveLength(1);
        expect(warnings[0]).toMatch(/^component service: CPU load is 99\.0% of the machine that can serve it \(near saturation\)/);
        expect(warnings[0]).toMatch(/about 10\.94 h to settle .* but the warmup is 10 min/);
        // No other warning says so: the queue is stable, so the overload check stays silent.
        expect(result.warnings.filter(w => /overloaded/.test(w))).toEqual([]);
    });

    test('rho 0.5, or rho 0.95 warmed up for longer than its relaxation time: no warning', async () => {
        expect(nearSaturation((await simulateText(atLoad(1), { horizonSeconds: 7200, warmupSeconds: 600, replications: 2 })).result.warnings)).toEqual([]);
        // rho 0.95: about 25 min to settle.
        expect(nearSaturation((await simulateText(atLoad(1.9), { horizonSeconds: 7200, warmupSeconds: 3600, replications: 2 })).result.warnings)).toEqual([]);
        expect(nearSaturation((await simulateText(atLoad(1.9), { horizonSeconds: 7200, warmupSeconds: 600, replications: 2 })).result.warnings)).toHaveLength(1);
    });
});
