/**
 * The "Simulate" lens through the protocol, as VS Code drives it: the server
 * advertises its commands (the client registers them), the lens's command
 * goes through workspace/executeCommand, and the server asks the client to
 * refresh its code lenses (workspace/codeLens/refresh), first for the
 * estimate, then for the simulation.
 */
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startLanguageServer } from 'langium/lsp';
import { EmptyFileSystem } from 'langium';
import { createConnection } from 'vscode-languageserver/node';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { CodeLens, InitializeResult } from 'vscode-languageserver';
import { createMlopsServices } from '../../../src/language/mlops-module.js';

const uri = 'file:///work/fraud.mlops';
const text = `system fraud
server node { cpu 32 GHz ram 64 GB price 1 EUR/h count 2 }
component scorer { idle cpu 0.1 GHz ram 1 GB startup 5 s }
step score { runs on scorer cpu 0.01 GHz*s }
process scoring { steps score every exponential(mean 2 s) deadline 200 ms }
allocation current { scorer on node x 2 }
optimize { horizon 1 h warmup 5 min replications 2 }
`;

let client: MessageConnection;
let init: InitializeResult;
let refreshes = 0;
let services: ReturnType<typeof createMlopsServices>;

beforeAll(async () => {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    const connection = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
    services = createMlopsServices({ connection, ...EmptyFileSystem });
    startLanguageServer(services.shared);
    client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    client.onRequest('workspace/codeLens/refresh', () => { refreshes++; return null; });
    client.listen();
    init = await client.sendRequest('initialize', { processId: null, rootUri: null, capabilities: { workspace: { codeLens: { refreshSupport: true } } }, workspaceFolders: null });
    await client.sendNotification('initialized', {});
    await client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'mlops', version: 1, text } });
});

afterAll(() => {
    services.Mlops.whatIf.WhatIf.dispose();
    client.dispose();
});

const lenses = async () => ((await client.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as CodeLens[]).map(l => l.command?.title);

describe('Simulate over the protocol', () => {
    test('advertised commands; executeCommand shows the estimate and asks for a refresh, then the simulation', async () => {
        expect(init.capabilities.executeCommandProvider?.commands).toEqual(['mlops.simulateAllocation', 'mlops.stopSimulating']);
        const lens = ((await client.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as CodeLens[]).find(l => l.command?.title === 'Simulate')!;
        await client.sendRequest('workspace/executeCommand', { command: lens.command!.command, arguments: lens.command!.arguments });
        expect(refreshes).toBeGreaterThan(0);
        expect((await lenses()).slice(2, 4)).toEqual(['analytic estimate, simulating…:', expect.stringMatching(/^scoring p95 .* over 200 ms$/)]);
        const deadline = Date.now() + 90_000;
        while (!(await lenses()).includes('simulated, 2 × 1 h:') && Date.now() < deadline) {
            await new Promise(resolve => setTimeout(resolve, 100));
        }
        expect(await lenses()).toContain('simulated, 2 × 1 h:');
        expect(refreshes).toBeGreaterThan(1);
    }, 120_000);
});
