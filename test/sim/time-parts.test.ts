/**
 * The time decomposition of simulate() (docs/semantics.md, "Where the time
 * goes"): queueing oracles for the queue-wait part, the cold-start part
 * against the share of cold-started runs, exact values on deterministic
 * models (RAM wait, sharing slowdown and its split into CPU, GPU and
 * network), and the parts adding up to the run
 * time on every example.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { loadModel, parseModel } from '../../src/language/load.js';
import { resolveSettings } from '../../src/model/settings.js';
import { createSimulator, type SimulationResult } from '../../src/sim/index.js';
import { partSeconds, TIME_PART_KEYS, type TimeParts } from '../../src/sim/api.js';
import { bottleneckOf } from '../../src/sim/bottleneck.js';
import { ci95Of, expectInCI, settings, singleStation } from './helpers.js';

const total = (t: TimeParts) => TIME_PART_KEYS.reduce((s, k) => s + partSeconds(t, k), 0);

/** `queueWait` of 10 independent single-replication simulations (seeds 1..10) and their 95% interval. */
async function partCI(text: string, part: keyof TimeParts, horizonSeconds: number): Promise<{ ci: [number, number]; results: SimulationResult[] }> {
    const model = await parseModel(text);
    const results = Array.from({ length: 10 }, (_, i) =>
        createSimulator(model, settings({ replications: 1, seed: i + 1, horizonSeconds, warmupSeconds: 500 })).simulate(model.allocations[0]));
    return { ci: ci95Of(results.map(r => partSeconds(r.processes[0].timeParts!, part))), results };
}

describe('queue wait against queueing theory', () => {
    test('M/M/1: the queue-wait part is the Erlang waiting time rho / (mu - lambda); service is 1 / mu', async () => {
        const lambda = 1, mu = 2;
        const { ci, results } = await partCI(singleStation({ every: 'exponential(mean 1 s)', work: 'exponential(mean 0.5 GHz*s)' }), 'queueWait', 40_000);
        expectInCI(ci, (lambda / mu) / (mu - lambda));
        const service = ci95Of(results.map(r => r.processes[0].timeParts!.service));
        expectInCI(service, 1 / mu);
        for (const r of results) {
            const t = r.processes[0].timeParts!;
            expect(t.ramWait).toBe(0);
            expect(t.coldStart).toBe(0);
            expect(t.sharing).toBe(0);
            expect([t.cpuSharing, t.gpuSharing, t.networkSharing]).toEqual([0, 0, 0]);
        }
    });

    test('M/D/1: the queue-wait part is the Pollaczek-Khinchine waiting time', async () => {
        const lambda = 1, s = 0.7;
        const { ci } = await partCI(singleStation({ every: 'exponential(mean 1 s)', work: `constant(${s} GHz*s)` }), 'queueWait', 40_000);
        expectInCI(ci, lambda * s * s / (2 * (1 - lambda * s)));
    });
});

describe('cold start', () => {
    const text = (keepalive: string) => `system cold
server node { cpu 1 GHz ram 8 GB price 3.6 EUR/h count 1 }
component c { startup 2 s }
step s { runs on c cpu exponential(mean 0.2 GHz*s) }
process p { steps s every exponential(mean 4 s) }
allocation a { c on node x 1 }
optimize { keepalive ${keepalive} }
`;

    test('the cold-start part is the startup time times the share of cold-started runs', async () => {
        for (const keepalive of ['0 s', '3 s', '10 s']) {
            const model = await parseModel(text(keepalive));
            const result = createSimulator(model, { ...resolveSettings(model), replications: 4, horizonSeconds: 40_000, warmupSeconds: 500 })
                .simulate(model.allocations[0]);
            const step = result.processes[0].steps![0];
            expect(step.coldStartShare, keepalive).toBeGreaterThan(0);
            expect(step.coldStart, keepalive).toBeCloseTo(2 * step.coldStartShare, 12);
        }
    });

    test('the share of cold-started runs is the share of time the instance is down (Poisson arrivals see time averages)', async () => {
        const model = await parseModel(text('3 s'));
        const runs = Array.from({ length: 10 }, (_, i) =>
            createSimulator(model, { ...resolveSettings(model), replications: 1, seed: i + 1, horizonSeconds: 40_000, warmupSeconds: 500 })
                .simulate(model.allocations[0]));
        // The machine is billed only while its one instance is up: cost per hour / price per hour is the up share.
        const downShare = ci95Of(runs.map(r => 1 - r.objectives.cost / 3.6));
        const coldShare = runs.map(r => r.processes[0].steps![0].coldStartShare);
        const mean = coldShare.reduce((a, b) => a + b, 0) / coldShare.length;
        const half = (downShare[1] - downShare[0]) / 2;
        expect(Math.abs(mean - (downShare[0] + downShare[1]) / 2)).toBeLessThan(3 * half + 0.01);
        expect(mean).toBeGreaterThan(0.2);
    });

    test('a permanent instance never cold-starts', async () => {
        const model = await parseModel(text('0 s').replace('allocation a { c on node x 1 }', 'allocation a { c on node x 1 permanent }'));
        const result = createSimulator(model, { ...resolveSettings(model), replications: 2, horizonSeconds: 4_000, warmupSeconds: 100 }).simulate(model.allocations[0]);
        expect(result.processes[0].timeParts!.coldStart).toBe(0);
        expect(result.processes[0].steps![0].coldStartShare).toBe(0);
    });
});

