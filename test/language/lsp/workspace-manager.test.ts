/**
 * The language server builds the open files before it reads the rest of the
 * workspace (workspace-manager.ts): the first diagnostics do not wait for the
 * folder, and the other files are loaded afterwards for workspace symbols.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { URI } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { describe, expect, test } from 'vitest';
import type { InitializeParams } from 'vscode-languageserver';
import { createMlopsServices } from '../../../src/language/mlops-module.js';

function workspace(): { dir: string; open: URI; closed: URI } {
    const dir = mkdtempSync(join(tmpdir(), 'mlops-ws-'));
    writeFileSync(join(dir, 'open.mlops'), 'system one\nserver gpu_node { cpu 8 GHz ram 16 GB }\ncomponent c {}\nstep s { runs on nowhere }\n');
    writeFileSync(join(dir, 'closed.mlops'), 'system two\nserver far_node { cpu 8 GHz ram 16 GB }\n');
    return { dir, open: URI.file(join(dir, 'open.mlops')), closed: URI.file(join(dir, 'closed.mlops')) };
}

async function start(dir: string) {
    const services = createMlopsServices({ ...NodeFileSystem });
    const manager = services.shared.workspace.WorkspaceManager;
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
});
