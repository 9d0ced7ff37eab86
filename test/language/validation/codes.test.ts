/**
 * One test per diagnostic code of codes.ts: the code, the severity, the
 * exact text it marks, and the numbers its message names.
 */
import { afterEach, describe, expect, test } from 'vitest';
import type * as ast from '../../../src/language/generated/ast.js';
import { Codes } from '../../../src/language/validation/codes.js';
import { check, clear, codeOf, element, expectOne, marked, model, withCode } from './helpers.js';

afterEach(clear);

describe('a valid model', () => {
    test('has no diagnostic at all', async () => {
        const result = await check(model());
        expect(result.diagnostics).toEqual([]);
    });
});

describe('1. syntax and names', () => {
    test('syntax-error: a parser error gets the project code', async () => {
        const result = await check(model({ steps: 'step st { runs on c cpu 1 GHz*s ram 100 MB' }));
        const errors = withCode(result, Codes.syntax);
        expect(errors.length).toBeGreaterThan(0);
        expect(errors.every(d => d.severity === 1)).toBe(true);
        expect(result.diagnostics.some(d => codeOf(d) === 'parsing-error')).toBe(false);
        // The parser stops at the next element keyword, on line 5.
        expect(errors[0].range.start.line).toBe(4);
    });

    test('syntax-error: a lexing error names the character', async () => {
        const result = await check(model({ steps: 'step st { runs on c cpu 1 GHz*s ram = 100 MB }' }));
        const d = withCode(result, Codes.syntax)[0];
        expect(d.message).toContain("'='");
        expect(marked(result, d)).toBe('=');
    });

    test('unresolved-name: suggestions nearest first and a "did you mean"', async () => {
        const result = await check(model({
            components: 'component scorer { idle cpu 0.1 GHz ram 1 GB }\ncomponent scoring_db { idle cpu 0.1 GHz ram 1 GB }\ncomponent c { idle cpu 0.5 GHz ram 1 GB }',
            steps: 'step st { runs on c cpu 1 GHz*s }\nstep s2 { runs on scorr cpu 1 GHz*s }\nstep s3 { runs on scoring_db cpu 1 GHz*s }',
            processes: 'process p { steps st -> s2 -> s3 every exponential(mean 10 s) }'
        }));
        const step = element<ast.Step>(result, 'Step', 's2');
        const d = expectOne(result, Codes.unresolvedName, 1, step, 'component');
        expect(d.message).toContain("did you mean 'scorer'?");
        expect((d.data as { suggestions: string[] }).suggestions[0]).toBe('scorer');
        expect((d.data as { suggestions: string[] }).suggestions).not.toContain('c');
    });

    test('duplicate-name: the second declaration is marked, naming the first line', async () => {
        const result = await check(model({ components: 'component c { idle cpu 0.5 GHz ram 1 GB }\ncomponent c { idle cpu 1 GHz }' }));
        const second = result.document.parseResult.value.elements.filter(e => e.$type === 'Component')[1];
        const d = expectOne(result, Codes.duplicateName, 1, second, 'name');
        expect(d.message).toContain('line 3');
    });

    test('duplicate-name: a second optimize block', async () => {
        const result = await check(model({ rest: 'optimize { seed 1 }\noptimize { seed 2 }' }));
        const d = withCode(result, Codes.duplicateName);
        expect(d).toHaveLength(1);
        expect(marked(result, d[0])).toBe('optimize');
        expect(d[0].range.start.line).toBe(6);
    });

    test('duplicate-field: the second keyword is marked', async () => {
        const result = await check(model({ servers: 'server node { cpu 32 GHz ram 64 GB cpu 16 GHz price 1 EUR/h }' }));
        const d = withCode(result, Codes.duplicateField);
        expect(d).toHaveLength(1);
        expect(marked(result, d[0])).toBe('cpu');
        expect(d[0].range.start.character).toBe('server node { cpu 32 GHz ram 64 GB '.length);
    });
});

