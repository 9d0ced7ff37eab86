import { afterEach, describe, expect, test } from 'vitest';
import { clearDocuments, expectCompletion } from 'langium/test';
import type { CompletionList } from 'vscode-languageserver';
import { services } from './helpers.js';
import { unitsOf } from '../../../src/model/units.js';

const complete = expectCompletion(services);

async function labelsAt(text: string, index = 0): Promise<string[]> {
    let labels: string[] = [];
    await complete({ text, index, assert: (list: CompletionList) => { labels = list.items.map(i => i.label); } });
    return labels;
}

const base = `system s
server big { cpu 32 GHz ram 64 GB price 1 PLN/h }
server small { cpu 8 GHz ram 16 GB price 0.2 PLN/h }
component api { idle cpu 0.1 GHz ram 1 GB }
component db { idle cpu 0.1 GHz ram 1 GB }
step read { runs on db cpu 1 GHz*s }
step serve { runs on api cpu 1 GHz*s }
process p { steps read -> serve every exponential(mean 1 s) }
`;

describe('completion', () => {
    afterEach(() => clearDocuments(services.shared));

    test('after a memory number: memory units only', async () => {
        const labels = await labelsAt('system s\nserver a { ram 4 <|> }');
        expect(labels).toEqual(expect.arrayContaining(unitsOf('memory')));
        expect(labels).not.toContain('GHz');
        expect(labels).not.toContain('s');
    });

    test('after the cpu of a step: CPU work units, also inside a distribution', async () => {
        const work = ['GHz*s', 'GHz*min', 'GHz*h', 'MHz*s'];
        expect(await labelsAt('system s\nstep a { cpu 4 <|> }')).toEqual(expect.arrayContaining(work));
        const inDist = await labelsAt('system s\nstep a { cpu exponential(mean 3 <|>) }');
        expect(inDist).toEqual(expect.arrayContaining(work));
        expect(inDist).not.toContain('GHz');
    });

    test('after the cpu of a server: CPU speed units', async () => {
        const labels = await labelsAt('system s\nserver a { cpu 4 <|> }');
        expect(labels).toEqual(expect.arrayContaining(['MHz', 'GHz']));
        expect(labels).not.toContain('GHz*s');
    });

    test('after a price: the currency already used in the file, or EUR', async () => {
        const withPln = await labelsAt('system s\nserver a { price 1 PLN/h }\nserver b { price 1.2 <|> }');
        expect(withPln).toContain('PLN/h');
        expect(withPln).not.toContain('EUR/h');
        const fresh = await labelsAt('system s\nserver b { price 1.2 <|> }');
        expect(fresh).toEqual(expect.arrayContaining(['EUR/h', 'EUR/s', 'EUR/min', 'EUR/d']));
    });

    test('a currency being typed is completed', async () => {
        expect(await labelsAt('system s\nserver b { price 1.2 PL<|> }')).toContain('PLN/h');
        expect(await labelsAt('system s\nserver b { price 1.2 SEK<|> }')).toContain('SEK/h');
    });

    test('right after the number the unit is inserted with a space', async () => {
        await complete({
            text: 'system s\nserver a { ram 4<|> }', index: 0,
            assert: (list) => {
                const gb = list.items.find(i => i.label === 'GB')!;
                expect(gb.textEdit?.newText).toBe(' GB');
            }
        });
        await complete({
            text: 'system s\nserver a { ram 4 <|> }', index: 0,
            assert: (list) => expect(list.items.find(i => i.label === 'GB')!.textEdit?.newText).toBe('GB')
        });
    });

    test('after a time field: time units', async () => {
        expect(await labelsAt('system s\nprocess p { deadline 3 <|> }')).toEqual(expect.arrayContaining(['ms', 's', 'min', 'h', 'd']));
        expect(await labelsAt('system s\noptimize { horizon 3 <|> }')).toEqual(expect.arrayContaining(['h']));
    });

    test('a partly typed unit is completed', async () => {
        const labels = await labelsAt('system s\nserver a { ram 4 G<|> }');
        expect(labels).toEqual(expect.arrayContaining(['GB', 'GiB']));
    });

    test('runs on: components only', async () => {
        const labels = await labelsAt(base + 'step x { runs on <|> }');
        expect(labels.sort()).toEqual(['api', 'db']);
    });

    test('steps a -> b: steps only', async () => {
        const labels = await labelsAt(base + 'process q { steps read -> <|> }');
        expect(labels).toEqual(expect.arrayContaining(['read', 'serve']));
        expect(labels).not.toContain('api');
        expect(labels).not.toContain('big');
    });

    test('allocation line: components first, then servers after on', async () => {
        const start = await labelsAt(base + 'allocation a {\n    <|>\n}');
        expect(start).toEqual(expect.arrayContaining(['api', 'db', 'limit']));
        expect(start).not.toContain('big');
        const server = await labelsAt(base + 'allocation a {\n    api on <|>\n}');
        expect(server.sort()).toEqual(['big', 'small']);
        expect(await labelsAt(base + 'allocation a {\n    api <|>\n}')).toContain('on');
    });

    test('limit: steps only', async () => {
        const labels = await labelsAt(base + 'allocation a {\n    api on big x 1\n    limit <|>\n}');
        expect(labels.sort()).toEqual(['read', 'serve']);
    });

    test('keywords in context: fields of a step', async () => {
        const labels = await labelsAt('system s\nstep a {\n    <|>\n}');
        expect(labels).toEqual(expect.arrayContaining(['runs', 'cpu', 'gpu', 'ram', 'net', 'threads', 'label']));
        expect(labels).not.toContain('price');
    });

    test('reference candidates carry the target summary as documentation', async () => {
        await complete({
            text: base + 'step x { runs on <|> }', index: 0,
            assert: (list) => {
                const db = list.items.find(i => i.label === 'db');
                expect(JSON.stringify(db?.documentation)).toContain('Idle: CPU 0.1 GHz');
            }
        });
    });
});