describe('deterministic models: exact parts', () => {
    test('RAM wait: a free instance whose machine lacks the RAM for the part', async () => {
        // Both runs arrive together every 10 s; only one part of 800 MB fits in the 1 GB machine at a time.
        const model = await parseModel(`system ram
server node { cpu 2 GHz ram 1 GB price 1 EUR/h count 1 }
component ca { permanent }
component cb { permanent }
step a { runs on ca cpu constant(1 GHz*s) ram 800 MB }
step b { runs on cb cpu constant(1 GHz*s) ram 800 MB }
process first { steps a every constant(10 s) }
process second { steps b every constant(10 s) }
allocation one { ca on node x 1
  cb on node x 1 }
`);
        const result = createSimulator(model, settings({ replications: 1, horizonSeconds: 1000, warmupSeconds: 0 })).simulate(model.allocations[0]);
        const [first, second] = result.processes;
        expect(first.timeParts).toEqual({ queueWait: 0, ramWait: 0, coldStart: 0, service: 0.5, cpuSharing: 0, gpuSharing: 0, networkSharing: 0, sharing: 0 });
        expect(second.timeParts).toEqual({ queueWait: 0, ramWait: 0.5, coldStart: 0, service: 0.5, cpuSharing: 0, gpuSharing: 0, networkSharing: 0, sharing: 0 });
        expect(second.mean).toBe(1);
    });

    test('sharing: two parts on one CPU take twice their service; simultaneous completions on one machine all move on', async () => {
        // Process a's first step and process b's step run together on the 1 GHz machine (0.5 GHz each) and end
        // at the same instant; a's second step then runs on the instance b's part just left.
        const model = await parseModel(`system race
server node { cpu 1 GHz ram 16 GB price 1 EUR/h count 1 }
component c1 { permanent }
component c2 { permanent }
step s1 { runs on c1 cpu constant(1 GHz*s) }
step s2 { runs on c2 cpu constant(1 GHz*s) }
step s3 { runs on c2 cpu constant(1 GHz*s) }
process a { steps s1 -> s2 every constant(10 s) }
process b { steps s3 every constant(10 s) }
allocation one { c1 on node x 1
  c2 on node x 1 }
`);
        const result = createSimulator(model, settings({ replications: 1, horizonSeconds: 100, warmupSeconds: 0 })).simulate(model.allocations[0]);
        const [a, b] = result.processes;
        // Before the fix, b's part was lost when a's run took its instance in the same event: b had 0 runs.
        expect(b.runs).toBe(9);
        expect(a.runs).toBe(9);
        expect(b.mean).toBe(2);
        expect(a.mean).toBe(3);
        expect(b.timeParts).toEqual({ queueWait: 0, ramWait: 0, coldStart: 0, service: 1, cpuSharing: 1, gpuSharing: 0, networkSharing: 0, sharing: 1 });
        expect(a.steps!.map(s => [s.step, s.service, s.cpuSharing, s.sharing])).toEqual([['s1', 1, 1, 1], ['s2', 1, 0, 0]]);
        expect(result.unfinishedRuns).toBe(0);
    });
});

