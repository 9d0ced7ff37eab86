import { afterEach, describe, expect, test } from 'vitest';
import { clearDocuments, parseHelper } from 'langium/test';
import { services } from './helpers.js';
import { openCall } from '../../../src/language/lsp/signature-help.js';

const parse = parseHelper(services);

async function helpAt(textWithCursor: string) {
    const offset = textWithCursor.indexOf('|');
    const text = textWithCursor.replace('|', '');
    const document = await parse(text);
    return services.lsp.SignatureHelp!.provideSignatureHelp(document, {
        textDocument: { uri: document.uri.toString() }, position: document.textDocument.positionAt(offset)
    });
}

describe('signature help', () => {
    afterEach(() => clearDocuments(services.shared));

    test('after `exponential(` while typing', async () => {
        const help = await helpAt('system s\nprocess p { every exponential(| }');
        expect(help?.signatures[0].label).toBe('exponential(mean X)');
        expect(help?.activeParameter).toBe(0);
    });

    test('the parameter after a comma is active', async () => {
        const help = await helpAt('system s\nstep a { cpu normal(mean 1 GHz*s, |) }');
        expect(help?.signatures[0].label).toBe('normal(mean X, sd Y)');
        expect(help?.activeParameter).toBe(1);
    });

    test('nothing outside a distribution or after it is closed', async () => {
        expect(await helpAt('system s\nstep a { cpu 1 GHz*s | }')).toBeUndefined();
        expect(await helpAt('system s\nstep a { cpu constant(1 GHz*s) | }')).toBeUndefined();
    });

    test('openCall finds the innermost open call and counts its commas', () => {
        expect(openCall('cpu erlang(2, mean 3')).toEqual({ name: 'erlang', commas: 1 });
        expect(openCall('uniform(1 s, 2 s) every gamma(')).toEqual({ name: 'gamma', commas: 0 });
        expect(openCall('no call here')).toBeUndefined();
    });
});
