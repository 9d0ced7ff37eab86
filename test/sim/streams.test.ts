/**
 * Random streams and guards: determinism, common random numbers across
 * allocations, and bounded runs of overloaded models.
 */
import { describe, expect, test } from 'vitest';
import { parseModel } from '../../src/language/load.js';
import type { SimulationResult } from '../../src/sim/index.js';
import { createSimulator } from '../../src/sim/index.js';
import { settings, singleStation } from './helpers.js';

const RICH = `system rich
server cpu_node { cpu 8 GHz ram 16 GB net in 1 Gbps out 1 Gbps price 1 EUR/h count 3 }
server gpu_node { cpu 16 GHz gpu 50 TOPS ram 64 GB price 6 EUR/h count 1 }
component ingest { idle cpu 0.1 GHz ram 1 GB startup 2 s }
component trainer { idle ram 2 GB startup 10 s }
component scorer { idle ram 512 MB }
step load { runs on ingest cpu gamma(mean 4 GHz*s, cv 0.7) ram 1 GB net in 600 Mbps out 100 Mbps }
step train { runs on trainer cpu uniform(10 GHz*s, 30 GHz*s) gpu exponential(mean 100 TOPS*s) ram 8 GB threads 2 }
step score { runs on scorer cpu lognormal(mean 1 GHz*s, cv 1) ram 256 MB }
process batch { steps load -> train every exponential(mean 60 s) deadline 2 min }
process online { steps load -> score every erlang(3, mean 2 s) deadline 3 s weight time 3 }
process tick { steps score every constant(30 s) }
allocation one {
    ingest on cpu_node x 2
    trainer on gpu_node x 1
    scorer on cpu_node x 2 permanent
}
allocation two {
    ingest on cpu_node x 3 permanent
    trainer on gpu_node x 2
    trainer on cpu_node x 1
    scorer on gpu_node x 1
    limit train to 1
}
`;

function withoutWallTime(r: SimulationResult): string {
    return JSON.stringify({ ...r, wallSeconds: 0 });
}

describe('determinism', () => {
    test('the same seed gives byte-identical results; another seed differs', async () => {
        const model = await parseModel(RICH);
        const s = settings({ horizonSeconds: 4000, warmupSeconds: 200, replications: 3, seed: 11 });
        const a = createSimulator(model, s).simulate(model.allocations[0]);
        // A fresh simulator, and the same simulator after another allocation (reused buffers).
        const sim = createSimulator(model, s);
        sim.simulate(model.allocations[1]);
        const b = sim.simulate(model.allocations[0]);
        expect(withoutWallTime(b)).toBe(withoutWallTime(a));
        expect(sim.evaluate(model.allocations[0])).toEqual(a.objectives);
        const c = createSimulator(model, { ...s, seed: 12 }).simulate(model.allocations[0]);
        expect(c.processes[0].mean).not.toBe(a.processes[0].mean);
        expect(c.processes.map(p => p.runs)).not.toEqual(a.processes.map(p => p.runs));
    });
});

describe('common random numbers', () => {
    test('every run gets the same arrival and work samples whatever the allocation', async () => {
        // No queueing (5 machines, rare arrivals): T = work / speed for every run, so with common random
        // numbers the slow allocation's times are exactly twice the fast one's, run by run.
        const text = `system crn
server fast { cpu 2 GHz ram 8 GB price 1 EUR/h count 5 }
server slow { cpu 1 GHz ram 8 GB price 1 EUR/h count 5 }
component c { }
step s { runs on c cpu exponential(mean 1 GHz*s) }
process p { steps s every exponential(mean 1000 s) }
process q { steps s -> s every exponential(mean 2000 s) }
allocation on_fast { c on fast x 5 permanent }
allocation on_slow { c on slow x 5 permanent }
`;
        const model = await parseModel(text);
        const sim = createSimulator(model, settings({ horizonSeconds: 200_000, warmupSeconds: 0, replications: 2 }));
        const fast = sim.simulate(model.allocations[0]);
        const slow = sim.simulate(model.allocations[1]);
        for (let p = 0; p < 2; p++) {
            expect(slow.processes[p].runs).toBe(fast.processes[p].runs);
            expect(fast.processes[p].runs).toBeGreaterThan(100);
            expect(slow.processes[p].mean).toBeCloseTo(2 * fast.processes[p].mean, 9);
            expect(slow.processes[p].variance).toBeCloseTo(4 * fast.processes[p].variance, 6);
        }
    });

    test('the samples of a process do not depend on the other processes being served differently', async () => {
        const model = await parseModel(RICH);
        const sim = createSimulator(model, settings({ horizonSeconds: 3000, warmupSeconds: 0, replications: 2 }));
        const a = sim.simulate(model.allocations[0]);
        const b = sim.simulate(model.allocations[1]);
        // Arrivals are allocation independent: the same number of counted runs per process.
        expect(b.processes.map(p => p.runs)).toEqual(a.processes.map(p => p.runs));
        expect(b.objectives.time).not.toBe(a.objectives.time);
    });
});

