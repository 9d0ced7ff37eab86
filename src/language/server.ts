/**
 * The language server (out/language/server.cjs, run by main.cjs), started by the extension over
 * IPC. Besides the standard LSP features it answers `mlops/model`.
 */
import '../polyfill/object-group-by.js';
import { DocumentState } from 'langium';
import { startLanguageServer } from 'langium/lsp';
import { NodeFileSystem } from 'langium/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createMlopsServices } from './mlops-module.js';
import { createModelRequestHandler, MODEL_REQUEST, type ModelRequestParams } from './model-request.js';
import { startupMark, startupTimingOn } from './startup-timing.js';

const connection = createConnection(ProposedFeatures.all);
const { shared, Mlops } = createMlopsServices({ connection, ...NodeFileSystem });
const handleModel = createModelRequestHandler(shared, Mlops);

connection.onRequest(MODEL_REQUEST, async (params: ModelRequestParams) => {
    // Documents opened before the workspace finished loading are known only after it.
    await shared.workspace.WorkspaceManager.ready;
    return handleModel(params);
});

connection.onShutdown(() => Mlops.whatIf.WhatIf.dispose());

startLanguageServer(shared);
if (startupTimingOn) {
    startupMark('server loaded');
    shared.lsp.LanguageServer.onInitialize(() => startupMark('initialize: services loaded'));
    shared.lsp.LanguageServer.onInitialized(() => startupMark('initialized'));
    const first = shared.workspace.DocumentBuilder.onBuildPhase(DocumentState.Validated, documents => {
        startupMark(`first build validated (${documents.map(d => d.uri.path.split('/').pop()).join(', ')})`);
        first.dispose();
    });
}
