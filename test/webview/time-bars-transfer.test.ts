/**
 * The results view's stacked bar shows the transfer time as its own part
 * (issue 17's "must show"), from a real simulation of a transfer-only hop;
 * a result without transfers has a zero transfer segment (not drawn).
 */
import { describe, expect, test } from 'vitest';
import { parseModel } from '../../src/language/load.js';
import { toMatrix } from '../../src/model/allocation.js';
import { createSimulator } from '../../src/sim/index.js';
import { timeBarRows } from '../../src/webview/time-bars-data.js';
import { settings } from '../sim/helpers.js';

const text = (data: string) => `system t
server a { cpu 1 GHz ram 8 GB net out 100 Mbps price 1 EUR/h }
server b { cpu 1 GHz ram 8 GB net in 100 Mbps price 1 EUR/h }
component src { permanent }
component dst { permanent }
step produce { runs on src cpu 1 GHz*s ${data} }
step consume { runs on dst cpu 1 GHz*s }
process p { steps produce -> consume every constant(100 s) }
allocation x { src on a x 1 dst on b x 1 }
`;

async function rows(data: string) {
    const model = await parseModel(text(data));
    const result = createSimulator(model, settings({ horizonSeconds: 1000, warmupSeconds: 0, replications: 1 })).simulate(model.allocations[0]);
    return timeBarRows({ allocation: toMatrix(model.allocations[0]), objectives: result.objectives, details: { processes: result.processes, servers: result.servers } });
}

describe('time bars with transfers', () => {
    test('a hop of 100 MB at 100 Mbps: 8 s of transfer beside 2 s of service', async () => {
        const [row] = await rows('data out 100 MB');
        const transfer = row.segments.find(s => s.part === 'transfer')!;
        expect(transfer.seconds).toBeCloseTo(8, 9);
        expect(transfer.share).toBeCloseTo(0.8, 9);
        expect(row.segments.find(s => s.part === 'service')!.seconds).toBeCloseTo(2, 9);
    });

    test('without data the transfer segment is empty', async () => {
        const [row] = await rows('');
        expect(row.segments.find(s => s.part === 'transfer')).toMatchObject({ seconds: 0, share: 0 });
    });
});
