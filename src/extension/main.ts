/**
 * The extension's entry (out/extension/main.cjs): forks the language server
 * first, then loads the language client library (deferred with import(), so
 * that the server's start overlaps it) and starts the client; registers
 * "MLOps: Optimize Allocation", "MLOps: Show Optimization Results", "MLOps:
 * New MLOps Model", the `mlops` validate task and the results view's serializer, and logs `activated in N ms` to the "MLOps"
 * output channel.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { cancelRunningOptimization, optimizeAllocation } from './optimize-command.js';
import { applySolution, createPanelActions } from './panel-actions.js';
import { RESULTS_VIEW_TYPE, ResultsPanel } from './results-panel.js';
import { newModel } from './new-model.js';
import { hostIsDebugged, ServerProcesses } from './server-process.js';
import { registerValidateTask } from './validate-task.js';

let client: Promise<LanguageClient | undefined> = Promise.resolve(undefined);
let processes: ServerProcesses | undefined;

/** What the extension exports (integration tests use it; the commands do the same). */
export interface MlopsExtensionApi {
    /** Optimizes the document at `uri` (or the active one); the result, or undefined when refused. */
    optimize(uri?: vscode.Uri | string): ReturnType<typeof optimizeAllocation>;
    /** Applies solution `index` (default: the selected one, else the chosen one) of the results view. */
    apply(index?: number): Promise<boolean>;
}

export async function activate(context: vscode.ExtensionContext): Promise<MlopsExtensionApi> {
    const started = performance.now();
    // The server's start runs in its own process while this one loads the client library below.
    // V8's code cache of the server lives in the extension's global storage (src/language/compile-cache.ts).
    const cacheDir = context.globalStorageUri.scheme === 'file' ? vscode.Uri.joinPath(context.globalStorageUri, 'server-code-cache').fsPath : undefined;
    const servers = new ServerProcesses({ module: context.asAbsolutePath('out/language/main.cjs'), cacheDir, debug: hostIsDebugged() });
    servers.startEarly();
    processes = servers;
    const output = vscode.window.createOutputChannel('MLOps');
    context.subscriptions.push(output);
    const actions = createPanelActions(output);
    const deps = { context, client: () => client, output, actions };

    const apply = async (index?: unknown): Promise<boolean> => {
        const panel = ResultsPanel.current;
        if (!panel?.session) {
            void vscode.window.showErrorMessage('MLOps: no optimization result to apply; run "MLOps: Optimize Allocation" first.');
            return false;
        }
        const chosen = typeof index === 'number' && Number.isInteger(index) && index >= 0 ? index : panel.session.selected ?? panel.session.result.chosen;
        return applySolution(panel, chosen, output);
    };

    context.subscriptions.push(
        vscode.commands.registerCommand('mlops.applySolution', apply),
        vscode.commands.registerCommand('mlops.optimizeAllocation', (arg?: unknown) => optimizeAllocation(deps, arg)),
        vscode.commands.registerCommand('mlops.newModel', () => newModel(context.extensionUri)),
        registerValidateTask(context),
        vscode.commands.registerCommand('mlops.showResults', () => {
            const panel = ResultsPanel.show(context.extensionUri, actions);
            return panel.session?.result;
        }),
        vscode.window.registerWebviewPanelSerializer(RESULTS_VIEW_TYPE, {
            deserializeWebviewPanel: async (panel, state) => {
                ResultsPanel.revive(panel, context.extensionUri, actions, state);
            }
        })
    );

    // The client starts in the background: activation does not wait for it
    // (requests sent meanwhile, such as mlops/model, wait for the start).
    client = import('./client.js').then(({ createClient }) => {
        const languageClient = createClient(servers, output);
        languageClient.start().then(
            () => output.appendLine(`language server ready in ${Math.round(performance.now() - started)} ms`),
            (error: unknown) => {
                output.appendLine(`the language server did not start: ${error instanceof Error ? error.message : String(error)}`);
                void vscode.window.showErrorMessage('MLOps: the language server did not start; see the "MLOps" output.');
            });
        return languageClient;
    }, (error: unknown) => {
        output.appendLine(`the language client did not load: ${error instanceof Error ? error.message : String(error)}`);
        void vscode.window.showErrorMessage('MLOps: the language server did not start; see the "MLOps" output.');
        return undefined;
    });
    output.appendLine(`activated in ${Math.round(performance.now() - started)} ms`);
    return { optimize: uri => optimizeAllocation(deps, uri), apply };
}

export async function deactivate(): Promise<void> {
    cancelRunningOptimization();
    await (await client)?.stop();
    client = Promise.resolve(undefined);
    processes?.dispose();
    processes = undefined;
}
