/**
 * Fuzzing the editor features on broken documents: hover, completion,
 * signature help, prepare-rename at a random position, and the whole-document
 * features (outline, semantic tokens, code lenses, quick fixes for every
 * diagnostic) must never throw — an exception there is an error popup or a
 * dead feature in VS Code while the user types.
 */
import { afterEach, describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { clearDocuments, parseHelper } from 'langium/test';
import type { Model as AstModel } from '../../src/language/generated/ast.js';
import { mlopsServices } from '../../src/language/load.js';
import { mlopsText, mutatedText } from './generators.js';
import { fuzzRuns, fuzzTimeout } from './invariants.js';
import { fuzz } from './harness.js';

const RUNS = fuzzRuns(120);
const TIMEOUT = fuzzTimeout(RUNS);
const services = mlopsServices();
const parse = parseHelper<AstModel>(services);

/** A text and a position in it, given as a fraction of its lines and of the line. */
const withPosition = fc.tuple(fc.oneof(mutatedText(), mlopsText('noisy')), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1.2, noNaN: true }));

describe('fuzz: editor features on broken documents', () => {
    afterEach(() => clearDocuments(services.shared));

    test('no feature throws at any position', async () => {
        let calls = 0;
        await fuzz(withPosition, async ([text, lineFraction, charFraction]) => {
            const document = await parse(text, { validation: true });
            try {
                const lines = text.split(/\r\n|\r|\n/);
                const line = Math.min(lines.length - 1, Math.floor(lineFraction * lines.length));
                const character = Math.min(lines[line].length, Math.floor(charFraction * (lines[line].length + 1)));
                const textDocument = { uri: document.uri.toString() };
                const position = { line, character };
                const lsp = services.lsp;
                const run = async (name: string, call: () => unknown) => {
                    try {
                        await call();
                        calls++;
                    } catch (error) {
                        throw new Error(`${name} at ${line + 1}:${character + 1} threw: ${error instanceof Error ? error.stack : String(error)}`);
                    }
                };
                await run('hover', () => lsp.HoverProvider?.getHoverContent(document, { textDocument, position }));
                await run('completion', () => lsp.CompletionProvider?.getCompletion(document, { textDocument, position }));
                await run('signature help', () => lsp.SignatureHelp?.provideSignatureHelp(document, { textDocument, position }));
                await run('prepare rename', () => lsp.RenameProvider?.prepareRename(document, { textDocument, position }));
                await run('outline', () => lsp.DocumentSymbolProvider?.getSymbols(document, { textDocument }));
                await run('semantic tokens', () => lsp.SemanticTokenProvider?.semanticHighlight(document, { textDocument }));
                await run('code lens', () => lsp.CodeLensProvider?.provideCodeLens(document, { textDocument }));
                for (const diagnostic of document.diagnostics ?? []) {
                    await run(`quick fixes for ${(diagnostic.data as { code?: string } | undefined)?.code}`,
                        () => lsp.CodeActionProvider?.getCodeActions(document, { textDocument, range: diagnostic.range, context: { diagnostics: [diagnostic] } }));
                }
            } finally {
                clearDocuments(services.shared);
            }
        }, { numRuns: RUNS, save: value => ({ ext: 'mlops', data: (value as [string])[0] }), name: 'editor' });
        expect(calls).toBeGreaterThan(0);
    }, TIMEOUT);
});
