/**
 * Semantics of semantics.md that have exact answers: cost, startup and
 * keepalive, fork-join, bandwidth sharing, RAM admission, GPU placement,
 * conservation of work, and the input checks.
 */
import { describe, expect, test } from 'vitest';
import { parseModel } from '../../src/language/load.js';
import { createSimulator, SimulationInputError } from '../../src/sim/index.js';
import { ci95Of, expectInCI, settings, simulateText, singleStation } from './helpers.js';

describe('cost', () => {
    test('an always-on allocation costs price x machines per hour, exactly', async () => {
        const { result } = await simulateText(`system cost
server small { cpu 4 GHz ram 8 GB price 1.5 EUR/h count 3 }
server big { cpu 8 GHz ram 16 GB price 4 EUR/h count 2 }
component a { permanent }
component b { }
step s { runs on a cpu exponential(mean 1 GHz*s) }
step t { runs on b cpu exponential(mean 1 GHz*s) }
process p { steps s -> t every exponential(mean 10 s) }
allocation x { a on small x 2  b on big x 2 permanent }
`, { horizonSeconds: 5000, warmupSeconds: 1000, replications: 2 });
        // a: 2 of the 3 small machines; b: both big machines; all up from 0 to the end.
        expect(result.objectives.cost).toBeCloseTo(2 * 1.5 + 2 * 4, 9);
        expect(result.objectivesCI.cost[1] - result.objectivesCI.cost[0]).toBeCloseTo(0, 9);
    });

    test('on-demand instances: startup delays the part, the machine is billed while the instance is up', async () => {
        // A run every 100 s (the first at 100 s), 10 s of work, 5 s of startup, keepalive 0:
        // the instance is up [100k, 100k + 15] for k = 1..99, each run takes 15 s.
        const text = singleStation({ every: 'constant(100 s)', work: 'constant(10 GHz*s)', permanent: false, componentExtra: 'startup 5 s' });
        const { result } = await simulateText(text, { horizonSeconds: 10_000, warmupSeconds: 0, replications: 1 });
        expect(result.processes[0].runs).toBe(99);
        expect(result.processes[0].mean).toBeCloseTo(15, 9);
        expect(result.objectives.cost).toBeCloseTo(2 * (99 * 15) / 10_000, 9);
    });

    test('keepalive keeps an idle instance up: no startup after the first run', async () => {
        const text = singleStation({ every: 'constant(100 s)', work: 'constant(10 GHz*s)', permanent: false, componentExtra: 'startup 5 s' });
        const { result } = await simulateText(text, { horizonSeconds: 10_000, warmupSeconds: 0, replications: 1, keepaliveSeconds: 1000 });
        // Only the first run waits for the startup; the instance stays up from 100 s to the end.
        expect(result.processes[0].mean).toBeCloseTo((15 + 98 * 10) / 99, 9);
        expect(result.objectives.cost).toBeCloseTo(2 * (10_000 - 100) / 10_000, 9);
    });
});

