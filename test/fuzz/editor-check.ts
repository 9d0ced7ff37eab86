/**
 * The editor-features invariant, shared by the editor fuzzer and the crasher
 * replay: at a position of a (broken) document, hover, completion, signature
 * help and prepare-rename, and over the whole document outline, semantic
 * tokens, code lenses and the quick fixes of every diagnostic, never throw.
 */
import { clearDocuments, parseHelper } from 'langium/test';
import type { Model as AstModel } from '../../src/language/generated/ast.js';
import { mlopsServices } from '../../src/language/load.js';

const services = mlopsServices();
const parse = parseHelper<AstModel>(services);

/**
 * Runs every feature on `text`, the position features at each of `positions`
 * (line and character fractions in [0, 1]); throws naming the feature and the
 * position when one throws. Returns the number of calls made.
 */
export async function editorFeaturesNeverThrow(text: string, positions: Array<[number, number]>): Promise<number> {
    let calls = 0;
    const document = await parse(text, { validation: true });
    try {
        const lines = text.split(/\r\n|\r|\n/);
        const textDocument = { uri: document.uri.toString() };
        const lsp = services.lsp;
        const run = async (name: string, at: string, call: () => unknown) => {
            try {
                await call();
                calls++;
            } catch (error) {
                throw new Error(`${name}${at} threw: ${error instanceof Error ? error.stack : String(error)}`);
            }
        };
        for (const [lineFraction, charFraction] of positions) {
            const line = Math.min(lines.length - 1, Math.floor(lineFraction * lines.length));
            const character = Math.min(lines[line].length, Math.floor(charFraction * (lines[line].length + 1)));
            const position = { line, character };
            const at = ` at ${line + 1}:${character + 1}`;
            await run('hover', at, () => lsp.HoverProvider?.getHoverContent(document, { textDocument, position }));
            await run('completion', at, () => lsp.CompletionProvider?.getCompletion(document, { textDocument, position }));
            await run('signature help', at, () => lsp.SignatureHelp?.provideSignatureHelp(document, { textDocument, position }));
            await run('prepare rename', at, () => lsp.RenameProvider?.prepareRename(document, { textDocument, position }));
        }
        await run('outline', '', () => lsp.DocumentSymbolProvider?.getSymbols(document, { textDocument }));
        await run('semantic tokens', '', () => lsp.SemanticTokenProvider?.semanticHighlight(document, { textDocument }));
        await run('code lens', '', () => lsp.CodeLensProvider?.provideCodeLens(document, { textDocument }));
        for (const diagnostic of document.diagnostics ?? []) {
            const at = ` at ${diagnostic.range.start.line + 1}:${diagnostic.range.start.character + 1}`;
            await run(`quick fixes for ${(diagnostic.data as { code?: string } | undefined)?.code}`, at,
                () => lsp.CodeActionProvider?.getCodeActions(document, { textDocument, range: diagnostic.range, context: { diagnostics: [diagnostic] } }));
        }
    } finally {
        clearDocuments(services.shared);
    }
    return calls;
}
