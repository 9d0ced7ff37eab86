/**
 * The placement rules of src/model/placement-rules.ts and the callers that
 * used to disagree about them (issue 12 item 1): GPU need, fit, spreading.
 */
import { describe, expect, it } from 'vitest';
import { loadModel, parseModel } from '../../src/language/load.js';
import { columnHolds, instancesPerMachine, MachineSpread, stepNeedsGpu } from '../../src/model/placement-rules.js';
import { findOverloads, spreadAllocation } from '../../src/model/spread.js';
import { firstFit } from '../../src/model/first-fit.js';
import { allocationProblems } from '../../src/model/analysis.js';
import { resolveSettings } from '../../src/model/settings.js';
import type { Model, StepDef } from '../../src/model/types.js';
import { createSimulator } from '../../src/sim/index.js';
import { prepareModel } from '../../src/sim/prepared.js';
import { layoutAllocation } from '../../src/sim/layout.js';
import { checkFeasible, inlineEvaluator, optimize } from '../../src/opt/index.js';
import { createSpace, emptyGenotype, toAllocation } from '../../src/opt/genotype.js';
import { isValid } from '../../src/opt/repair.js';
import { serversThatFit } from '../../src/language/lsp/placement-choice.js';

const ZERO_GPU = `system zero_gpu
server cpu_only { cpu 8 GHz ram 16 GB price 1 EUR/h count 2 }
component app { idle cpu 1 GHz ram 1 GB }
step work { runs on app cpu 1 GHz*s gpu 0 TOPS*s ram 1 GB }
process p { steps work every exponential(mean 10 s) deadline 5 s }
allocation current { app on cpu_only x 1 }
optimize { horizon 10 min warmup 1 min replications 1 population 4 generations 2 seed 1 }
`;

function step(gpu: StepDef['gpuWorkTOPSSeconds']): StepDef {
    return { name: 's', component: 'c', cpuWorkGHzSeconds: null, gpuWorkTOPSSeconds: gpu, ramMB: 0, netInMbps: 0, netOutMbps: 0, threads: 1 };
}

describe('GPU need', () => {
    it('is GPU work with a positive mean; work that is always 0 needs no GPU', () => {
        expect(stepNeedsGpu(step(null))).toBe(false);
        expect(stepNeedsGpu(step({ kind: 'constant', value: 0 }))).toBe(false);
        expect(stepNeedsGpu(step({ kind: 'exponential', mean: 0 }))).toBe(false);
        expect(stepNeedsGpu(step({ kind: 'uniform', min: 0, max: 0 }))).toBe(false);
        expect(stepNeedsGpu(step({ kind: 'constant', value: 1e-9 }))).toBe(true);
        expect(stepNeedsGpu(step({ kind: 'uniform', min: 0, max: 2 }))).toBe(true);
        expect(stepNeedsGpu(step({ kind: 'lognormal', mean: 3, cv: 1 }))).toBe(true);
    });

    // Before the fix: validate 0 errors, simulate "has GPU work but ... no instance on a server with a GPU",
    // optimize "no valid allocation exists" (checked by reverting prepared.ts and genotype.ts to `gpu !== null`).
    it('a step with `gpu 0 TOPS*s` validates, simulates and optimizes on machines without a GPU', async () => {
        const loaded = await loadModel(ZERO_GPU);
        expect(loaded.diagnostics.filter(d => d.severity === 1)).toEqual([]);
        const model = loaded.model!;
        const settings = resolveSettings(model, {});
        const simulator = createSimulator(model, { ...settings, maxEvents: settings.maxEvents });
        expect(simulator.simulate(model.allocations[0]).processes[0].runs).toBeGreaterThan(0);
        expect(firstFit(model).unplaced).toEqual([]);
        expect(simulator.simulate(firstFit(model).allocation).processes[0].runs).toBeGreaterThan(0);
        expect(checkFeasible(model)).toEqual({ feasible: true, reasons: [] });
        expect(serversThatFit({ ...model, allocations: [{ name: 'a', placements: [], limits: {} }] }, 'a', 'app')).toEqual(['cpu_only']);
        const result = await optimize(model, settings, {}, { evaluator: inlineEvaluator(simulator) });
        expect(result.stoppedBy).toBe('generations');
        expect(result.front.length).toBeGreaterThan(0);
    });
});

/**
 * Two machines of 16 GHz and 1000 MB. Idle CPU a, b, c, d, e in line order:
 * machine 1 gets a and c (0.1 + 0.8 = 0.9), machine 2 gets b and d
 * (0.2 + 0.7 = 0.8999999999999999). The fifth instance goes to the machine with
 * less idle CPU: machine 2. The old spreading compared 16 - 0.9 with
 * 16 - 0.8999999999999999 (equal in floats: machine 1) while the optimizer's
 * check compared the sums (machine 2), so the optimizer accepted a genotype
 * that the simulator refused (machine 1: 600 + 100 + 350 MB of idle RAM).
 */
