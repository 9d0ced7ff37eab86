/** The `mlops/model` request to the language server (types only from the client library, so it loads nothing). */
import type { LanguageClient } from 'vscode-languageclient/node';
import type * as vscode from 'vscode';
import { MODEL_REQUEST, type ModelRequestParams, type ModelResponse } from '../language/model-protocol.js';

export function requestModel(client: LanguageClient, uri: vscode.Uri): Promise<ModelResponse> {
    const params: ModelRequestParams = { uri: uri.toString() };
    return client.sendRequest<ModelResponse>(MODEL_REQUEST, params);
}