describe('parts, bandwidth and RAM', () => {
    test('fork-join: a step splits into min(threads, limit, instances) equal parts', async () => {
        const text = (threads: number, limit: string) => `system split
server node { cpu 1 GHz ram 8 GB price 1 EUR/h count 4 }
component c { }
step s { runs on c cpu constant(12 GHz*s) threads ${threads} }
process p { steps s every constant(100 s) }
allocation x { c on node x 3 permanent ${limit} }
`;
        const run = async (threads: number, limit: string) =>
            (await simulateText(text(threads, limit), { horizonSeconds: 1000, warmupSeconds: 0, replications: 1 })).result.processes[0].mean;
        expect(await run(1, '')).toBeCloseTo(12, 9);
        expect(await run(2, '')).toBeCloseTo(6, 9);
        expect(await run(4, '')).toBeCloseTo(4, 9); // 3 instances only
        expect(await run(4, 'limit s to 2')).toBeCloseTo(6, 9);
    });

    test('CPU and GPU work progress at their own shares; a part ends when both are done', async () => {
        // Two runs arrive together on two instances of one machine (1 GHz, 10 TOPS).
        // x: CPU 10, GPU 30; y: CPU 2, GPU 90. Both share the CPU (0.5 GHz each) and the GPU
        // (5 TOPS each). y's CPU ends at 4 s (x has 8 CPU, 10 GPU left; y 70 GPU). Then x has the
        // CPU alone, the GPU is still shared: x's GPU ends at 6 s (x: 6 CPU left; y: 60 GPU left).
        // Then each has its resource alone: x's CPU ends at 12 s, y's GPU at 6 + 60/10 = 12 s.
        const { result } = await simulateText(`system mixed
server node { cpu 1 GHz gpu 10 TOPS ram 8 GB price 1 EUR/h }
component c { }
step sx { runs on c cpu constant(10 GHz*s) gpu constant(30 TOPS*s) }
step sy { runs on c cpu constant(2 GHz*s) gpu constant(90 TOPS*s) }
process x { steps sx every constant(100 s) }
process y { steps sy every constant(100 s) }
allocation a { c on node x 2 permanent }
`, { horizonSeconds: 1000, warmupSeconds: 0, replications: 1 });
        expect(result.processes[0].mean).toBeCloseTo(12, 9);
        expect(result.processes[1].mean).toBeCloseTo(12, 9);
        // 9 pairs of runs in [0, 1000): 12 GHz*s of CPU and 120 TOPS*s of GPU work each.
        expect(result.servers[0].cpuUtilization).toBeCloseTo(9 * 12 / (1000 * 1), 9);
        expect(result.servers[0].gpuUtilization).toBeCloseTo(9 * 120 / (1000 * 10), 9);
    });

    test('a part whose net rate exceeds the machine bandwidth progresses at the ratio', async () => {
        const text = singleStation({
            every: 'constant(100 s)', work: 'constant(2 GHz*s)', stepExtra: 'net in 200 Mbps out 10 Mbps',
            serverExtra: 'net in 100 Mbps out 100 Mbps'
        });
        const { result } = await simulateText(text, { horizonSeconds: 1000, warmupSeconds: 0, replications: 1 });
        expect(result.processes[0].mean).toBeCloseTo(4, 9);
    });

    test('RAM admission: two instances but room for one part at a time make an M/D/1 queue', async () => {
        // Without the RAM limit the two instances would share the CPU (a different mean).
        const text = singleStation({ every: 'exponential(mean 1 s)', work: 'constant(0.6 GHz*s)', instances: 2, ram: '1000 MB', stepExtra: 'ram 600 MB' });
        const { result } = await simulateText(text, { horizonSeconds: 40_000 });
        expectInCI(result.processes[0].meanCI, 0.6 + 0.36 / (2 * (1 - 0.6)));
        const unlimited = singleStation({ every: 'exponential(mean 1 s)', work: 'constant(0.6 GHz*s)', instances: 2, ram: '1000 MB', stepExtra: 'ram 400 MB' });
        const other = await simulateText(unlimited, { horizonSeconds: 40_000 });
        expect(Math.abs(other.result.processes[0].mean - (0.6 + 0.36 / 0.8))).toBeGreaterThan(0.05);
    });

    test('RAM head of line: a small part does not overtake a waiting large one', async () => {
        // At every 100 s: a (600 MB, 10 s alone) starts; b (600 MB) must wait for a's RAM; c (100 MB) would fit
        // beside a but waits behind b (FIFO). At +10 s b and c start together and share the CPU:
        // c (1 GHz*s) ends at +12 s, b (10 GHz*s) at +21 s.
        const { result } = await simulateText(`system hol
server node { cpu 1 GHz ram 1000 MB price 1 EUR/h }
component c { }
step big1 { runs on c cpu constant(10 GHz*s) ram 600 MB }
step big2 { runs on c cpu constant(10 GHz*s) ram 600 MB }
step small { runs on c cpu constant(1 GHz*s) ram 100 MB }
process a { steps big1 every constant(100 s) }
process b { steps big2 every constant(100 s) }
process c { steps small every constant(100 s) }
allocation x { c on node x 2 permanent }
`, { horizonSeconds: 1000, warmupSeconds: 0, replications: 1 });
        expect(result.processes.map(p => p.runs)).toEqual([9, 9, 9]);
        expect(result.processes[0].mean).toBeCloseTo(10, 9);
        expect(result.processes[1].mean).toBeCloseTo(21, 9);
        expect(result.processes[2].mean).toBeCloseTo(12, 9);
    });

    test('GPU parts go only to instances on machines with a GPU', async () => {
        const { result } = await simulateText(`system gpu
server cpu_node { cpu 8 GHz ram 16 GB price 1 EUR/h count 3 }
server gpu_node { cpu 8 GHz gpu 10 TOPS ram 16 GB price 5 EUR/h count 1 }
component c { }
step g { runs on c gpu exponential(mean 5 TOPS*s) }
process p { steps g every exponential(mean 1 s) }
allocation x { c on cpu_node x 3 permanent  c on gpu_node x 1 permanent }
`, { horizonSeconds: 40_000 });
        // One GPU instance: an M/M/1 queue with service 0.5 s.
        expectInCI(result.processes[0].meanCI, 0.5 / (1 - 0.5));
        const cpuNode = result.servers.find(s => s.name === 'cpu_node')!;
        const gpuNode = result.servers.find(s => s.name === 'gpu_node')!;
        expect(cpuNode.cpuUtilization).toBe(0);
        expect(gpuNode.gpuUtilization).toBeGreaterThan(0.4);
    });
});

