/**
 * A component with GPU and non-GPU steps, one instance with a GPU and one
 * without: the GPU instance serves both queues in the order the runs came
 * (src/sim/dispatch.ts), so an overloaded GPU step shares that instance with
 * the other step instead of being starved by it (or starving it).
 */
import { describe, expect, it } from 'vitest';
import { parseModel } from '../../../src/language/load.js';
import { createAnalyticEvaluator, createSimulator } from '../../../src/sim/index.js';

const TEXT = `system fifo
server gpubox { cpu 4 GHz gpu 10 TOPS ram 32 GB price 3 EUR/h count 1 }
server cpubox { cpu 4 GHz ram 32 GB price 1 EUR/h count 1 }
component worker { permanent }
step infer { runs on worker gpu exponential(mean 30 TOPS*s) }
step tidy { runs on worker cpu exponential(mean 4 GHz*s) }
process inference { steps infer every exponential(mean 2.5 s) }
process cleanup { steps tidy every exponential(mean 2 s) }
allocation a { worker on gpubox x 1 worker on cpubox x 1 }
`;

describe('instances shared by GPU and non-GPU steps', () => {
    it('an overloaded GPU step is estimated near the simulation (offered load 1.2, not 24)', async () => {
        const model = await parseModel(TEXT);
        const settings = { horizonSeconds: 4 * 3600, warmupSeconds: 600, replications: 2, seed: 1, keepaliveSeconds: 0, maxEvents: 5e6 };
        const estimate = createAnalyticEvaluator(model, settings).estimate(model.allocations[0]);
        const simulated = createSimulator(model, settings).simulate(model.allocations[0]);
        // The GPU step alone offers 1.2 times the GPU instance's capacity: its queue grows; the cleanup's does not.
        expect(estimate.warnings.join()).toMatch(/offered load 1\.\d+ times/);
        model.processes.forEach((p, i) => {
            const ratio = estimate.processes[i].mean / simulated.processes[i].mean;
            expect(ratio, `${p.name}: estimate ${estimate.processes[i].mean}, simulated ${simulated.processes[i].mean}`).toBeGreaterThan(0.5);
            expect(ratio).toBeLessThan(2);
        });
    });
});
