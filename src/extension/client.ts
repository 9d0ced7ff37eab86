/**
 * The language client: talks to the server process over IPC (the process
 * comes from ServerProcesses: the one forked at activation, then a fresh one
 * per restart), shows the server's stderr in its output, restarts the server
 * when it crashes (reported once), and asks it for the model of a document.
 * Requests caught by a stop or a restart get the empty answer instead of an
 * error in the log (request-failure.ts).
 */
import * as vscode from 'vscode';
import {
    CloseAction, ErrorAction, IPCMessageReader, IPCMessageWriter, LanguageClient,
    type CancellationToken, type CloseHandlerResult, type ErrorHandlerResult, type LanguageClientOptions, type MessageSignature,
    type MessageTransports, type ServerOptions
} from 'vscode-languageclient/node';
import { CrashPolicy } from './crash-policy.js';
import { failedByStop } from './request-failure.js';
import type { ServerProcesses } from './server-process.js';

export function createClient(processes: ServerProcesses, output: vscode.OutputChannel): LanguageClient {
    let client: LanguageClient | undefined;
    const serverOptions: ServerOptions = async (): Promise<MessageTransports> => {
        const child = processes.take();
        const show = (chunk: Buffer | string) => client?.outputChannel.append(String(chunk));
        child.stderr?.on('data', show);
        child.stdout?.on('data', show);
        return { reader: new IPCMessageReader(child), writer: new IPCMessageWriter(child) };
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
    client = new MlopsLanguageClient('mlops', 'MLOps Language Server', serverOptions, clientOptions);
    return client;
}

/** The client, quiet about requests caught by a stop or a restart (request-failure.ts). */
class MlopsLanguageClient extends LanguageClient {
    override handleFailedRequest<T>(type: MessageSignature, token: CancellationToken | undefined, error: unknown, defaultValue: T,
        showNotification?: boolean, throwOnCancel?: boolean): T {
        if (failedByStop(this.isRunning(), error)) {
            return defaultValue;
        }
        return super.handleFailedRequest(type, token, error, defaultValue, showNotification, throwOnCancel);
    }
}
