/**
 * Priorities in the analytic estimate (src/sim/analytic/priority.ts): on
 * M/M/1 with two classes (the classes of test/sim/priority.test.ts: high
 * 0.25/s, low 0.5/s, mean work 1 s) the estimate gives Cobham's and the
 * preemptive-resume mean times, and FIFO without priorities.
 */
import { describe, expect, test } from 'vitest';
import { parseModel } from '../../../src/language/load.js';
import { estimate } from '../../../src/sim/index.js';
import { settings } from '../helpers.js';

const station = (high: string) => `system s
server node { cpu 1 GHz ram 8 GB price 1 EUR/h }
component c { permanent }
step work { runs on c cpu exponential(mean 1 GHz*s) }
process high { steps work every exponential(mean 4 s) ${high} }
process low { steps work every exponential(mean 2 s) }
allocation a { c on node x 1 }
`;

async function means(high: string): Promise<number[]> {
    const model = await parseModel(station(high));
    return estimate(model, model.allocations[0], settings()).processes.map(p => p.mean);
}

function within(actual: number, exact: number): void {
    expect(Math.abs(actual - exact), `estimate ${actual} vs exact ${exact}`).toBeLessThanOrEqual(0.02 * exact);
}

describe('analytic estimate with priorities', () => {
    test('FIFO, non-preemptive (Cobham) and preemptive resume on M/M/1', async () => {
        const [fifoHigh, fifoLow] = await means('');
        within(fifoHigh, 4);
        within(fifoLow, 4);
        const [npHigh, npLow] = await means('priority 1');
        within(npHigh, 2);
        within(npLow, 5);
        const [pHigh, pLow] = await means('priority 1 preemptive');
        within(pHigh, 4 / 3);
        within(pLow, 16 / 3);
    });
});