describe('2. fields, numbers and units', () => {
    test('missing-field: a server without ram, marked on its name', async () => {
        const result = await check(model({ servers: 'server node { cpu 32 GHz price 1 EUR/h }' }));
        const d = expectOne(result, Codes.missingField, 1, element(result, 'Server', 'node'), 'name');
        expect(d.message).toContain("'ram'");
    });

    test('missing-field: a step without runs on and a process without every', async () => {
        const result = await check(model({ steps: 'step st { cpu 1 GHz*s }', processes: 'process p { steps st }' }));
        const fields = withCode(result, Codes.missingField).map(d => (d.data as { field: string }).field).sort();
        expect(fields).toEqual(['every', 'runs on']);
    });

    test('non-positive: count 0 on the count, ram 0 GB on the quantity', async () => {
        const result = await check(model({ servers: 'server node { cpu 32 GHz ram 0 GB price 1 EUR/h count 0 }' }));
        const server = element<ast.Server>(result, 'Server', 'node');
        const found = withCode(result, Codes.nonPositive);
        expect(found).toHaveLength(2);
        expect(found.map(d => marked(result, d)).sort()).toEqual(['0', '0']);
        expect(found.some(d => d.range.start.character === server.ram!.$cstNode!.range.start.character)).toBe(true);
        expect(found.find(d => String(d.message).includes('count'))!.message).toContain('got 0');
    });

    test('invalid-number: 1e400 and a negative idle RAM', async () => {
        const result = await check(model({ components: 'component c { idle cpu 1e400 GHz ram -1 GB }' }));
        const found = withCode(result, Codes.invalidNumber);
        expect(found).toHaveLength(2);
        expect(found.map(d => marked(result, d)).sort()).toEqual(['-1', '1e400']);
        expect(found.some(d => String(d.message).includes('not finite'))).toBe(true);
    });

    test('not-integer: threads 2.5', async () => {
        const result = await check(model({ steps: 'step st { runs on c cpu 1 GHz*s threads 2.5 }' }));
        const d = expectOne(result, Codes.notInteger, 1, element(result, 'Step', 'st'), 'threads');
        expect(d.message).toContain('2.5');
    });

    test('missing-unit: data.units lists the accepted units, most natural first', async () => {
        const result = await check(model({ steps: 'step st { runs on c cpu 1 GHz*s ram 512 }' }));
        const step = element<ast.Step>(result, 'Step', 'st');
        const d = expectOne(result, Codes.missingUnit, 1, step.ram!, 'value');
        expect((d.data as { units: string[] }).units[0]).toBe('GB');
        expect((d.data as { units: string[] }).units).toContain('MiB');
    });

    test('missing-unit: a price suggests the file currency', async () => {
        const result = await check(model({ servers: 'server node { cpu 32 GHz ram 64 GB price 1 PLN/h }\nserver b { cpu 8 GHz ram 8 GB price 2 }' }));
        const d = withCode(result, Codes.missingUnit)[0];
        expect((d.data as { units: string[] }).units[0]).toBe('PLN/h');
    });

    test('wrong-unit: ram in GHz names the expected units', async () => {
        const result = await check(model({ components: 'component c { idle cpu 0.5 GHz ram 4 GHz }' }));
        const component = element<ast.Component>(result, 'Component', 'c');
        const d = expectOne(result, Codes.wrongUnit, 1, component.idleRam!, 'unit');
        expect(d.message).toMatch(/CPU speed.*memory size.*GB/);
        expect((d.data as { units: string[] }).units).toContain('MB');
    });

    test('wrong-unit: an unknown unit', async () => {
        const result = await check(model({ steps: 'step st { runs on c cpu 1 GHZ*s }' }));
        expect(withCode(result, Codes.wrongUnit)[0].message).toContain("unknown unit 'GHZ*s'");
    });

    test('invalid-distribution: uniform min above max, cv < 0, erlang k < 1', async () => {
        const result = await check(model({
            steps: 'step st { runs on c cpu uniform(5 GHz*s, 2 GHz*s) }\nstep s2 { runs on c cpu lognormal(mean 1 GHz*s, cv -1) }\nstep s3 { runs on c cpu erlang(0, mean 1 GHz*s) }',
            processes: 'process p { steps st -> s2 -> s3 every exponential(mean 10 s) }'
        }));
        const found = withCode(result, Codes.invalidDistribution);
        expect(found.map(d => marked(result, d)).sort()).toEqual(['-1', '0', '2 GHz*s']);
        expect(found.find(d => marked(result, d) === '2 GHz*s')!.message).toMatch(/min 5 GHz\*s is above max 2 GHz\*s/);
    });

    test('invalid-setting: warmup not below horizon, on the warmup', async () => {
        const result = await check(model({ rest: 'optimize { horizon 1 h warmup 90 min population 2 }' }));
        const block = result.document.parseResult.value.elements.find(e => e.$type === 'OptimizeBlock')!;
        const found = withCode(result, Codes.invalidSetting);
        expect(found).toHaveLength(2);
        const warmup = found.find(d => String(d.message).includes('warmup'))!;
        expect(warmup.message).toContain('1.5 h');
        expect(warmup.range).toEqual((block as ast.OptimizeBlock).warmup!.$cstNode!.range);
        expect(found.find(d => String(d.message).includes('population'))!.message).toContain('at least 4');
    });

    test('invalid-setting: a short horizon against the default warmup of 1 h', async () => {
        const result = await check(model({ rest: 'optimize { horizon 30 min }' }));
        expect(withCode(result, Codes.invalidSetting)[0].message).toContain('(the default)');
    });
});

