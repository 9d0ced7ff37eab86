import { afterEach, describe, expect, test } from 'vitest';
import { clearDocuments, parseHelper } from 'langium/test';
import { services, retail } from './helpers.js';
import { Codes } from '../../../src/language/validation/codes.js';

const parse = parseHelper(services);

/**
 * Half-typed documents (every prefix of the example, cut every 37
 * characters): no editor feature may throw, whatever the parser recovered.
 */
describe('editor features on half-typed documents', () => {
    afterEach(() => clearDocuments(services.shared));

    test('hover, completion, symbols, tokens, folding, formatting, code lens and quick fixes never throw', async () => {
        const lsp = services.lsp;
        let hovers = 0;
        for (let end = 1; end <= retail.length; end += 37) {
            const text = retail.slice(0, end);
            const document = await parse(text, { validation: true });
            const textDocument = { uri: document.uri.toString() };
            const position = document.textDocument.positionAt(text.length);
            await lsp.CompletionProvider!.getCompletion(document, { textDocument, position });
            for (const offset of [0, Math.floor(end / 3), Math.floor(end / 2), end - 1]) {
                if (await lsp.HoverProvider!.getHoverContent(document, { textDocument, position: document.textDocument.positionAt(offset) })) {
                    hovers++;
                }
            }
            await lsp.DocumentSymbolProvider!.getSymbols(document, { textDocument });
            await lsp.SemanticTokenProvider!.semanticHighlight(document, { textDocument });
            await lsp.FoldingRangeProvider!.getFoldingRanges(document, { textDocument });
            await lsp.Formatter!.formatDocument(document, { textDocument, options: { tabSize: 4, insertSpaces: true } });
            await lsp.CodeLensProvider!.provideCodeLens(document, { textDocument });
            const diagnostics = document.diagnostics ?? [];
            await lsp.CodeActionProvider!.getCodeActions(document, {
                textDocument, range: { start: position, end: position },
                context: { diagnostics: [...diagnostics, {
                    range: { start: position, end: position }, message: 'synthetic',
                    data: { code: Codes.missingInstance, component: 'trainer', allocation: 'current' }
                }] }
            });
        }
        expect(hovers).toBeGreaterThan(0);
    });
});

/**
 * Counts the validator rejects (count 1e308) still reach the model a hover or
 * a quick fix builds from the document: found by the editor fuzzer (the
 * missing-instance quick fix tried to list 1e308 machines).
 */
describe('editor features on a model with impossible counts', () => {
    afterEach(() => clearDocuments(services.shared));

    const text = `system s
server huge { cpu 16 GHz ram 64 GB price 1 EUR/h count 1e308 }
component api { idle cpu 0.5 GHz ram 1 GB }
component db { idle cpu 0.5 GHz ram 1 GB }
step t { runs on db cpu 1 GHz*s }
allocation now {
    api on huge x 2
}`;

    test('the count is an error; the allocation line hover and the missing-instance quick fix do not throw', async () => {
        const document = await parse(text, { validation: true });
        expect((document.diagnostics ?? []).map(d => (d.data as { code?: string }).code)).toContain(Codes.invalidNumber);
        const textDocument = { uri: document.uri.toString() };
        const position = document.textDocument.positionAt(text.indexOf('huge x 2'));
        await expect(services.lsp.HoverProvider!.getHoverContent(document, { textDocument, position })).resolves.not.toThrow();
        // The missing-instance diagnostic of db, as VS Code sends it back from before the count was typed.
        const missing = { range: { start: position, end: position }, message: 'missing', data: { code: Codes.missingInstance, component: 'db', allocation: 'now' } };
        const actions = await services.lsp.CodeActionProvider!.getCodeActions(document, { textDocument, range: missing.range, context: { diagnostics: [missing] } });
        // No fit can be computed, so the fix offers the first server kind and says it may not fit.
        expect((actions ?? []).map(a => 'title' in a ? a.title : '')).toEqual(["Add 'db on huge x 1' to allocation now (it does not fit there: check the capacity)"]);
    });
});