function tieModel(): Model {
    const component = (name: string, idleCpuGHz: number, idleRamMB: number) => ({ name, idleCpuGHz, idleRamMB, permanent: false, startupSeconds: 0 });
    return {
        system: 'tie', currency: null,
        servers: [{ name: 'k', cpuGHz: 16, gpuTOPS: 0, ramMB: 1000, netInMbps: null, netOutMbps: null, pricePerSecond: 0, count: 2 }],
        components: [component('a', 0.1, 100), component('b', 0.2, 100), component('c', 0.8, 600), component('d', 0.7, 100), component('e', 0.05, 350)],
        steps: [], processes: [], allocations: [], optimize: {}
    };
}

describe('spreading', () => {
    it('the optimizer check and the simulator spread the same float sums the same way (tie regression)', () => {
        const model = tieModel();
        const space = createSpace(model);
        const g = emptyGenotype(space);
        g.inst.fill(1);
        const allocation = toAllocation(space, g);
        const machines = spreadAllocation(model, allocation);
        expect(machines.map(m => m.instances.map(i => i.component))).toEqual([['a', 'c'], ['b', 'd', 'e']]);
        expect(isValid(space, g)).toBe(true);
        expect(findOverloads(model, machines)).toEqual([]);
        expect(() => layoutAllocation(prepareModel(model), allocation)).not.toThrow();
    });

    it('MachineSpread picks what a scan for (fewest instances, least idle CPU, lowest index) picks', () => {
        let seed = 12345;
        const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
        for (let trial = 0; trial < 200; trial++) {
            const m = 1 + Math.floor(random() * 7);
            const spread = new MachineSpread(m);
            const count = new Int32Array(m), cpu = new Float64Array(m);
            for (let i = 0; i < 30; i++) {
                const load = Math.floor(random() * 10) / 10;
                let best = 0;
                for (let k = 1; k < m; k++) {
                    if (count[k] < count[best] || (count[k] === count[best] && cpu[k] < cpu[best])) { best = k; }
                }
                expect(spread.add(load, 0, 0)).toBe(best);
                count[best]++;
                cpu[best] += load;
            }
        }
    });

    it('first-fit chooses the machine spreading will use, so its allocation is valid as written', () => {
        // Old first-fit packed a, b on machine 1 and c on machine 2; spreading put b on 2 and c on 1: 12 GB > 10 GB.
        const model: Model = {
            system: 'ff', currency: null,
            servers: [{ name: 'k', cpuGHz: 16, gpuTOPS: 0, ramMB: 10_000, netInMbps: null, netOutMbps: null, pricePerSecond: 0, count: 2 }],
            components: [
                { name: 'a', idleCpuGHz: 0.1, idleRamMB: 6000, permanent: false, startupSeconds: 0 },
                { name: 'b', idleCpuGHz: 0.1, idleRamMB: 1000, permanent: false, startupSeconds: 0 },
                { name: 'c', idleCpuGHz: 0.1, idleRamMB: 6000, permanent: false, startupSeconds: 0 }
            ],
            steps: [], processes: [], allocations: [], optimize: {}
        };
        const ff = firstFit(model);
        expect(ff.unplaced.map(u => u.component)).toEqual(['c']);
        const ok = { ...model, components: model.components.slice(0, 2) };
        const allocation = firstFit(ok).allocation;
        expect(allocationProblems(ok, allocation)).toEqual([]);
        expect(columnHolds(ok, ok.servers[0], () => 1)).toBe(true);
    });
});

describe('a GPU step whose RAM only a GPU machine must hold', () => {
    it('fits a component on a kind without a GPU by the RAM of the steps it can run there', async () => {
        const model = await parseModel(`system ram
server cpu_node { cpu 8 GHz ram 4 GB price 1 EUR/h count 1 }
server gpu_node { cpu 8 GHz gpu 10 TOPS ram 64 GB price 5 EUR/h count 1 }
component m { idle cpu 1 GHz ram 1 GB }
step prep  { runs on m cpu 1 GHz*s ram 1 GB }
step train { runs on m gpu 10 TOPS*s ram 32 GB }
process p { steps prep -> train every exponential(mean 1 min) }
allocation both { m on cpu_node x 1  m on gpu_node x 1 }
`);
        const space = createSpace(model);
        expect([...space.cellMax].map(x => x > 0)).toEqual([true, true]);
        expect(() => layoutAllocation(prepareModel(model), model.allocations[0])).not.toThrow();
    });
});

describe('instancesPerMachine', () => {
    it('counts exactly the instances a one-machine MachineSpread holds, float sums included', () => {
        const loads = [0.1, 0.3, 0.7, 1.1, 2.6, 0.35];
        for (const cpu of loads) {
            for (const ram of [100, 333.3, 1000]) {
                for (const capacity of [0.3, 0.9, 1.2, 2.1, 2.6, 5.2, 7.8]) {
                    const model = { components: [{ name: 'c', idleCpuGHz: cpu, idleRamMB: ram, permanent: true, startupSeconds: 0 }], steps: [] } as unknown as Model;
                    const server = { name: 's', cpuGHz: capacity, gpuTOPS: 0, ramMB: 3000, netInMbps: null, netOutMbps: null, pricePerSecond: 1, count: 1 };
                    const spread = new MachineSpread(1);
                    let expected = 0;
                    while (expected < 8 && spread.holdsWith(server, 0, cpu, ram, 0)) {
                        spread.add(cpu, ram, 0);
                        expected++;
                    }
                    expect(instancesPerMachine(model, model.components[0], server, 8)).toBe(expected);
                }
            }
        }
    });
});
