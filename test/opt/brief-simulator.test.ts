/**
 * The brief fidelity's simulator (src/opt/brief-simulator.ts): a process
 * that the brief window did not see run takes the analytic estimate in k1
 * and k2, so the brief ranking still sees where its steps are placed.
 */
import { describe, expect, test } from 'vitest';
import { parseModel } from '../../src/language/load.js';
import { createSimulator, estimate, type SimulationSettings } from '../../src/sim/index.js';
import { createBriefSimulator } from '../../src/opt/brief-simulator.js';

/** A frequent service beside a training that arrives about once in 1,000 h: a 2 h window almost never sees it. */
const TEXT = `system rare_training
server fast { cpu 4 GHz ram 64 GB price 1.00 EUR/h count 1 }
server slow { cpu 1 GHz ram 64 GB price 0.20 EUR/h count 1 }
component api { idle cpu 0 GHz ram 1 GB permanent }
component trainer { idle cpu 0 GHz ram 1 GB permanent }
step serve { runs on api cpu exponential(mean 0.1 GHz*s) ram 10 MB }
step train { runs on trainer cpu constant(3600 GHz*s) ram 1 GB }
process requests { steps serve every exponential(mean 2 s) weight time 1 }
process training { steps train every exponential(mean 1000 h) weight time 1 }
allocation trainer_fast { api on slow x 1  trainer on fast x 1 }
allocation trainer_slow { api on slow x 1  trainer on slow x 1 }
`;

const BRIEF: SimulationSettings = { horizonSeconds: 2 * 3600, warmupSeconds: 600, replications: 1, seed: 5, keepaliveSeconds: 0, maxEvents: 10_000_000 };

describe('the brief simulator', () => {
    test('a process with no run in the brief window counts its analytic mean, so its placement ranks', async () => {
        const model = await parseModel(TEXT);
        const [fast, slow] = model.allocations;
        const plain = createSimulator(model, BRIEF);
        // The case is real: the training has no counted run in this window.
        expect(plain.simulate(fast).processes[1].runs).toBe(0);
        // Counting it 0, the brief ranking cannot tell where the training runs.
        expect(plain.evaluate(fast).time).toBe(plain.evaluate(slow).time);

        const brief = createBriefSimulator(model, BRIEF);
        const onFast = brief.evaluate(fast), onSlow = brief.evaluate(slow);
        // 3600 GHz*s at 4 GHz: about 900 s; at 1 GHz (shared with the api) at least 3600 s.
        expect(onSlow.time - onFast.time).toBeGreaterThan(2000);
        // The training's part is the analytic estimate's mean; the requests' part stays simulated.
        const analyticTraining = estimate(model, fast, BRIEF).processes[1].mean;
        expect(onFast.time).toBeCloseTo(plain.evaluate(fast).time + analyticTraining, 6);
        // Cost and violations are the simulation's.
        expect(onFast.cost).toBe(plain.evaluate(fast).cost);
        expect(onFast.violations).toBe(plain.evaluate(fast).violations);
    });

    test('a process the window saw keeps its simulated time', async () => {
        const model = await parseModel(TEXT.replace('every exponential(mean 1000 h)', 'every exponential(mean 10 min)'));
        const plain = createSimulator(model, BRIEF), brief = createBriefSimulator(model, BRIEF);
        expect(plain.simulate(model.allocations[0]).processes[1].runs).toBeGreaterThan(0);
        expect(brief.evaluate(model.allocations[0])).toEqual(plain.evaluate(model.allocations[0]));
    });
});