describe('conservation', () => {
    test('CPU utilization equals the offered load, within the interval over independent seeds', async () => {
        // 3 machines, 2 components sharing them; offered CPU load = sum of lambda * work / capacity.
        const text = `system load
server node { cpu 2 GHz ram 8 GB price 1 EUR/h count 3 }
component a { }
component b { }
step s { runs on a cpu exponential(mean 1 GHz*s) }
step t { runs on b cpu gamma(mean 3 GHz*s, cv 0.5) }
process p { steps s -> t every exponential(mean 1 s) }
process q { steps s every exponential(mean 2 s) }
allocation x { a on node x 3 permanent  b on node x 3 permanent }
`;
        const model = await parseModel(text);
        const offered = (1 * (1 + 3) + 0.5 * 1) / (3 * 2);
        const values: number[] = [];
        for (let seed = 1; seed <= 10; seed++) {
            const r = createSimulator(model, settings({ seed, replications: 1, horizonSeconds: 20_000 })).simulate(model.allocations[0]);
            values.push(r.servers[0].cpuUtilization);
        }
        expectInCI(ci95Of(values), offered);
    });
});

describe('input checks', () => {
    test('an allocation without an instance for a used component, or over capacity, is rejected with the reason', async () => {
        const model = await parseModel(singleStation({ every: 'exponential(mean 1 s)', work: 'constant(0.5 GHz*s)', componentExtra: 'idle cpu 0.5 GHz' }));
        const sim = createSimulator(model, settings({ replications: 1 }));
        expect(() => sim.simulate({ name: 'empty', placements: [], limits: {} })).toThrow(/component c \(step s\) has no instance/);
        expect(() => sim.simulate({ name: 'full', placements: [{ component: 'c', server: 'node', instances: 2, permanent: false }], limits: {} }))
            .toThrow(SimulationInputError);
        expect(() => sim.evaluate({ name: 'bad', placements: [{ component: 'c', server: 'nowhere', instances: 1, permanent: false }], limits: {} }))
            .toThrow(/unknown server 'nowhere'/);
        expect(() => createSimulator(model, settings({ warmupSeconds: 30_000 }))).toThrow(/warmup/);
        // Sizes that would exhaust memory are refused before any record is built.
        expect(() => sim.simulate({ name: 'huge', placements: [{ component: 'c', server: 'node', instances: 1e12, permanent: false }], limits: {} }))
            .toThrow(/at most 1000000 can be simulated/);
    });

    test('a step whose RAM fits on no machine of its instances is rejected instead of waiting forever', async () => {
        const model = await parseModel(`system ram
server small { cpu 1 GHz ram 2 GB price 1 EUR/h }
server big { cpu 1 GHz ram 8 GB price 1 EUR/h }
component c { idle ram 1 GB }
step s { runs on c cpu constant(0.5 GHz*s) ram 1500 MB }
process p { steps s every exponential(mean 1 s) }
allocation a { c on small x 1 }
`);
        expect(() => createSimulator(model, settings({ replications: 1 })).simulate(model.allocations[0])).toThrow(/needs 1500 MB of RAM/);
    });
});
