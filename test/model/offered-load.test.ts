/**
 * Issue 12 item 5: offered load against capacity, one computation
 * (src/model/offered-load.ts) for the validator (check 8) and the
 * simulator's warnings. Each machine's speed counts once, however many
 * instances it holds, and a component's work goes to whichever of its
 * machines is free, not in equal shares.
 */
import { describe, expect, it } from 'vitest';
import { loadModel, parseModel } from '../../src/language/load.js';
import { overloadedByWork } from '../../src/model/analysis.js';
import { componentDemand, loadOverloads } from '../../src/model/offered-load.js';
import { createSimulator } from '../../src/sim/index.js';
import { Codes } from '../../src/language/validation/codes.js';

const simSettings = { horizonSeconds: 2000, warmupSeconds: 100, replications: 1, seed: 1, keepaliveSeconds: 0, maxEvents: 200_000 };

function text(servers: string, work: string, placements: string): string {
    return `system load
${servers}
component c { idle cpu 0.1 GHz ram 100 MB permanent }
step s { runs on c cpu exponential(mean ${work}) }
process p { steps s every exponential(mean 1 s) deadline 10 s }
allocation a { ${placements} }
`;
}

const overloadWarnings = (warnings: string[]) => warnings.filter(w => w.includes('in all'));

describe('offered load', () => {
    // Before: the simulator added 1 GHz per instance (3 GHz), no warning while every run missed its deadline.
    it('three instances on one 1 GHz machine with 1.5 GHz offered: overloaded for the simulator and the validator', async () => {
        const source = text('server one { cpu 1 GHz ram 16 GB price 1 EUR/h count 1 }', '1.5 GHz*s', 'c on one x 3');
        const model = await parseModel(source);
        const warnings = overloadWarnings(createSimulator(model, simSettings).simulate(model.allocations[0]).warnings);
        expect(warnings).toHaveLength(1);
        expect(warnings[0]).toContain('1.5 GHz on average');
        expect(warnings[0]).toContain('1 GHz in all');
        const loads = overloadedByWork(model, model.allocations[0]);
        expect(loads.map(l => [l.resource, l.components, l.offered, l.capacity])).toEqual([['cpu', ['c'], 1.5, 1]]);
    });

    // Before: the validator gave each instance 1 GHz of the 2 GHz, so the 1 GHz machine was "at capacity".
    it('a 2 GHz and a 1 GHz machine with 2 GHz offered: stable for both', async () => {
        const servers = 'server fast { cpu 2 GHz ram 16 GB price 1 EUR/h count 1 }\nserver slow { cpu 1 GHz ram 16 GB price 1 EUR/h count 1 }';
        const source = text(servers, '2 GHz*s', 'c on fast x 1  c on slow x 1');
        const loaded = await loadModel(source);
        expect(loaded.diagnostics.filter(d => (d.data as { code?: string } | undefined)?.code === Codes.offeredLoad)).toEqual([]);
        const model = loaded.model!;
        expect(overloadedByWork(model, model.allocations[0])).toEqual([]);
        expect(overloadWarnings(createSimulator(model, simSettings).simulate(model.allocations[0]).warnings)).toEqual([]);
        // 3 GHz offered reaches the 3 GHz of the two machines: overloaded for both.
        const full = await loadModel(text(servers, '3 GHz*s', 'c on fast x 1  c on slow x 1'));
        const diagnostics = full.diagnostics.filter(d => (d.data as { code?: string } | undefined)?.code === Codes.offeredLoad);
        expect(diagnostics).toHaveLength(2);
        expect(diagnostics[0].message).toContain('3 GHz is not below capacity 3 GHz of fast#1, slow#1');
        expect(overloadWarnings(createSimulator(full.model!, simSettings).simulate(full.model!.allocations[0]).warnings)).toHaveLength(1);
    });

    it('components sharing a machine are overloaded together when neither is alone (Hall condition)', () => {
        const demand = [{ cpuAnyGHz: 0.6, cpuGpuGHz: 0, gpuTOPS: 0 }, { cpuAnyGHz: 0.6, cpuGpuGHz: 0, gpuTOPS: 0 }, { cpuAnyGHz: 0.5, cpuGpuGHz: 0, gpuTOPS: 0 }];
        // a and b on machine 0 (1 GHz); c on machines 1 and 2 (1 GHz each).
        const overloads = loadOverloads(demand, { cpuGHz: [1, 1, 1], gpuTOPS: [0, 0, 0], hosts: [[0], [0], [1, 2]] });
        expect(overloads.map(o => [o.components, o.machines, o.offered, o.capacity])).toEqual([[[0, 1], [0], 1.2, 1]]);
        // b may also use machine 1: a 0.6 + b 0.6 + c 0.5 = 1.7 < 3 over machines 0, 1, 2, every subset too.
        expect(loadOverloads(demand, { cpuGHz: [1, 1, 1], gpuTOPS: [0, 0, 0], hosts: [[0], [0, 1], [1, 2]] })).toEqual([]);
    });

    it('work of steps that need a GPU counts only against machines with a GPU', async () => {
        const model = await parseModel(`system g
server cpu_node { cpu 8 GHz ram 16 GB price 1 EUR/h count 1 }
server gpu_node { cpu 1 GHz gpu 10 TOPS ram 16 GB price 1 EUR/h count 1 }
component m { idle cpu 0.1 GHz ram 100 MB }
step train { runs on m cpu 2 GHz*s gpu 5 TOPS*s }
process p { steps train every exponential(mean 1 s) }
allocation a { m on cpu_node x 1  m on gpu_node x 1 }
`);
        expect(componentDemand(model)).toEqual([{ cpuAnyGHz: 0, cpuGpuGHz: 2, gpuTOPS: 5 }]);
        const loads = overloadedByWork(model, model.allocations[0]);
        expect(loads.map(l => [l.resource, l.machines, l.offered, l.capacity])).toEqual([['cpu', [{ server: 'gpu_node', machine: 0 }], 2, 1]]);
    });
});
