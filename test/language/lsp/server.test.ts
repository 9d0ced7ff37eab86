/**
 * The editor features through the protocol: a real Langium language server
 * on an in-memory stream pair, driven by a JSON-RPC client as VS Code would.
 */
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startLanguageServer } from 'langium/lsp';
import { EmptyFileSystem } from 'langium';
import { createConnection } from 'vscode-languageserver/node';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { CodeAction, CodeLens, CompletionList, Hover, InitializeResult, PublishDiagnosticsParams, TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createMlopsServices } from '../../../src/language/mlops-module.js';

const uri = 'file:///work/demo.mlops';
const text = `system demo
server big { cpu 32 GHz ram 64 GB price 1 EUR/h count 2 }
component api { idle cpu 0.5 GHz ram 1 GB }
component db { idle cpu 1 GHz ram 2 GB }
step serve { runs on api cpu 1 GHz*s ram 64 }
process p { steps serve every exponential(mean 1 s) }
allocation now {
    api on big x 1
}
optimize { seed 1 }
`;

let client: MessageConnection;
let init: InitializeResult;
let diagnostics: Promise<PublishDiagnosticsParams>;

beforeAll(async () => {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    const connection = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
    const { shared } = createMlopsServices({ connection, ...EmptyFileSystem });
    startLanguageServer(shared);
    client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    diagnostics = new Promise(resolve => client.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
        if (p.uri === uri) { resolve(p); }
    }));
    client.listen();
    init = await client.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {}, workspaceFolders: null });
    await client.sendNotification('initialized', {});
    await client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'mlops', version: 1, text } });
});

afterAll(() => client.dispose());

const doc = { uri };
const at = (needle: string, delta = 0) => {
    const offset = text.indexOf(needle) + delta;
    return TextDocument.create(uri, 'mlops', 1, text).positionAt(offset);
};

describe('language server over the protocol', () => {
    test('advertises the editor features', () => {
        const c = init.capabilities;
        expect(c.hoverProvider).toBeTruthy();
        expect(c.completionProvider).toBeTruthy();
        expect(c.documentFormattingProvider).toBeTruthy();
        expect(c.codeActionProvider).toBeTruthy();
        expect(c.codeLensProvider).toBeTruthy();
        expect(c.renameProvider).toBeTruthy();
        expect(c.documentSymbolProvider).toBeTruthy();
        expect(c.workspaceSymbolProvider).toBeTruthy();
        expect(c.semanticTokensProvider).toBeTruthy();
        expect(c.signatureHelpProvider).toBeTruthy();
        expect(c.foldingRangeProvider).toBeTruthy();
        expect(c.definitionProvider).toBeTruthy();
        expect(c.referencesProvider).toBeTruthy();
    });

    test('hover, completion, formatting and code lens answer', async () => {
        await diagnostics;
        const hover: Hover = await client.sendRequest('textDocument/hover', { textDocument: doc, position: at('64 GB', 1) });
        expect(JSON.stringify(hover.contents)).toContain('64,000 MB');
        const completion: CompletionList = await client.sendRequest('textDocument/completion', { textDocument: doc, position: at('ram 64 }', 7) });
        expect(completion.items.map(i => i.label)).toContain('GB');
        const edits: TextEdit[] = await client.sendRequest('textDocument/formatting', { textDocument: doc, options: { tabSize: 4, insertSpaces: true } });
        expect(edits.length).toBeGreaterThan(0);
        const lenses: CodeLens[] = await client.sendRequest('textDocument/codeLens', { textDocument: doc });
        expect(lenses[0].command?.command).toBe('mlops.optimizeAllocation');
    });

    test('the published diagnostics come with working quick fixes', async () => {
        const published = await diagnostics;
        const codes = published.diagnostics.map(d => (d.data as { code?: string } | undefined)?.code);
        expect(codes).toContain('missing-unit');
        expect(codes).toContain('missing-instance');
        for (const code of ['missing-unit', 'missing-instance']) {
            const diagnostic = published.diagnostics.find(d => (d.data as { code?: string }).code === code)!;
            const actions: CodeAction[] = await client.sendRequest('textDocument/codeAction', {
                textDocument: doc, range: diagnostic.range, context: { diagnostics: [diagnostic] }
            });
            expect(actions.some(a => a.isPreferred), code).toBe(true);
        }
    });
});
