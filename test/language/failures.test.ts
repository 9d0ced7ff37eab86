/**
 * The failure fields of a server kind (`mtbf`, `mttr`; docs/language.md,
 * "Failures"): built into the model, checked, completed and explained.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { clearDocuments, expectCompletion, expectHover } from 'langium/test';
import type { CompletionList } from 'vscode-languageserver';
import { parseModel } from '../../src/language/load.js';
import { modelToText } from '../../src/model/print-model.js';
import { Codes } from '../../src/language/validation/codes.js';
import { check, clear, withCode } from './validation/helpers.js';
import { services } from './lsp/helpers.js';

const base = (server: string) => `system s
server big { cpu 8 GHz ram 16 GB price 1 EUR/h ${server} }
component api { idle cpu 0.1 GHz ram 1 GB }
step serve { runs on api cpu 1 GHz*s }
process p { steps serve every exponential(mean 1 s) }
allocation a { api on big x 1 }
`;

describe('mtbf and mttr', () => {
    afterEach(async () => { await clear(); await clearDocuments(services.shared); });

    test('a bare quantity is the mean of an exponential time; a distribution is taken as written', async () => {
        const model = await parseModel(base('mtbf 500 h mttr constant(30 min)'));
        expect(model.servers[0].mtbfSeconds).toEqual({ kind: 'exponential', mean: 500 * 3600 });
        expect(model.servers[0].mttrSeconds).toEqual({ kind: 'constant', value: 1800 });
    });

    test('a printed model reads back with the same failure times', async () => {
        const model = await parseModel(base('mtbf gamma(mean 400 h, cv 0.5) mttr 2 h'));
        const again = await parseModel(modelToText(model));
        expect(again.servers[0].mtbfSeconds).toEqual(model.servers[0].mtbfSeconds);
        expect(again.servers[0].mttrSeconds).toEqual({ kind: 'exponential', mean: 7200 });
    });

    test('a server without them has no failure fields at all (old models keep their shape)', async () => {
        const model = await parseModel(base(''));
        expect('mtbfSeconds' in model.servers[0]).toBe(false);
        expect('mttrSeconds' in model.servers[0]).toBe(false);
    });

    test('one without the other is an error with its code; both are fine', async () => {
        const alone = await check(base('mtbf 500 h'));
        expect(withCode(alone, Codes.failureFieldAlone).map(d => d.message)).toEqual([
            "server big has 'mtbf' but no 'mttr': failures need both the time between failures and the time to repair (e.g. mtbf 500 h mttr 2 h)"
        ]);
        const repairOnly = await check(base('mttr 2 h'));
        expect(withCode(repairOnly, Codes.failureFieldAlone)).toHaveLength(1);
        const both = await check(base('mtbf 500 h mttr 2 h'));
        expect(both.diagnostics.filter(d => d.severity === 1)).toEqual([]);
    });

    test('they are times, positive, given once', async () => {
        const wrong = await check(base('mtbf 500 GB mttr 2 h'));
        expect(withCode(wrong, Codes.wrongUnit)).toHaveLength(1);
        const zero = await check(base('mtbf 0 h mttr 2 h'));
        expect(withCode(zero, Codes.nonPositive)).toHaveLength(1);
        const twice = await check(base('mtbf 5 h mtbf 6 h mttr 2 h'));
        expect(withCode(twice, Codes.duplicateField)).toHaveLength(1);
    });

    test('completion offers the keywords in a server, time units after the number and the distributions with a time unit', async () => {
        const complete = expectCompletion(services);
        let labels: string[] = [];
        const labelsAt = async (text: string) => {
            await complete({ text, index: 0, assert: (list: CompletionList) => { labels = list.items.map(i => i.label); } });
            return labels;
        };
        expect(await labelsAt('system s\nserver a { <|> }')).toEqual(expect.arrayContaining(['mtbf', 'mttr']));
        const units = await labelsAt('system s\nserver a { mtbf 500 <|> }');
        expect(units).toEqual(expect.arrayContaining(['s', 'min', 'h']));
        expect(units).not.toContain('GB');
        let snippet: string | undefined;
        await complete({
            text: 'system s\nserver a { mttr exp<|> }', index: 0,
            assert: (list: CompletionList) => { snippet = list.items.find(i => i.label === 'exponential')?.insertText; }
        });
        expect(snippet).toBe('exponential(mean ${1:1} ${2:s})');
    });

    test('hovering the keywords explains them', async () => {
        const hover = expectHover(services);
        await hover({ text: 'system s\nserver a { <|>mtbf 500 h <|>mttr 2 h }', index: 0, hover: /Mean time between failures of one machine/ });
        await hover({ text: 'system s\nserver a { <|>mtbf 500 h <|>mttr 2 h }', index: 1, hover: /Mean time to repair a failed machine/ });
        // The server's summary gives the long-run availability, 500 / 502.
        await hover({ text: 'system s\nserver <|>a { cpu 1 GHz ram 1 GB price 1 EUR/h mtbf 500 h mttr 2 h }', index: 0, hover: /available 99\.602% of the time/ });
    });
});
