/**
 * The communication fields in the language (docs/language.md,
 * "Communication"): `data in/out` and `split serial/overhead` of a step,
 * `latency` of the optimize block. Built in base units, checked with codes,
 * completed with their units, explained in hovers, printed back.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { clearDocuments, expectCompletion, expectFormatting, expectHover } from 'langium/test';
import type { CompletionList } from 'vscode-languageserver';
import { parseModel } from '../../src/language/load.js';
import { modelToText } from '../../src/model/print-model.js';
import { unitsOf } from '../../src/model/units.js';
import { Codes } from '../../src/language/validation/codes.js';
import type * as ast from '../../src/language/generated/ast.js';
import { check, clear, element, expectOne, marked, model, withCode } from './validation/helpers.js';
import { services } from './lsp/helpers.js';

const text = `system s
server node { cpu 32 GHz gpu 100 TOPS ram 64 GB net in 1 Gbps out 1 Gbps price 1 EUR/h count 4 }
component c { idle cpu 0.1 GHz ram 1 GB }
step load { runs on c cpu 1 GHz*s data in 2 GB out 200 MB }
step train { runs on c gpu 4 TOPS*s threads 4 split serial 0.05 overhead 0.5 TOPS*s data in 200 MB }
step fit { runs on c cpu 8 GHz*s threads 4 split overhead 1 GHz*min }
process p { steps load -> train -> fit every exponential(mean 10 s) }
allocation current { c on node x 4 }
optimize { latency 2 ms }
`;

describe('model', () => {
    test('the fields in base units: MB, the overhead by its kind of work, the latency in seconds; absent fields stay absent', async () => {
        const m = await parseModel(text);
        const [load, train, fit] = m.steps;
        expect(load).toMatchObject({ dataInMB: 2000, dataOutMB: 200 });
        expect(load.splitSerial).toBeUndefined();
        expect(train).toMatchObject({ splitSerial: 0.05, splitOverheadGpuTOPSSeconds: 0.5, dataInMB: 200 });
        expect(train.splitOverheadCpuGHzSeconds).toBeUndefined();
        expect(fit).toMatchObject({ splitOverheadCpuGHzSeconds: 60 });
        expect('dataInMB' in fit).toBe(false);
        expect(m.optimize.latencySeconds).toBeCloseTo(0.002, 15);
    });

    test('printed back, the model reads as the same model', async () => {
        const m = await parseModel(text);
        expect(await parseModel(modelToText(m))).toEqual(m);
    });
});

describe('checks', () => {
    afterEach(clear);
    const steps = (s: string) => model({ steps: s, processes: 'process p { steps st every exponential(mean 10 s) }' });

    test('the fields validate when right', async () => {
        const result = await check(model({ steps: 'step st { runs on c cpu 1 GHz*s ram 100 MB threads 2 data in 1 GB out 1 MB split serial 0 overhead 1 MHz*s }', rest: 'optimize { latency 0 s }' }));
        expect(result.diagnostics).toEqual([]);
    });

    test('invalid-split-cost: a serial fraction of 1 or more', async () => {
        const result = await check(steps('step st { runs on c cpu 1 GHz*s threads 2 split serial 1 }'));
        const d = expectOne(result, Codes.invalidSplitCost, 1, element<ast.Step>(result, 'Step', 'st'), 'splitSerial');
        expect(marked(result, d)).toBe('1');
        expect(d.message).toContain('below 1');
    });

    test('invalid-split-cost: an overhead of a kind of work the step does not have', async () => {
        const result = await check(steps('step st { runs on c cpu 1 GHz*s threads 2 split overhead 1 TOPS*s }'));
        const d = withCode(result, Codes.invalidSplitCost);
        expect(d).toHaveLength(1);
        expect(marked(result, d[0])).toBe('TOPS*s');
        expect(d[0].message).toContain('GHz*s');
    });

    test('wrong-unit: an overhead that is no work, data that is no memory, a latency that is no time', async () => {
        const result = await check(model({ steps: 'step st { runs on c cpu 1 GHz*s threads 2 split overhead 1 GHz data in 3 Mbps }', rest: 'optimize { latency 2 MB }' }));
        const d = withCode(result, Codes.wrongUnit);
        expect(d.map(x => marked(result, x)).sort()).toEqual(['GHz', 'MB', 'Mbps']);
        expect(d.find(x => marked(result, x) === 'GHz')!.message).toMatch(/CPU work .* or GPU work/);
    });

    test('missing-field: `data` or `split` alone; negative amounts; a field given twice', async () => {
        const result = await check(steps('step st { runs on c cpu 1 GHz*s threads 2 data split }'));
        expect(withCode(result, Codes.missingField).map(x => marked(result, x)).sort()).toEqual(['data', 'split']);
        const twice = await check(steps('step st { runs on c cpu 1 GHz*s net in 1 Mbps data in 1 MB data in 2 MB }'));
        expect(withCode(twice, Codes.duplicateField)).toHaveLength(1);
        const negative = await check(steps('step st { runs on c cpu 1 GHz*s data out -1 MB }'));
        expect(withCode(negative, Codes.invalidNumber)).toHaveLength(1);
    });

    test('split-cost-unused: a split cost on a step that is never split is a warning', async () => {
        const result = await check(steps('step st { runs on c cpu 1 GHz*s split serial 0.2 }'));
        const d = withCode(result, Codes.splitCostUnused);
        expect(d.map(x => [x.severity, marked(result, x)])).toEqual([[2, 'split']]);
    });
});

describe('editor', () => {
    afterEach(() => clearDocuments(services.shared));
    const complete = expectCompletion(services);
    const hover = expectHover(services);
    async function labelsAt(source: string): Promise<string[]> {
        let labels: string[] = [];
        await complete({ text: source, index: 0, assert: (list: CompletionList) => { labels = list.items.map(i => i.label); } });
        return labels;
    }

    test('completion: memory units after data, work units of the step\'s kind after overhead, time units after latency', async () => {
        expect(await labelsAt('system s\nstep a { data in 200 <|> }')).toEqual(expect.arrayContaining(unitsOf('memory')));
        expect(await labelsAt('system s\nstep a { cpu 1 GHz*s split overhead 1 <|> }')).toEqual(expect.arrayContaining(unitsOf('cpuWork')));
        const gpu = await labelsAt('system s\nstep a { gpu 1 TOPS*s split overhead 1 <|> }');
        expect(gpu).toEqual(expect.arrayContaining(unitsOf('gpuWork')));
        expect(gpu).not.toContain('GHz*s');
        expect(await labelsAt('system s\noptimize { latency 2 <|> }')).toEqual(expect.arrayContaining(['ms', 's']));
        expect(await labelsAt('system s\nstep a { <|> }')).toEqual(expect.arrayContaining(['data', 'split']));
        expect(await labelsAt('system s\nstep a { split <|> }')).toEqual(expect.arrayContaining(['serial', 'overhead']));
    });

    test('formatting: data and split are fields of their own line, latency too', async () => {
        await expectFormatting(services)({
            before: 'system s\nstep a { runs on c cpu 1 GHz*s threads 2 data in 2 GB out 1 MB split serial 0.1 overhead 1 GHz * s }\noptimize { seed 1 latency 2 ms }',
            after: [
                'system s', 'step a {', '    runs on c', '    cpu 1 GHz*s', '    threads 2', '    data in 2 GB out 1 MB', '    split serial 0.1 overhead 1 GHz*s', '}',
                'optimize {', '    seed 1', '    latency 2 ms', '}'
            ].join('\n')
        });
    });

    test('hover on a step names its data and split cost', async () => {
        await hover({ text: 'system s\nstep <|>a { runs on c cpu 1 GHz*s threads 2 data in 2 GB split overhead 1 GHz*s }', index: 0,
            hover: /data in 2,000 MB, out 0 MB · split overhead 1 GHz\*s per other part/ });
    });

    test('hover: the keywords say what they mean; the quantities show base units', async () => {
        const source = `system s
step a { runs on c cpu 1 GHz*s threads 2 <|>data in 2 G<|>B <|>split <|>serial 0.1 <|>overhead 1 GHz*s }
optimize { <|>latency 2 ms }
`;
        await hover({ text: source, index: 0, hover: /larger of this step's `out` and the next step's `in`/ });
        await hover({ text: source, index: 1, hover: /\*\*2,000 MB\*\*/ });
        await hover({ text: source, index: 2, hover: /S W \+ \(1 − S\) W \/ k/ });
        await hover({ text: source, index: 3, hover: /Amdahl/ });
        await hover({ text: source, index: 4, hover: /\(k − 1\) × overhead/ });
        await hover({ text: source, index: 5, hover: /every transfer of data between two machines/ });
    });
});
