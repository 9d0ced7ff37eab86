/**
 * The language server (out/language/server.cjs, run by main.cjs), started by the extension over
 * IPC. Besides the standard LSP features it answers `mlops/model`.
 */
import 'object.groupby/auto';
import { startLanguageServer } from 'langium/lsp';
import { NodeFileSystem } from 'langium/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createMlopsServices } from './mlops-module.js';
import { createModelRequestHandler, MODEL_REQUEST, type ModelRequestParams } from './model-request.js';

const connection = createConnection(ProposedFeatures.all);
const { shared, Mlops } = createMlopsServices({ connection, ...NodeFileSystem });
const handleModel = createModelRequestHandler(shared, Mlops);

connection.onRequest(MODEL_REQUEST, async (params: ModelRequestParams) => {
    // Documents opened before the workspace finished loading are known only after it.
    await shared.workspace.WorkspaceManager.ready;
    return handleModel(params);
});

startLanguageServer(shared);