describe('sharing slowdown split by cause (CPU, GPU, network)', () => {
    /** One run of each process every 10 s, all starting together on one machine; parts of run 1 of each process. */
    async function simulateRace(servers: string, steps: string, processes: string, allocation: string): Promise<SimulationResult> {
        const model = await parseModel(`system race\n${servers}\n${steps}\n${processes}\nallocation one {\n${allocation}\n}\n`);
        return createSimulator(model, settings({ replications: 1, horizonSeconds: 100, warmupSeconds: 0 })).simulate(model.allocations[0]);
    }
    const parts = (t: TimeParts) => [t.service, t.cpuSharing, t.gpuSharing, t.networkSharing, t.sharing];

    test('network only: a CPU part and a GPU part share the machine\'s inbound bandwidth, not a processor', async () => {
        // Each part alone: 1 s at full bandwidth. Together each gets half the 100 Mbps: 2 s, 1 s of it network sharing.
        const result = await simulateRace('server node { cpu 1 GHz gpu 1 TOPS ram 16 GB net in 100 Mbps out 1 Gbps price 1 EUR/h count 1 }',
            `component c1 { permanent }
component c2 { permanent }
step s1 { runs on c1 cpu constant(1 GHz*s) net in 100 Mbps }
step s2 { runs on c2 gpu constant(1 TOPS*s) net in 100 Mbps }`,
            'process a { steps s1 every constant(10 s) }\nprocess b { steps s2 every constant(10 s) }', 'c1 on node x 1\nc2 on node x 1');
        const [a, b] = result.processes;
        expect(parts(a.timeParts!)).toEqual([1, 0, 0, 1, 1]);
        expect(parts(b.timeParts!)).toEqual([1, 0, 0, 1, 1]);
    });

    test('GPU only: two GPU parts share the GPU', async () => {
        const result = await simulateRace('server node { cpu 1 GHz gpu 2 TOPS ram 16 GB price 1 EUR/h count 1 }',
            `component c1 { permanent }
component c2 { permanent }
step s1 { runs on c1 gpu constant(2 TOPS*s) }
step s2 { runs on c2 gpu constant(2 TOPS*s) }`,
            'process a { steps s1 every constant(10 s) }\nprocess b { steps s2 every constant(10 s) }', 'c1 on node x 1\nc2 on node x 1');
        for (const p of result.processes) { expect(parts(p.timeParts!)).toEqual([1, 0, 1, 0, 1]); }
        const bottleneck = bottleneckOf(result.processes[0], result.servers)!;
        expect([bottleneck.part, bottleneck.resource, bottleneck.seconds]).toEqual(['service', 'gpu', 1]);
    });

    test('CPU and network together: split symmetrically (Shapley) between the two factors', async () => {
        // Two CPU parts, each needs the whole 100 Mbps: CPU share 1/2 and network factor 1/2, 2 s instead of 0.5 s.
        // Per second lost: CPU (1 - 1/2)(1 + 1/2)/2 = 3/8, network the same: 0.75 s each over the 2 s.
        const result = await simulateRace('server node { cpu 2 GHz ram 16 GB net in 100 Mbps out 1 Gbps price 1 EUR/h count 1 }',
            `component c1 { permanent }
component c2 { permanent }
step s1 { runs on c1 cpu constant(1 GHz*s) net in 100 Mbps }
step s2 { runs on c2 cpu constant(1 GHz*s) net in 100 Mbps }`,
            'process a { steps s1 every constant(10 s) }\nprocess b { steps s2 every constant(10 s) }', 'c1 on node x 1\nc2 on node x 1');
        for (const p of result.processes) {
            expect(p.mean).toBe(2);
            const [service, cpu, gpu, net, sharing] = parts(p.timeParts!);
            expect([service, gpu, sharing]).toEqual([0.5, 0, 1.5]);
            expect(cpu).toBeCloseTo(0.75, 12);
            expect(net).toBeCloseTo(0.75, 12);
        }
    });

    test('the split does not change any other number of the simulation', async () => {
        const { model } = await loadModel(readFileSync('examples/tandem.mlops', 'utf8'));
        const simulator = createSimulator(model!, { ...resolveSettings(model!), replications: 2, horizonSeconds: 20_000 });
        const withParts = simulator.simulate(model!.allocations[0]);
        const without = simulator.simulate(model!.allocations[0], { timeParts: false });
        const strip = (r: SimulationResult) => ({ ...r, wallSeconds: 0, processes: r.processes.map(({ timeParts: _t, steps: _s, ...rest }) => rest) });
        expect(strip(withParts)).toEqual(strip(without));
        expect(withParts.processes.some(p => p.timeParts!.cpuSharing > 0)).toBe(true);
    });
});

describe('the parts of a run add up to its time', () => {
    const files = readdirSync('examples').filter(n => n.endsWith('.mlops')).map(n => `examples/${n}`);
    test.each(files)('%s', async file => {
        const { model } = await loadModel(readFileSync(file, 'utf8'));
        const result = createSimulator(model!, { ...resolveSettings(model!), replications: 2 }).simulate(model!.allocations[0]);
        for (const p of result.processes) {
            expect(p.unfinishedRuns).toBe(0);
            const parts = p.timeParts!;
            for (const k of TIME_PART_KEYS) { expect(partSeconds(parts, k), `${p.name} ${k}`).toBeGreaterThanOrEqual(0); }
            expect(Math.abs(total(parts) - p.mean), p.name).toBeLessThanOrEqual(1e-9 * p.mean);
            // `sharing` is the sum of the three sharing parts, per process and per step
            expect(Math.abs(parts.cpuSharing + parts.gpuSharing + parts.networkSharing - parts.sharing), p.name).toBeLessThanOrEqual(1e-12 * (1 + parts.sharing));
            for (const s of p.steps!) {
                expect(Math.abs(s.cpuSharing + s.gpuSharing + s.networkSharing - s.sharing)).toBeLessThanOrEqual(1e-12 * (1 + s.sharing));
                if (s.resource === 'cpu') { expect(s.gpuSharing, `${p.name} ${s.step}`).toBe(0); }
            }
            expect(p.steps!.map(s => s.step)).toEqual(model!.processes.find(x => x.name === p.name)!.steps);
            for (const s of p.steps!) {
                expect(s.servers.reduce((sum, x) => sum + x.share, 0)).toBeCloseTo(1, 9);
            }
        }
    });
});
