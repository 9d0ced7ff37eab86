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
