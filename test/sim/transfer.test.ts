/**
 * Communication (docs/semantics.md, "Communication"): transfers of a hop's
 * data between machines, shared bandwidth and latency, and the cost of
 * splitting a step. Deterministic models: every expected value is exact
 * (data / bandwidth + latency; the split-cost formulas), up to the rounding
 * of adding times to the clock.
 */
import { describe, expect, test } from 'vitest';
import { parseModel } from '../../src/language/load.js';
import { estimate } from '../../src/sim/index.js';
import { settings, simulateText } from './helpers.js';

/** A producer on kind `a` sends `data` to a consumer on kind `b`; the steps have no work: the run's time is the transfer. */
function chain(o: { data: string; latency?: string; placeA?: string; placeB?: string; consumer?: string; netA?: string; netB?: string; every?: string; processes?: number }): string {
    const processes = Array.from({ length: o.processes ?? 1 }, (_, i) =>
        `process p${i} { steps produce -> consume every ${o.every ?? 'constant(100 s)'} }`).join('\n');
    return `system transfer
server a { cpu 1 GHz ram 8 GB ${o.netA ?? 'net out 100 Mbps'} price 1 EUR/h count 2 }
server b { cpu 1 GHz ram 8 GB ${o.netB ?? 'net in 400 Mbps'} price 1 EUR/h count 2 }
component src { permanent }
component dst { permanent }
step produce { runs on src ${o.data} }
step consume { runs on dst ${o.consumer ?? ''} }
${processes}
allocation x { src on ${o.placeA ?? 'a'} x 1 dst on ${o.placeB ?? 'b'} x ${o.consumer?.includes('threads') ? 2 : 1} }
optimize { ${o.latency ? `latency ${o.latency}` : ''} }
`;
}

const run = (text: string) => simulateText(text, { horizonSeconds: 2000, warmupSeconds: 0, replications: 1 });

describe('transfer-only chain (oracle)', () => {
    test('one hop takes data / bandwidth + latency: 200 MB over min(100 Mbps out, 400 Mbps in) + 5 ms = 16.005 s', async () => {
        const { result } = await run(chain({ data: 'data out 200 MB', latency: '5 ms' }));
        const p = result.processes[0];
        expect(p.runs).toBe(19);
        expect(p.mean).toBeCloseTo(200 * 8 / 100 + 0.005, 12);
        expect(Math.abs(p.p99 / 16.005 - 1)).toBeLessThan(0.004); // the histogram's bucket (docs/semantics.md)
        expect(p.variance).toBeLessThan(1e-20);
        // The time decomposition shows it as its own part, and the parts still add up to the run's time.
        expect(p.timeParts!.transfer).toBeCloseTo(16.005, 12);
        expect(p.steps!.map(s => s.transfer)).toEqual([0, expect.closeTo(16.005, 12)]);
        expect(p.timeParts!.service + p.timeParts!.queueWait + p.timeParts!.coldStart).toBe(0);
    });

    test('the receiving side limits too; the next step\'s `data in` counts when larger than the previous `out`', async () => {
        const { result } = await run(chain({ data: 'data out 10 MB', consumer: 'data in 50 MB', netA: 'net out 1 Gbps', netB: 'net in 200 Mbps' }));
        expect(result.processes[0].mean).toBeCloseTo(50 * 8 / 200, 12);
    });

    test('without latency and with unlimited bandwidth a hop costs nothing; on the same machine nothing is sent', async () => {
        expect((await run(chain({ data: 'data out 200 MB', netA: '', netB: '' }))).result.processes[0].mean).toBe(0);
        expect((await run(chain({ data: 'data out 200 MB', netA: '', netB: '', latency: '20 ms' }))).result.processes[0].mean).toBeCloseTo(0.02, 12);
        const same = chain({ data: 'data out 200 MB', latency: '5 ms' }).replace('dst on b', 'dst on a').replace('count 2', 'count 1');
        expect((await run(same)).result.processes[0].mean).toBe(0);
    });

    test('transfers in progress share a machine\'s bandwidth: two at once from one machine take twice as long', async () => {
        // Two processes arrive together; their consumers sit on the two machines of kind b, both fed by the one src machine.
        const text = chain({ data: 'data out 200 MB', processes: 2 }).replace('dst on b x 1', 'dst on b x 2');
        const { result } = await run(text);
        for (const p of result.processes) { expect(p.mean).toBeCloseTo(200 * 8 / 50, 9); }
    });

    test('each part of a split step receives its share of the data', async () => {
        // Two parts on the two b machines, 100 MB each, sharing a's 100 Mbps: 800 Mb at 50 Mbps = 16 s.
        const { result } = await run(chain({ data: 'data out 200 MB', consumer: 'threads 2' }));
        expect(result.processes[0].mean).toBeCloseTo(16, 9);
    });
});