describe('3-4. where components can live', () => {
    test('component-fits-nowhere: names every server kind and why', async () => {
        const result = await check(model({
            servers: 'server small { cpu 8 GHz ram 16 GB price 1 EUR/h }\nserver big { cpu 32 GHz ram 64 GB price 2 EUR/h }',
            components: 'component c { idle cpu 0.5 GHz ram 10 GB }',
            steps: 'step st { runs on c cpu 1 GHz*s ram 60 GB }'
        }));
        const d = expectOne(result, Codes.componentFitsNowhere, 1, element(result, 'Component', 'c'), 'name');
        expect(d.message).toContain('small: idle RAM 10 GB + RAM 60 GB of step st exceeds 16 GB');
        expect(d.message).toContain('big: idle RAM 10 GB + RAM 60 GB of step st exceeds 64 GB');
    });

    test('gpu-step-no-gpu-server: the GPU server is too small for the component', async () => {
        const result = await check(model({
            servers: 'server node { cpu 32 GHz ram 64 GB price 1 EUR/h }\nserver g { cpu 8 GHz gpu 10 TOPS ram 4 GB price 3 EUR/h }',
            steps: 'step st { runs on c cpu 1 GHz*s gpu 1 TOPS*s ram 8 GB }'
        }));
        const d = expectOne(result, Codes.gpuStepNoGpuServer, 1, element(result, 'Step', 'st'), 'gpu');
        expect(d.message).toContain('does not fit on g');
    });
});

