/**
 * The editor on the fields of issue 17 items 2 and 4 (`profile`, `priority`):
 * completion of the keywords and of a phase length's units, hovers, and the
 * checks with their codes (docs/language.md).
 */
import { afterEach, describe, expect, test } from 'vitest';
import { clearDocuments, expectCompletion, expectHover } from 'langium/test';
import type { CompletionList } from 'vscode-languageserver';
import { services } from './helpers.js';
import { unitsOf } from '../../../src/model/units.js';
import { check, withCode } from '../validation/helpers.js';
import { Codes } from '../../../src/language/validation/codes.js';
import { parseModel } from '../../../src/language/load.js';

const complete = expectCompletion(services);
const hover = expectHover(services);

async function labelsAt(text: string): Promise<string[]> {
    let labels: string[] = [];
    await complete({ text, index: 0, assert: (list: CompletionList) => { labels = list.items.map(i => i.label); } });
    return labels;
}

const head = `system s
server node { cpu 8 GHz ram 16 GB price 1 EUR/h }
component c { idle cpu 0.1 GHz ram 1 GB }
step st { runs on c cpu 1 GHz*s }
`;

describe('profile and priority in the editor', () => {
    afterEach(() => clearDocuments(services.shared));

    test('completion offers profile, priority and preemptive in a process, and time units for a phase length', async () => {
        expect(await labelsAt(`${head}process p { steps st every 10 s <|> }`)).toEqual(expect.arrayContaining(['profile', 'priority']));
        expect(await labelsAt(`${head}process p { steps st every 10 s priority 2 <|> }`)).toContain('preemptive');
        expect(await labelsAt(`${head}process p { steps st every 10 s profile [0.5 x 6 <|>] }`)).toEqual(expect.arrayContaining(unitsOf('time')));
    });

    test('hovers explain the keywords and summarize a profile (cycle, mean factor, phases)', async () => {
        const text = `${head}process p { steps st every 10 s <|>profile [0.5 <|>x 6 h "night", 2 x 18 h<|>] <|>priority 2 <|>preemptive }`;
        await hover({ text, index: 0, hover: /rate multipliers over a repeating cycle/ });
        await hover({ text, index: 1, hover: /FACTOR x LENGTH/ });
        await hover({ text, index: 2, hover: /A cycle of 24 h repeating from time 0; the mean rate over it is 1\.625 × the rate of `every`/ });
        await hover({ text, index: 2, hover: /\| night \| 0 – 6 h \| × 0\.5 \|/ });
        await hover({ text, index: 3, hover: /higher is served first/ });
        await hover({ text, index: 4, hover: /interrupt running parts of lower priority/ });
    });

    test('checks: a negative factor, all factors 0, a length without a time unit, a fractional priority', async () => {
        const result = await check(`${head}process p { steps st every 10 s profile [1 x 1 h, -1 x 2 h] priority 1.5 }
process q { steps st every 10 s profile [0 x 1 h, 0 x 3 GB] }`);
        expect(withCode(result, Codes.invalidProfile).map(d => d.message)).toEqual([
            'profile of process p, phase 2: the rate factor must not be negative, got -1',
            'profile of process q: every factor is 0, so no run would ever arrive; give at least one phase a factor above 0'
        ]);
        expect(withCode(result, Codes.wrongUnit)).toHaveLength(1);
        expect(withCode(result, Codes.notInteger).map(d => d.message)).toEqual(['priority of process p must be a whole number, got 1.5']);
    });

    test('the model carries the fields only where written; the printed model reads back the same', async () => {
        const { modelToText } = await import('../../../src/model/print-model.js');
        const model = await parseModel(`${head}process p { steps st every 10 s profile [0.5 x 6 h "night", 2 x 18 h] priority -1 preemptive }
process q { steps st every 10 s }`);
        expect(model.processes[0]).toMatchObject({ profile: [{ factor: 0.5, seconds: 21_600, label: 'night' }, { factor: 2, seconds: 64_800 }], priority: -1, preemptive: true });
        expect(Object.keys(model.processes[1])).not.toEqual(expect.arrayContaining(['profile']));
        expect('priority' in model.processes[1] || 'preemptive' in model.processes[1]).toBe(false);
        const again = await parseModel(modelToText(model));
        expect(again.processes).toEqual(model.processes);
    });
});
