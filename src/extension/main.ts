/**
 * The extension's entry (out/extension/main.cjs): starts the language
 * client, registers "MLOps: Optimize Allocation", "MLOps: Show Optimization
 * Results" and the results view's serializer, and logs `activated in N ms`
 * to the "MLOps" output channel.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createClient } from './client.js';
import { cancelRunningOptimization, optimizeAllocation } from './optimize-command.js';
import { createPanelActions } from './panel-actions.js';
import { RESULTS_VIEW_TYPE, ResultsPanel } from './results-panel.js';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<{ optimize: typeof optimizeAllocation }> {
    const started = performance.now();
    const output = vscode.window.createOutputChannel('MLOps');
    context.subscriptions.push(output);
    const actions = createPanelActions(output);
    const deps = { context, client: () => client, output, actions };

    context.subscriptions.push(
        vscode.commands.registerCommand('mlops.optimizeAllocation', (arg?: unknown) => optimizeAllocation(deps, arg)),
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

    client = createClient(context, output);
    try {
        await client.start();
    } catch (error) {
        output.appendLine(`the language server did not start: ${error instanceof Error ? error.message : String(error)}`);
        void vscode.window.showErrorMessage('MLOps: the language server did not start; see the "MLOps" output.');
    }
    output.appendLine(`activated in ${Math.round(performance.now() - started)} ms`);
    return { optimize: optimizeAllocation.bind(undefined, deps) as typeof optimizeAllocation };
}

export async function deactivate(): Promise<void> {
    cancelRunningOptimization();
    await client?.stop();
    client = undefined;
}