describe('5. allocations', () => {
    const two = {
        components: 'component a { idle cpu 1.5 GHz ram 1 GB }\ncomponent b { idle cpu 1 GHz ram 1 GB }',
        steps: 'step sa { runs on a cpu 1 GHz*s }\nstep sb { runs on b cpu 1 GHz*s }',
        processes: 'process p { steps sa -> sb every exponential(mean 10 s) }'
    };

    test('missing-instance: data names the component and the allocation', async () => {
        const result = await check(model({ ...two, rest: 'allocation now { a on node x 1 }' }));
        const allocation = element(result, 'Allocation', 'now');
        const d = expectOne(result, Codes.missingInstance, 1, allocation, 'name');
        expect(d.data).toEqual({ code: Codes.missingInstance, component: 'b', allocation: 'now' });
    });

    test('server-overloaded: marks each line on the machine, names machine, sum and capacity, and what fits', async () => {
        const result = await check(model({
            ...two,
            servers: 'server node { cpu 4 GHz ram 64 GB price 1 EUR/h count 1 }',
            rest: 'allocation now {\n    a on node x 2\n    b on node x 1\n}'
        }));
        const allocation = element<ast.Allocation>(result, 'Allocation', 'now');
        const found = withCode(result, Codes.serverOverloaded);
        expect(found.map(d => d.range)).toEqual(allocation.placements.map(p => p.$cstNode!.range));
        expect(found[0].message).toBe('node#1: idle CPU 4 GHz of instances is not below capacity 4 GHz (a 2 x 1.5, b 1 GHz); at most 2 a fit per machine, 1 in all beside the other lines');
        expect(found[1].message).toBe('node#1: idle CPU 4 GHz of instances is not below capacity 4 GHz (a 2 x 1.5, b 1 GHz); at most 3 b fit per machine, none fits beside the other lines');
        expect(found[0].data).toMatchObject({ component: 'a', perMachine: 2, largestFit: 1, machines: 1 });
    });

    test('server-overloaded: one error per line over all its machines ("15 fit per machine, 105 in all")', async () => {
        const result = await check(model({
            servers: 'server node { cpu 32 GHz ram 64 GB price 1 EUR/h count 7 }',
            components: 'component c { idle cpu 2 GHz ram 1 GB }',
            rest: 'allocation now {\n    c on node x 120\n}'
        }));
        const found = withCode(result, Codes.serverOverloaded);
        expect(found).toHaveLength(1);
        // 120 over 7 machines: 18 on one, 17 on the others (34 GHz): every machine is over 32 GHz.
        expect(found[0].message).toMatch(/^node#\d \(and 6 more of the 7 node machines\): idle CPU 36 GHz of instances is not below capacity 32 GHz \(c 18 x 2 GHz\); at most 15 c fit per machine, 105 in all beside the other lines$/);
        expect(found[0].data).toMatchObject({ perMachine: 15, largestFit: 105, machines: 7 });
    });

    test('server-overloaded: instances are spread, so x 2 over 2 machines fits where x 4 does not', async () => {
        const base = { ...two, servers: 'server node { cpu 3.5 GHz ram 64 GB price 1 EUR/h count 2 }' };
        const fits = await check(model({ ...base, rest: 'allocation now { a on node x 2 b on node x 1 }' }));
        expect(withCode(fits, Codes.serverOverloaded)).toEqual([]);
        // x 4: two a per machine (3 GHz), then b joins machine 1 (4 GHz >= 3.5 GHz).
        const over = await check(model({ ...base, rest: 'allocation now { a on node x 4 b on node x 1 }' }));
        expect(withCode(over, Codes.serverOverloaded).length).toBeGreaterThan(0);
    });

    test('server-overloaded: beyond 20 overloaded lines of an allocation, no largest fit is computed (the check runs while typing)', async () => {
        const names = Array.from({ length: 21 }, (_, i) => `c${i}`);
        const result = await check(model({
            servers: 'server node { cpu 4 GHz ram 64 GB price 1 EUR/h count 1 }',
            components: names.map(n => `component ${n} { idle cpu 1 GHz ram 1 GB }`).join('\n'),
            steps: names.map(n => `step s${n} { runs on ${n} cpu 1 GHz*s }`).join('\n'),
            processes: `process p { steps ${names.map(n => `s${n}`).join(' -> ')} every exponential(mean 10 s) }`,
            rest: `allocation now {\n${names.map(n => `    ${n} on node x 1`).join('\n')}\n}`
        }));
        const found = withCode(result, Codes.serverOverloaded);
        expect(found).toHaveLength(21);
        expect(found.slice(0, 20).every(d => typeof (d.data as { largestFit: unknown }).largestFit === 'number')).toBe(true);
        expect((found[20].data as { largestFit: unknown }).largestFit).toBeNull();
        expect(found[20].message).toMatch(/; at most 3 c20 fit per machine$/);
    });

    test('gpu-step-no-gpu-instance: marks the server of the component line', async () => {
        const result = await check(model({
            servers: 'server node { cpu 32 GHz ram 64 GB price 1 EUR/h }\nserver g { cpu 32 GHz gpu 100 TOPS ram 64 GB price 3 EUR/h }',
            steps: 'step st { runs on c cpu 1 GHz*s gpu 1 TOPS*s }',
            rest: 'optimize { seed 1 }\nallocation now { c on node x 1 }'
        }));
        const allocation = element<ast.Allocation>(result, 'Allocation', 'now');
        expectOne(result, Codes.gpuStepNoGpuInstance, 1, allocation.placements[0], 'server');
    });

    test('limit-below-one: on the limit value', async () => {
        const result = await check(model({ rest: 'allocation now { c on node x 1 limit st to 0 }' }));
        const allocation = element<ast.Allocation>(result, 'Allocation', 'now');
        expectOne(result, Codes.limitBelowOne, 1, allocation.limits[0], 'value');
    });
});

describe('6. currency', () => {
    test('mixed-currency: the second currency is marked on its unit', async () => {
        const result = await check(model({ servers: 'server node { cpu 32 GHz ram 64 GB price 1 EUR/h }\nserver b { cpu 8 GHz ram 8 GB price 2 USD/h }' }));
        const server = element<ast.Server>(result, 'Server', 'b');
        const d = expectOne(result, Codes.mixedCurrency, 1, server.price!, 'unit');
        expect(d.message).toContain('USD');
        expect(d.message).toContain('EUR');
    });
});

describe('7-10. warnings', () => {
    test('deadline-unreachable: constant work on the fastest eligible machine', async () => {
        const result = await check(model({
            servers: 'server slow { cpu 2 GHz ram 64 GB price 1 EUR/h }\nserver fast { cpu 4 GHz ram 64 GB price 2 EUR/h }',
            steps: 'step st { runs on c cpu constant(10 GHz*s) threads 1 }',
            processes: 'process p { steps st every exponential(mean 1 min) deadline 2 s }'
        }));
        const d = expectOne(result, Codes.deadlineUnreachable, 2, element(result, 'Process', 'p'), 'deadline');
        // 10 GHz*s on 4 GHz: 2.5 s > 2 s.
        expect(d.message).toContain('best case 2.5 s');
        expect(d.message).toContain('on fast');
    });

    test('deadline-unreachable: not for exponential work, whose best case is 0', async () => {
        const result = await check(model({
            steps: 'step st { runs on c cpu exponential(mean 1000 GHz*s) }',
            processes: 'process p { steps st every exponential(mean 1 h) deadline 1 s }'
        }));
        expect(withCode(result, Codes.deadlineUnreachable)).toEqual([]);
    });

    test('offered-load: mean work per second above the machine speed', async () => {
        const result = await check(model({
            servers: 'server node { cpu 2 GHz ram 64 GB price 1 EUR/h }',
            components: 'component c { idle cpu 0.1 GHz ram 1 GB }',
            steps: 'step st { runs on c cpu exponential(mean 3 GHz*s) }',
            processes: 'process p { steps st every exponential(mean 1 s) }',
            rest: 'allocation now { c on node x 1 }'
        }));
        const allocation = element<ast.Allocation>(result, 'Allocation', 'now');
        const d = expectOne(result, Codes.offeredLoad, 2, allocation.placements[0]);
        expect(d.message).toContain('3 GHz is not below capacity 2 GHz');
    });

    test('bandwidth-exceeded: on the step net rate, naming the allocation', async () => {
        const result = await check(model({
            servers: 'server node { cpu 32 GHz ram 64 GB net in 1 Gbps out 1 Gbps price 1 EUR/h }',
            steps: 'step st { runs on c cpu 1 GHz*s net out 1500 Mbps }',
            rest: 'allocation now { c on node x 1 }'
        }));
        const step = element<ast.Step>(result, 'Step', 'st');
        const d = expectOne(result, Codes.bandwidthExceeded, 2, step, 'netOut');
        expect(d.message).toContain('1500 Mbps');
        expect(d.message).toContain('node 1000 Mbps');
    });

    test('unused-element: a component no step runs on, a step no process uses', async () => {
        const result = await check(model({
            components: 'component c { idle cpu 0.5 GHz ram 1 GB }\ncomponent spare { }',
            steps: 'step st { runs on c cpu 1 GHz*s }\nstep extra { runs on c }'
        }));
        const found = withCode(result, Codes.unusedElement);
        expect(found.map(d => marked(result, d)).sort()).toEqual(['extra', 'spare']);
        expect(found.every(d => d.severity === 2)).toBe(true);
    });

    test('unused-element: a server no allocation uses, only without an optimize block', async () => {
        const servers = 'server node { cpu 32 GHz ram 64 GB price 1 EUR/h }\nserver idle_kind { cpu 8 GHz ram 8 GB price 1 EUR/h }';
        const without = await check(model({ servers, rest: 'allocation now { c on node x 1 }' }));
        expectOne(without, Codes.unusedElement, 2, element(without, 'Server', 'idle_kind'), 'name');
        const withOptimize = await check(model({ servers, rest: 'allocation now { c on node x 1 }\noptimize { seed 3 }' }));
        expect(withCode(withOptimize, Codes.unusedElement)).toEqual([]);
    });

    test('threads-above-instances: on threads, naming the instance count', async () => {
        const result = await check(model({
            steps: 'step st { runs on c cpu 1 GHz*s threads 3 }',
            rest: 'allocation now { c on node x 2 }'
        }));
        const d = expectOne(result, Codes.threadsAboveInstances, 2, element(result, 'Step', 'st'), 'threads');
        expect(d.message).toContain('2 instances');
    });
});

describe('performance risks before any run (issue 13, item 5)', () => {
    const fraud = (component: string, rest = 'allocation current { scorer on node x 2 }') => model({
        components: component,
        steps: 'step score { runs on scorer cpu 0.01 GHz*s }',
        processes: 'process scoring { steps score every exponential(mean 50 ms) deadline 200 ms }',
        rest
    });
    const scorer = 'component scorer { idle cpu 0.1 GHz ram 1 GB startup 5 s }';

    test('cold-start-risk: on the startup of a non-permanent component slower than a deadline it serves, with keepalive 0', async () => {
        const result = await check(fraud(scorer));
        const d = expectOne(result, Codes.coldStartRisk, 2, element(result, 'Component', 'scorer'), 'startup');
        expect(d.message).toContain('component scorer starts in 5 s, longer than the deadline 200 ms of process scoring');
        expect(d.message).toContain('not permanent while keepalive is 0 s');
        expect(d.data).toMatchObject({ component: 'scorer', process: 'scoring', startupSeconds: 5, deadlineSeconds: 0.2, keepalive: '1 s' });
    });

    test('cold-start-risk: also without an allocation (the optimizer may leave it non-permanent)', async () => {
        expect(withCode(await check(fraud(scorer, '')), Codes.coldStartRisk)).toHaveLength(1);
    });

    test('cold-start-risk: not when permanent, placed permanent, kept alive, or the startup is within the deadline', async () => {
        const none = async (text: string) => expect(withCode(await check(text), Codes.coldStartRisk)).toEqual([]);
        await none(fraud(scorer.replace('startup 5 s', 'startup 5 s permanent')));
        await none(fraud(scorer, 'allocation current { scorer on node x 2 permanent }'));
        await none(fraud(scorer, 'allocation current { scorer on node x 2 }\noptimize { keepalive 30 s }'));
        await none(fraud(scorer.replace('startup 5 s', 'startup 100 ms')));
        // One line permanent and one not: the other may still cold-start.
        expect(withCode(await check(fraud(scorer, 'allocation current { scorer on node x 1 permanent scorer on node x 1 }')), Codes.coldStartRisk)).toHaveLength(1);
    });
});

describe('follow-up diagnostics stay away from broken parts', () => {
    test('an unresolved component does not make the others "unused" nor crash allocation checks', async () => {
        const result = await check(model({
            steps: 'step st { runs on cc cpu 1 GHz*s }',
            rest: 'allocation now { c on node x 1 }'
        }));
        expect(result.diagnostics.map(codeOf)).toEqual([Codes.unresolvedName]);
    });

    test('a component with a unit error is left out of the allocation checks', async () => {
        const result = await check(model({
            components: 'component c { idle cpu 0.5 GB ram 1 GB }',
            rest: 'allocation now { c on node x 1 }'
        }));
        expect(result.diagnostics.map(codeOf)).toEqual([Codes.wrongUnit]);
    });
});
