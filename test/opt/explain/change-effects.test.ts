/** What a change did (src/opt/explain/change-effects.ts): each change undone alone, simulated with the same streams. */
import { describe, expect, test } from 'vitest';
import { parseModel } from '../../../src/language/load.js';
import { toMatrix } from '../../../src/model/allocation.js';
import { changeEffects, servedProcesses, undo } from '../../../src/opt/explain/change-effects.js';
import { settings } from '../../sim/helpers.js';

// The scorer starts in 2 s and stops at once (keepalive 0): in `current` nearly every scoring run cold-starts and misses
// its 0.5 s deadline. `better` makes it permanent and adds one, and limits the (unrelated) report step.
const text = `system cards
server node { cpu 4 GHz ram 8 GB price 1 EUR/h count 2 }
server small { cpu 1 GHz ram 2 GB price 0.2 EUR/h count 2 }
component scorer { startup 2 s }
component reporter { }
step score { runs on scorer cpu exponential(mean 0.2 GHz*s) }
step report { runs on reporter cpu constant(1 GHz*s) threads 2 }
process scoring { steps score every exponential(mean 5 s) deadline 500 ms }
process reporting { steps report every exponential(mean 60 s) deadline 10 s }
allocation current {
    scorer on node x 1
    reporter on small x 2
}
allocation better {
    scorer on node x 2 permanent
    reporter on small x 2
    limit report to 1
}
`;

describe('change effects', () => {
    test('each change is undone alone; its effect is on the processes it serves', async () => {
        const model = await parseModel(text);
        const [current, better] = model.allocations.map(toMatrix);
        const progress: number[] = [];
        const effects = changeEffects(model, settings({ horizonSeconds: 20_000, warmupSeconds: 500, replications: 2 }), current, better,
            { onProgress: done => progress.push(done) });
        expect(effects.map(e => e.change.kind)).toEqual(['component', 'permanent', 'limit']);
        expect(progress).toEqual([1, 2, 3, 4]);
        const [added, permanent, limit] = effects;
        expect(added.change).toMatchObject({ component: 'scorer', added: 1, before: { node: 1 }, after: { node: 2 } });
        expect(added.processes.map(p => p.process)).toEqual(['scoring']);
        expect(permanent.change).toMatchObject({ component: 'scorer', server: 'node', permanent: true });
        // Without the permanent flag every scoring run cold-starts (2 s > 500 ms): the flag is what fixed the deadline.
        const scoring = permanent.processes[0];
        expect(scoring.process).toBe('scoring');
        expect(scoring.with.overShare).toBeLessThan(0.05);
        expect(scoring.without.overShare).toBeGreaterThan(0.9);
        expect(scoring.without.p95).toBeGreaterThan(2);
        // Undoing the extra instance alone keeps it permanent: still within the deadline, cost lower.
        expect(added.processes[0].without.overShare).toBeLessThan(0.1);
        expect(added.objectives!.without.cost).toBeLessThan(added.objectives!.with.cost);
        // The limit serves reporting only: one part of 1 GHz*s instead of two on the two small machines, a run takes
        // 1 s instead of 0.5 s (and a little queueing).
        expect(limit.processes.map(p => p.process)).toEqual(['reporting']);
        expect(limit.processes[0].with.mean).toBeGreaterThanOrEqual(1);
        expect(limit.processes[0].with.mean).toBeLessThan(1.1);
        expect(limit.processes[0].without.mean).toBeGreaterThanOrEqual(0.5);
        expect(limit.processes[0].without.mean).toBeLessThan(0.55);
        // Same streams: the solution's figures are the same in every effect.
        expect(added.processes[0].with).toEqual(permanent.processes[0].with);
    });

    test('a change that cannot be undone alone is reported with the reason', async () => {
        // `moved` moves the big component to the second kind to make room for the other: undoing only the move overloads the machine.
        const model = await parseModel(`system tight
server a { cpu 4 GHz ram 4 GB price 1 EUR/h count 1 }
server b { cpu 4 GHz ram 4 GB price 1 EUR/h count 1 }
component big { idle ram 3 GB }
component other { idle ram 3 GB }
step s { runs on big cpu 0.1 GHz*s }
step t { runs on other cpu 0.1 GHz*s }
process p { steps s -> t every exponential(mean 10 s) }
allocation current {
    big on a x 1
    other on b x 1
}
allocation moved {
    big on b x 1
    other on a x 1
}
`);
        const [current, moved] = model.allocations.map(toMatrix);
        const effects = changeEffects(model, settings({ horizonSeconds: 2_000, warmupSeconds: 0, replications: 1 }), current, moved);
        expect(effects).toHaveLength(2);
        expect(effects[0].refused).toMatch(/RAM/);
        expect(effects[0].objectives).toBeNull();
    });

    test('same allocation: no changes, no simulation', async () => {
        const model = await parseModel(text);
        const current = toMatrix(model.allocations[0]);
        expect(changeEffects(model, settings(), current, current)).toEqual([]);
    });

    test('undo restores one change only', async () => {
        const model = await parseModel(text);
        const [current, better] = model.allocations.map(toMatrix);
        expect(undo(better, current, { kind: 'limit', step: 'report', before: null, after: 1 })).toEqual({ ...better, limits: {} });
        expect(undo(better, current, { kind: 'permanent', component: 'scorer', server: 'node', permanent: true }).permanent.scorer).toEqual([]);
        const back = undo(better, current, { kind: 'component', component: 'scorer', before: { node: 1 }, after: { node: 2 }, moved: 0, added: 1, removed: 0 });
        expect(back.instances.scorer).toEqual({ node: 1 });
        expect(back.permanent.scorer).toEqual(['node']);
        expect(back.limits).toEqual({ report: 1 });
        expect(servedProcesses(model, { kind: 'limit', step: 'report', before: null, after: 1 })).toEqual(['reporting']);
    });
});
