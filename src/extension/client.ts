/**
 * The language client: starts out/language/main.cjs over IPC (with an
 * --inspect variant for debugging), restarts it when it crashes (reported
 * once), and asks it for the model of a document.
 */
import * as vscode from 'vscode';
import {
    CloseAction, ErrorAction, LanguageClient, TransportKind,
    type CloseHandlerResult, type ErrorHandlerResult, type LanguageClientOptions, type ServerOptions
} from 'vscode-languageclient/node';
import { MODEL_REQUEST, type ModelRequestParams, type ModelResponse } from '../language/model-protocol.js';
import { CrashPolicy } from './crash-policy.js';

export function createClient(context: vscode.ExtensionContext, output: vscode.OutputChannel): LanguageClient {
    const module = context.asAbsolutePath('out/language/main.cjs');
    // V8's code cache of the server lives in the extension's global storage (src/language/compile-cache.ts).
    const cacheDir = context.globalStorageUri.scheme === 'file' ? vscode.Uri.joinPath(context.globalStorageUri, 'server-code-cache').fsPath : undefined;
    const env = { ...process.env, ...(cacheDir ? { MLOPS_LS_CACHE_DIR: cacheDir } : {}) };
    const serverOptions: ServerOptions = {
        run: { module, transport: TransportKind.ipc, options: { env } },
        debug: { module, transport: TransportKind.ipc, options: { env, execArgv: ['--nolazy', '--inspect=6009'] } }
    };
    const policy = new CrashPolicy();
    const clientOptions: LanguageClientOptions = {
        documentSelector: [{ language: 'mlops' }],
        errorHandler: {
            error: (error): ErrorHandlerResult => {
                output.appendLine(`language server connection error: ${error.message}`);
                return { action: ErrorAction.Continue, handled: true };
            },
            closed: (): CloseHandlerResult => {
                const decision = policy.onCrash();
                output.appendLine(`language server stopped; ${decision.restart ? 'restarting' : 'not restarting'}`);
                if (decision.message) {
                    (decision.restart ? vscode.window.showWarningMessage : vscode.window.showErrorMessage)(decision.message);
                }
                return { action: decision.restart ? CloseAction.Restart : CloseAction.DoNotRestart, handled: true };
            }
        }
    };
    return new LanguageClient('mlops', 'MLOps Language Server', serverOptions, clientOptions);
}

export function requestModel(client: LanguageClient, uri: vscode.Uri): Promise<ModelResponse> {
    const params: ModelRequestParams = { uri: uri.toString() };
    return client.sendRequest<ModelResponse>(MODEL_REQUEST, params);
}