describe('streams keyed by identity (issue 12 item 4)', () => {
    /** The model, optionally with one more process FIRST in the file (so every other process and step gets a new index) on a server and a component of its own. */
    const whatIf = (withTraining: boolean) => `system what_if
${withTraining ? 'server gpu_node { cpu 8 GHz gpu 100 TOPS ram 32 GB price 5 EUR/h count 1 }' : ''}
server cpu_node { cpu 4 GHz ram 16 GB price 1 EUR/h count 2 }
${withTraining ? 'component trainer { idle ram 2 GB }' : ''}
component api { idle ram 512 MB startup 1 s }
component worker { idle ram 1 GB }
${withTraining ? 'step train { runs on trainer cpu 2 GHz*s gpu exponential(mean 50 TOPS*s) ram 4 GB }' : ''}
step parse { runs on api cpu exponential(mean 1 GHz*s) ram 256 MB }
step crunch { runs on worker cpu gamma(mean 3 GHz*s, cv 0.8) ram 512 MB threads 2 }
${withTraining ? 'process training { steps train -> train every exponential(mean 30 s) }' : ''}
process online { steps parse -> crunch every exponential(mean 2 s) deadline 5 s }
process batch { steps crunch -> parse -> crunch every erlang(2, mean 20 s) }
allocation a { ${withTraining ? 'trainer on gpu_node x 1' : ''} api on cpu_node x 1 worker on cpu_node x 2 permanent }
`;

    test('adding an unrelated process leaves every other process\'s numbers identical', async () => {
        const withoutIt = await parseModel(whatIf(false));
        const withIt = await parseModel(whatIf(true));
        expect(withIt.processes.map(p => p.name)).toEqual(['training', 'online', 'batch']);
        const s = settings({ horizonSeconds: 20_000, warmupSeconds: 1000, replications: 3 });
        const a = createSimulator(withoutIt, s).simulate(withoutIt.allocations[0]);
        const b = createSimulator(withIt, s).simulate(withIt.allocations[0]);
        expect(b.processes[0].runs).toBeGreaterThan(1000);
        expect(a.processes[0].runs).toBeGreaterThan(20_000);
        expect(b.processes.slice(1)).toStrictEqual(a.processes);
    });
});

describe('overload guards', () => {
    const overloaded = singleStation({ every: 'exponential(mean 1 s)', work: 'exponential(mean 2 GHz*s)', deadline: '10 s' });

    test('an overloaded model stops at the event budget with a warning', async () => {
        const model = await parseModel(overloaded);
        const r = createSimulator(model, settings({ horizonSeconds: 1e7, warmupSeconds: 0, replications: 2, maxEvents: 100_000 }))
            .simulate(model.allocations[0]);
        expect(r.events).toBeLessThanOrEqual(2 * 100_000);
        expect(r.warnings.join('\n')).toMatch(/event budget/);
        expect(r.warnings.join('\n')).toMatch(/component c: CPU work arrives at 2 GHz/);
        expect(r.unfinishedRuns).toBeGreaterThan(0);
        expect(Number.isFinite(r.objectives.time) && Number.isFinite(r.objectives.violations)).toBe(true);
        expect(r.objectives.violations).toBeGreaterThan(0);
    });

    test('the queue memory is capped: the replication stops at the run cap with a warning', async () => {
        const model = await parseModel(overloaded);
        const r = createSimulator(model, settings({ horizonSeconds: 1e7, warmupSeconds: 0, replications: 1, maxRunsInSystem: 2000 }))
            .simulate(model.allocations[0]);
        expect(r.warnings.join('\n')).toMatch(/2000 runs in the system/);
        expect(r.unfinishedRuns).toBeGreaterThanOrEqual(1999);
    });

    test('a replication stopped before the warm-up ended reports percentiles of the runs it measured', async () => {
        const model = await parseModel(overloaded);
        const r = createSimulator(model, settings({ horizonSeconds: 1e6, warmupSeconds: 5e5, replications: 2, maxEvents: 20_000 }))
            .simulate(model.allocations[0]);
        expect(r.warnings.join('\n')).toMatch(/stopped before the warmup ended/);
        const p = r.processes[0];
        expect(p.runs).toBeGreaterThan(10_000);
        // Every run arrived and was measured within the first 20,000 events (about 10^4 s): so were its percentiles
        // (they were the histogram's last bucket, about 12,400 days, when only censored runs went into it).
        expect(p.p99).toBeLessThan(20_000);
        expect(p.p50).toBeGreaterThan(0);
        expect(p.p50).toBeLessThanOrEqual(p.p95);
        expect(p.p95).toBeLessThanOrEqual(p.p99);
        expect(p.mean).toBeLessThan(p.p99);
    });

    test('without a guard hit, a slow drain after the horizon is reported', async () => {
        const model = await parseModel(overloaded);
        const r = createSimulator(model, settings({ horizonSeconds: 4000, warmupSeconds: 1000, replications: 1 })).simulate(model.allocations[0]);
        expect(r.unfinishedRuns).toBe(0);
        expect(r.warnings.join('\n')).toMatch(/to finish, longer than the measured window/);
    });
});