describe('split cost', () => {
    /** 8 GHz*s of CPU work, up to 4 parts on four 1 GHz machines, limited to `limit`. */
    const text = (split: string, limit: number) => `system split
server n { cpu 1 GHz ram 8 GB price 1 EUR/h count 4 }
component c { permanent }
step s { runs on c cpu 8 GHz*s threads 4 ${split} }
process p { steps s every constant(100 s) }
allocation x { c on n x 4 limit s to ${limit} }
`;
    const mean = async (split: string, limit: number) => (await run(text(split, limit))).result.processes[0].mean;

    test('overhead X: a part of k carries W / k + (k - 1) X, so more parts can be slower', async () => {
        const times: number[] = [];
        for (const k of [1, 2, 3, 4]) { times.push(await mean('split overhead 1 GHz*s', k)); }
        [8, 8 / 2 + 1, 8 / 3 + 2, 8 / 4 + 3].forEach((t, i) => expect(times[i]).toBeCloseTo(t, 12));
        expect(Math.min(...times)).toBe(times[2]);
    });

    test('serial S: a part of k carries S W + (1 - S) W / k (Amdahl)', async () => {
        for (const k of [1, 2, 4]) { expect(await mean('split serial 0.5', k)).toBeCloseTo(0.5 * 8 + 0.5 * 8 / k, 12); }
    });

    test('without a split cost the parts are exact shares (the contract)', async () => {
        expect(await mean('', 4)).toBe(2);
    });

    test('the service part includes the split cost', async () => {
        const { result } = await run(text('split overhead 1 GHz*s', 4));
        expect(result.processes[0].timeParts!.service).toBeCloseTo(5, 12);
        expect(result.processes[0].timeParts!.sharing).toBe(0);
    });
});

describe('analytic estimate', () => {
    const analytic = async (text: string) => {
        const model = await parseModel(text);
        return estimate(model, model.allocations[0], settings({ horizonSeconds: 2000, warmupSeconds: 0, replications: 1 })).processes[0].mean;
    };

    test('a transfer-only chain: data / bandwidth + latency, as simulated', async () => {
        expect(await analytic(chain({ data: 'data out 200 MB', latency: '5 ms' }))).toBeCloseTo(16.005, 12);
        // Same machine: nothing is sent.
        const same = chain({ data: 'data out 200 MB', latency: '5 ms' }).replace('dst on b', 'dst on a').replace('count 2', 'count 1');
        expect(await analytic(same)).toBe(0);
    });

    test('the split cost is in the part work', async () => {
        const text = (limit: number) => `system split
server n { cpu 1 GHz ram 8 GB price 1 EUR/h count 4 }
component c { permanent }
step s { runs on c cpu 8 GHz*s threads 4 split overhead 1 GHz*s }
process p { steps s every constant(100 s) }
allocation x { c on n x 4 limit s to ${limit} }
`;
        expect(await analytic(text(4))).toBeCloseTo(5, 2);
        expect(await analytic(text(3))).toBeCloseTo(8 / 3 + 2, 2);
    });
});

describe('under load', () => {
    /** Random work and arrivals, split steps, several senders and receivers sharing bandwidth, startups, a latency. */
    const busy = `system busy
server a { cpu 4 GHz ram 16 GB net in 400 Mbps out 200 Mbps price 1 EUR/h count 3 }
server b { cpu 8 GHz ram 16 GB net in 300 Mbps price 2 EUR/h count 2 }
component src { startup 1 s }
component dst { permanent }
step produce { runs on src cpu exponential(mean 2 GHz*s) threads 2 data out 20 MB split serial 0.1 }
step consume { runs on dst cpu gamma(mean 4 GHz*s, cv 0.5) threads 2 data in 40 MB split overhead 0.2 GHz*s }
step report { runs on src cpu 0.5 GHz*s data in 5 MB }
process p { steps produce -> consume -> report every exponential(mean 2 s) }
process q { steps consume -> produce every exponential(mean 5 s) }
allocation x { src on a x 3 dst on b x 2 }
optimize { latency 3 ms keepalive 2 s }
`;

    test('the parts of every step add up to the run time; transfers are measured and every run finishes', async () => {
        const { result } = await simulateText(busy, { horizonSeconds: 3000, warmupSeconds: 300, replications: 2 });
        for (const p of result.processes) {
            expect(p.unfinishedRuns).toBe(0);
            const t = p.timeParts!;
            const sum = t.queueWait + t.ramWait + t.coldStart + t.transfer! + t.service + t.sharing;
            expect(Math.abs(sum - p.mean)).toBeLessThanOrEqual(1e-9 * p.mean);
        }
        // p's hops move data (out 20 MB / in 40 MB, in 5 MB); q's hop consume -> produce moves none (consume writes nothing, produce reads nothing).
        expect(result.processes[0].steps!.map(s => s.transfer! > 0)).toEqual([false, true, true]);
        expect(result.processes[1].timeParts!.transfer).toBe(0);
        // p's first step has no hop; q's first neither.
        expect(result.processes.map(p => p.steps![0].transfer)).toEqual([0, 0]);
    });

    test('the single-instance fast paths give the same bits with transfers', async () => {
        const { engineSwitches } = await import('../../src/sim/engine.js');
        const fast = (await simulateText(busy, { horizonSeconds: 2000, warmupSeconds: 100, replications: 1 })).result;
        engineSwitches.singleInstanceFastPaths = false;
        try {
            const slow = (await simulateText(busy, { horizonSeconds: 2000, warmupSeconds: 100, replications: 1 })).result;
            expect({ ...slow, wallSeconds: 0 }).toEqual({ ...fast, wallSeconds: 0 });
        } finally {
            engineSwitches.singleInstanceFastPaths = true;
        }
    });
});
