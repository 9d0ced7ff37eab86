import { afterEach, describe, expect, test } from 'vitest';
import { clearDocuments, expectCompletion } from 'langium/test';
import { CompletionItemKind, InsertTextFormat, type CompletionList } from 'vscode-languageserver';
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

    test('right after a number nothing is offered (Tab in a snippet moves on instead of gluing a word to it)', async () => {
        expect(await labelsAt('system s\nserver a { ram 4<|> }')).toEqual([]);
        expect(await labelsAt('system s\nserver a { price 1.2<|> EUR/h\n count 1 }')).toEqual([]);
        expect(await labelsAt('system s\nserver a { price 1 EUR/h\n count 6<|> }\ncomponent scorer {}')).toEqual([]);
        expect(await labelsAt('system s\nstep a { cpu lognormal(mean .5<|>) }')).toEqual([]);
        // A name with digits is no number.
        expect(await labelsAt(base.replace(/\bdb\b/g, 'db2') + 'step x { runs on db<|> }')).toEqual(['db2']);
    });

    test('after the number and a space the unit replaces what is typed', async () => {
        await complete({
            text: 'system s\nserver a { ram 4 <|> }', index: 0,
            assert: (list) => expect(list.items.find(i => i.label === 'GB')!.textEdit?.newText).toBe('GB')
        });
    });

    test('a unit completion replaces the whole unit around the cursor', async () => {
        await complete({
            text: 'system s\nserver a { price 1.2 U<|>/h\n count 1 }', index: 0,
            assert: (list) => {
                const usd = list.items.find(i => i.label === 'USD/h')!;
                const edit = usd.textEdit as { newText: string; range: { start: { character: number }; end: { character: number } } };
                expect(edit.newText).toBe('USD/h');
                // `U/h` is columns 21-24 of `server a { price 1.2 U/h`.
                expect([edit.range.start.character, edit.range.end.character]).toEqual([21, 24]);
            }
        });
    });

    test('the name of a new element gets no words of the language', async () => {
        expect(await labelsAt('system s\nserver c<|> {\n}')).toEqual([]);
        expect(await labelsAt('system s\ncomponent <|>')).toEqual([]);
    });

    test('a distribution is one snippet item with the unit of its field, not a bare keyword', async () => {
        const items = async (text: string) => {
            let found: CompletionList['items'] = [];
            await complete({ text, index: 0, assert: (list: CompletionList) => { found = list.items; } });
            return found;
        };
        const cpu = await items('system s\ncomponent c {}\nstep a { runs on c cpu <|> }');
        const lognormal = cpu.filter(i => i.label === 'lognormal');
        expect(lognormal).toHaveLength(1);
        expect(lognormal[0].kind).toBe(CompletionItemKind.Snippet);
        expect(lognormal[0].insertTextFormat).toBe(InsertTextFormat.Snippet);
        expect(lognormal[0].textEdit?.newText).toBe('lognormal(mean ${1:1} ${2:GHz*s}, cv ${3:0.5})');
        expect(cpu.map(i => i.label).sort()).toEqual(['constant', 'erlang', 'exponential', 'gamma', 'lognormal', 'normal', 'uniform']);
        expect(cpu.every(i => i.kind === CompletionItemKind.Snippet)).toBe(true);
        const gpu = await items('system s\ncomponent c {}\nstep a { runs on c gpu norm<|> }');
        expect(gpu.map(i => i.textEdit?.newText)).toEqual(['normal(mean ${1:1} ${2:TOPS*s}, sd ${3:0.2} ${4:TOPS*s})']);
        const every = await items('system s\nprocess p { every exp<|> }');
        expect(every.map(i => i.textEdit?.newText)).toEqual(['exponential(mean ${1:1} ${2:s})']);
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
