import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { clearDocuments, expectFormatting, parseHelper } from 'langium/test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { services } from './helpers.js';
import { loadModel } from '../../../src/language/load.js';

const parse = parseHelper(services);

async function format(text: string): Promise<string> {
    const document = await parse(text);
    const edits = await services.lsp.Formatter!.formatDocument(document, {
        textDocument: { uri: document.uri.toString() },
        options: { tabSize: 4, insertSpaces: true }
    });
    return TextDocument.applyEdits(TextDocument.create('x', 'mlops', 0, text), edits);
}

const examples = readdirSync('examples').filter(f => f.endsWith('.mlops')).map(f => `examples/${f}`);

describe('formatting', () => {
    afterEach(() => clearDocuments(services.shared));

    test('one field per line, 4-space indent, single spaces, -> and units tight', async () => {
        await expectFormatting(services)({
            before: [
                'system   demo',
                'server big{cpu 32   GHz ram 64 GB',
                '  net in 1 Gbps out 2 Gbps price 1.2 EUR / h count 2}',
                'component api { idle cpu 0.1 GHz ram 1 GB permanent startup 2 s }',
                'step serve {runs on api cpu lognormal ( mean 0.5 GHz * s , cv 0.5 ) }',
                'process p { steps serve->serve   ->  serve every exponential(mean 1 s) weight time 2 variance 1 }',
                'allocation now { api on big x 2 permanent limit serve to 1 }',
                'optimize { seed 4 prefer time 1 cost 2 }'
            ].join('\n'),
            after: [
                'system demo',
                'server big {',
                '    cpu 32 GHz',
                '    ram 64 GB',
                '    net in 1 Gbps out 2 Gbps',
                '    price 1.2 EUR/h',
                '    count 2',
                '}',
                'component api {',
                '    idle cpu 0.1 GHz ram 1 GB',
                '    permanent',
                '    startup 2 s',
                '}',
                'step serve {',
                '    runs on api',
                '    cpu lognormal(mean 0.5 GHz*s, cv 0.5)',
                '}',
                'process p {',
                '    steps serve -> serve -> serve',
                '    every exponential(mean 1 s)',
                '    weight time 2 variance 1',
                '}',
                'allocation now {',
                '    api on big x 2 permanent',
                '    limit serve to 1',
                '}',
                'optimize {',
                '    seed 4',
                '    prefer time 1 cost 2',
                '}'
            ].join('\n')
        });
    });

    test('blank lines between elements and fields are kept (at most one); comments stay', async () => {
        await expectFormatting(services)({
            before: [
                'system s',
                '',
                '',
                '',
                '/** The only server. */',
                'server a {',
                'cpu 1 GHz      // trailing comment keeps its spacing',
                '',
                '',
                '        // a comment on its own line',
                ' ram 1 GB }',
                'component b {}'
            ].join('\n'),
            after: [
                'system s',
                '',
                '/** The only server. */',
                'server a {',
                '    cpu 1 GHz      // trailing comment keeps its spacing',
                '',
                '    // a comment on its own line',
                '    ram 1 GB',
                '}',
                'component b {}'
            ].join('\n')
        });
    });

    test('names that are keywords elsewhere are formatted as names', async () => {
        await expectFormatting(services)({
            before: 'system s\ncomponent   time {   }\nstep cpu { runs   on time }',
            after: 'system s\ncomponent time {}\nstep cpu {\n    runs on time\n}'
        });
    });

    test('a file with CRLF line ends keeps them', async () => {
        const text = 'system s\r\n\r\n/** doc */\r\nserver a { cpu 1 GHz // c\r\n  // own\r\n ram 1 GB }\r\ncomponent b {\r\n}\r\n';
        const once = await format(text);
        expect(once).toBe('system s\r\n\r\n/** doc */\r\nserver a {\r\n    cpu 1 GHz // c\r\n    // own\r\n    ram 1 GB\r\n}\r\ncomponent b {}\r\n');
        expect(await format(once)).toBe(once);
    });

    test('a document with a syntax error is left alone', async () => {
        expect(await format('system s\nserver a { cpu 1 GHz ram }\n   component  b {}')).toBe('system s\nserver a { cpu 1 GHz ram }\n   component  b {}');
    });

    test.each(examples)('%s: idempotent and the model is unchanged', async (file) => {
        const text = readFileSync(file, 'utf8');
        const once = await format(text);
        expect(await format(once)).toBe(once);
        const before = await loadModel(text);
        const after = await loadModel(once);
        expect(after.model).toEqual(before.model);
        expect(after.diagnostics.map(d => d.message)).toEqual(before.diagnostics.map(d => d.message));
    });

    test('any whitespace between tokens formats to the same text', async () => {
        // A comment-free model: comments keep their own spacing by design.
        const tokens = readFileSync('examples/retail.mlops', 'utf8')
            .replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '')
            .trim().match(/"(?:\\.|[^"\\])*"|[^\s"]+/g)!;
        const canonical = await format(tokens.join(' '));
        await fc.assert(fc.asyncProperty(
            fc.array(fc.constantFrom(' ', '   ', '\n', ' \n    ', '\t'), { minLength: tokens.length, maxLength: tokens.length }),
            async (gaps) => {
                const text = tokens.map((t, i) => (i === 0 ? '' : gaps[i]) + t).join('');
                expect(await format(text)).toBe(canonical);
            }
        ), { numRuns: 25 });
    });
});
