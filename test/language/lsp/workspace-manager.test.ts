/**
 * The language server builds the open files before it reads the rest of the
 * workspace (workspace-manager.ts): the first diagnostics do not wait for the
 * folder, and the other files are loaded afterwards for workspace symbols.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DocumentState, URI, UriUtils } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { describe, expect, test } from 'vitest';
import type { InitializeParams } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createMlopsServices } from '../../../src/language/mlops-module.js';
import { MlopsWorkspaceManager, WORKSPACE_LOAD_DELAY_MS } from '../../../src/language/workspace-manager.js';

function workspace(): { dir: string; open: URI; closed: URI } {
    const dir = mkdtempSync(join(tmpdir(), 'mlops-ws-'));
    writeFileSync(join(dir, 'open.mlops'), 'system one\nserver gpu_node { cpu 8 GHz ram 16 GB }\ncomponent c {}\nstep s { runs on nowhere }\n');
    writeFileSync(join(dir, 'closed.mlops'), 'system two\nserver far_node { cpu 8 GHz ram 16 GB }\n');
    return { dir, open: URI.file(join(dir, 'open.mlops')), closed: URI.file(join(dir, 'closed.mlops')) };
}

async function start(dir: string, configure: (manager: MlopsWorkspaceManager) => void = () => undefined) {
    const services = createMlopsServices({ ...NodeFileSystem });
    const manager = services.shared.workspace.WorkspaceManager;
    configure(manager as MlopsWorkspaceManager);
    manager.initialize({ processId: null, rootUri: null, capabilities: {}, workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'w' }] } as InitializeParams);
    await manager.initialized({});
    return services;
}

async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
        if (Date.now() > deadline) {
            throw new Error(`timed out waiting for ${what}`);
        }
        await new Promise(resolve => setTimeout(resolve, 20));
    }
}

describe('workspace manager', () => {
    test('the open file is checked before the other files are read; they are loaded after its build', async () => {
        const { dir, open, closed } = workspace();
        const { shared } = await start(dir);
        await shared.workspace.WorkspaceManager.ready;
        const documents = shared.workspace.LangiumDocuments;
        expect(documents.hasDocument(closed)).toBe(false);

        const document = await documents.getOrCreateDocument(open);
        await shared.workspace.DocumentBuilder.build([document], { validation: true });
        expect(document.diagnostics?.map(d => d.message).join('\n')).toMatch(/nowhere/);
        expect(documents.hasDocument(closed)).toBe(false);

        await waitFor(() => documents.hasDocument(closed), 'the closed file to be loaded');
        await waitFor(async () => (await shared.lsp.WorkspaceSymbolProvider!.getSymbols({ query: 'far' })).length > 0, 'far_node in workspace symbols');
        const symbols = await shared.lsp.WorkspaceSymbolProvider!.getSymbols({ query: 'node' });
        expect(symbols.map(s => `${s.containerName}/${s.name}`).sort()).toEqual(['one/gpu_node', 'two/far_node']);
    });

    test('with no file open, the workspace is loaded after a short delay', async () => {
        const { dir, closed } = workspace();
        const { shared } = await start(dir);
        expect(shared.workspace.LangiumDocuments.hasDocument(closed)).toBe(false);
        await waitFor(() => shared.workspace.LangiumDocuments.hasDocument(closed), 'the workspace to be loaded');
    });

    /**
     * Opens `uri` as the language server does (text document synced, then an
     * update under the workspace lock) with its build held after parsing
     * until `release` is called: a first build longer than the load delay.
     */
    function openWithSlowBuild(shared: Awaited<ReturnType<typeof start>>['shared'], uri: URI, text: string): { release: () => void } {
        let release = () => undefined as void;
        const held = new Promise<void>(resolve => { release = resolve; });
        let first = true;
        shared.workspace.DocumentBuilder.onDocumentPhase(DocumentState.IndexedContent, async document => {
            if (first && UriUtils.equals(document.uri, uri)) {
                first = false;
                await held;
            }
        });
        shared.workspace.TextDocuments!.set(TextDocument.create(uri.toString(), 'mlops', 1, text));
        void shared.workspace.WorkspaceLock.write(token => shared.workspace.DocumentBuilder.update([uri], [], token));
        return { release };
    }

    const openText = 'system one\nserver gpu_node { cpu 8 GHz ram 16 GB }\ncomponent c {}\nstep s { runs on nowhere }\n';

    test('an open file whose first build outlasts the load delay gets its diagnostics (the load waits for it)', async () => {
        const { dir, open, closed } = workspace();
        const { shared } = await start(dir);
        const build = openWithSlowBuild(shared, open, openText);
        await new Promise(resolve => setTimeout(resolve, WORKSPACE_LOAD_DELAY_MS + 300));
        build.release();
        const documents = shared.workspace.LangiumDocuments;
        await waitFor(() => documents.getDocument(open)?.state === DocumentState.Validated, 'the open file to be validated');
        expect(documents.getDocument(open)!.diagnostics!.map(d => d.message).join('\n')).toMatch(/nowhere/);
        await waitFor(() => documents.hasDocument(closed), 'the closed file to be loaded');
    });

    test('when the load does not wait (its longest wait is over), it finishes the open file it cancelled first', async () => {
        const { dir, open, closed } = workspace();
        const { shared } = await start(dir, manager => { manager.loadDelayMs = 10; manager.loadMaxWaitMs = 0; });
        const build = openWithSlowBuild(shared, open, openText);
        await new Promise(resolve => setTimeout(resolve, 200));
        build.release();
        const documents = shared.workspace.LangiumDocuments;
        await waitFor(() => documents.getDocument(open)?.state === DocumentState.Validated, 'the open file to be validated');
        expect(documents.getDocument(open)!.diagnostics!.map(d => d.message).join('\n')).toMatch(/nowhere/);
        expect(documents.hasDocument(closed)).toBe(true);
    });
});
