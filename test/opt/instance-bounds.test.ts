/**
 * Issue 12 item 11: the search stays inside what the language accepts. With
 * `count 3000` the old bound (4 per machine x count = 12 000) exceeded the
 * 10 000 instances one allocation line may hold (MAX_SPREAD_COUNT), and a
 * run ended with "cannot spread allocation optimized". Shown to fail before
 * the fix: cellMax was 12 000 and the optimizer's allocations could not be spread.
 */
import { describe, expect, it } from 'vitest';
import { optimize } from '../../src/opt/index.js';
import { resolveSettings } from '../../src/model/settings.js';
import { canSpread, MAX_SPREAD_COUNT } from '../../src/model/spread.js';
import { createSpace, emptyGenotype, toAllocation } from '../../src/opt/genotype.js';
import { isValid } from '../../src/opt/repair.js';
import { recordingEvaluator } from './fake.js';
import { model } from './models.js';

const BIG = `system big
server node { cpu 16 GHz ram 64 GB price 1 EUR/h count 3000 }
component api { idle cpu 0.1 GHz ram 100 MB }
step handle { runs on api cpu exponential(mean 1 GHz*s) }
process requests { steps handle every exponential(mean 1 s) deadline 5 s }
optimize { horizon 10 min warmup 1 min replications 1 population 8 generations 3 seed 1 }
`;

describe('instance bounds', () => {
    it('no cell holds more instances than one allocation line may (count 3000)', async () => {
        const m = await model(BIG);
        const space = createSpace(m);
        expect(space.cellMax[0]).toBe(MAX_SPREAD_COUNT);
        const g = emptyGenotype(space);
        g.inst[0] = space.cellMax[0];
        expect(isValid(space, g)).toBe(true);
        expect(canSpread(m, toAllocation(space, g))).toBe(true);
    });

    it('every allocation the optimizer evaluates can be spread', async () => {
        const m = await model(BIG);
        const evaluator = recordingEvaluator(m);
        const result = await optimize(m, resolveSettings(m, {}), {}, { evaluator });
        expect(result.stoppedBy).toBe('generations');
        expect(evaluator.evaluated.length).toBeGreaterThan(0);
        for (const allocation of evaluator.evaluated) {
            expect(canSpread(m, allocation)).toBe(true);
        }
    });
});
