/**
 * "MLOps: Optimize Allocation": the model from the language server (unsaved
 * edits included), refused with its errors when it has any; settings
 * resolved (defaults <- mlops.optimizer.* <- the file's optimize block); the
 * optimizer run on its own thread with a cancellable progress notification;
 * the results view updated live. Returns the OptimizationResult with the
 * number of evaluation threads the run used, also logged to the "MLOps"
 * output (the integration tests call the command through executeCommand).
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { requestModel } from './request-model.js';
import { emptyResult } from '../opt/result.js';
import { simulationSettings } from '../opt/index.js';
import { runOptimizer, type RunHandle, type RunResult } from './optimizer-runner.js';
import { ResultsPanel, type PanelActions } from './results-panel.js';
import { redact } from '../opt/distributed/url.js';
import { OPTIMIZER_SETTING_KEYS, readEditorSettings, resolveEditorSettings, type OptimizerSettingKey } from './settings.js';

export interface OptimizeDeps {
    context: vscode.ExtensionContext;
    /** The language client once loaded and created (undefined when it could not be). */
    client: () => Promise<LanguageClient | undefined>;
    output: vscode.OutputChannel;
    actions: PanelActions;
}

/** Time after a cancel before the optimizer's thread is ended by force. */
const CANCEL_GRACE_MS = 5000;

let running: RunHandle | undefined;

async function targetDocument(arg: unknown): Promise<vscode.TextDocument | undefined> {
    const uri = arg instanceof vscode.Uri ? arg : typeof arg === 'string' ? vscode.Uri.parse(arg) : undefined;
    if (uri) {
        return vscode.workspace.openTextDocument(uri);
    }
    const active = vscode.window.activeTextEditor?.document;
    return active?.languageId === 'mlops' ? active : undefined;
}

function readSettings(scope: vscode.Uri): ReturnType<typeof readEditorSettings> {
    const config = vscode.workspace.getConfiguration('mlops.optimizer', scope);
    return readEditorSettings((key: OptimizerSettingKey) => {
        const inspected = config.inspect(key);
        return inspected?.workspaceFolderValue ?? inspected?.workspaceValue ?? inspected?.globalValue;
    });
}

export async function optimizeAllocation(deps: OptimizeDeps, arg?: unknown): Promise<RunResult | undefined> {
    const { output } = deps;
    const document = await targetDocument(arg);
    if (!document) {
        void vscode.window.showErrorMessage('MLOps: open a .mlops file (or pass its URI) to optimize its allocation.');
        return undefined;
    }
    if (running) {
        void vscode.window.showWarningMessage('MLOps: an optimization is already running; cancel it from its notification first.');
        return undefined;
    }
    const client = await deps.client();
    if (!client) {
        void vscode.window.showErrorMessage('MLOps: the language server is not running; see the "MLOps" output.');
        return undefined;
    }
    const version = document.version;
    const response = await requestModel(client, document.uri);
    const file = vscode.workspace.asRelativePath(document.uri);
    if (response.kind === 'errors') {
        const lines = response.errors.map(e => `${file}:${e.line + 1}:${e.character + 1}: error ${e.code}: ${e.message}`);
        output.appendLine(`optimization refused: ${response.errors.length} error(s) in the model`);
        lines.forEach(l => output.appendLine(`  ${l}`));
        const first = response.errors.slice(0, 3).map(e => `line ${e.line + 1}: ${e.message}`).join('; ');
        const more = response.errors.length > 3 ? ` (and ${response.errors.length - 3} more)` : '';
        void vscode.window.showErrorMessage(`MLOps: the model has ${response.errors.length} error(s); fix them before optimizing. ${first}${more}`,
            'Show Problems').then(choice => choice && vscode.commands.executeCommand('workbench.actions.view.problems'));
        return undefined;
    }
    const model = response.model;
    const editor = readSettings(document.uri);
    if (editor.errors.length > 0) {
        void vscode.window.showErrorMessage(`MLOps: fix these settings first: ${editor.errors.join('; ')}`, 'Open Settings')
            .then(choice => choice && vscode.commands.executeCommand('workbench.action.openSettings', 'mlops.optimizer'));
        return undefined;
    }
    const settings = resolveEditorSettings(model, editor.overrides);
    output.appendLine(`[${new Date().toISOString()}] optimizing ${file} (system ${model.system}): population ${settings.population}, `
        + `generations ${settings.generations}, replications ${settings.replications}, horizon ${settings.horizonSeconds} s, `
        + `warmup ${settings.warmupSeconds} s, seed ${settings.seed}, `
        + (editor.redis ? `evaluated by the mlops workers of ${redact(editor.redis)}` : `workers ${settings.workers || 'one per core'}`)
        + (settings.timeoutSeconds ? `, time limit ${settings.timeoutSeconds} s` : ''));

    const panel = ResultsPanel.show(deps.context.extensionUri, deps.actions);
    panel.start({ result: emptyResult(model, settings), running: true, selected: null, source: document.uri, sourceVersion: version });

    const result = await vscode.window.withProgress({
        location: vscode.ProgressLocation.Notification,
        title: `MLOps: optimizing ${model.system}`,
        cancellable: true
    }, async (progress, token) => {
        let reported = 0;
        const handle = runOptimizer({
            runnerScript: deps.context.asAbsolutePath('out/extension/optimize-worker.cjs'),
            model,
            settings,
            redis: editor.redis,
            onProgress: (p, history) => {
                // the notification's bar: the share of the generations done since the last report
                const done = Math.min(100, (100 * p.generation) / Math.max(1, p.generations));
                progress.report({ increment: Math.max(0, done - reported),
                    message: `generation ${p.generation} of ${p.generations}, hypervolume ${p.hypervolume.toFixed(3)}, ${p.front.length} on the front` });
                reported = Math.max(reported, done);
                ResultsPanel.current?.progress(p, history);
            }
        });
        running = handle;
        const onCancel = token.onCancellationRequested(() => {
            output.appendLine('cancel requested; keeping the front found so far');
            handle.cancel();
            setTimeout(() => handle.terminate(), CANCEL_GRACE_MS).unref?.();
        });
        try {
            return await handle.result;
        } finally {
            onCancel.dispose();
            running = undefined;
        }
    });

    const threads = editor.redis ? `, evaluated by the mlops workers of ${redact(editor.redis)}` : result.evaluationThreads === undefined ? ''
        : result.evaluationThreads > 0 ? `, ${result.evaluationThreads} evaluation thread(s)` : ', evaluated on the optimizer\'s own thread';
    output.appendLine(`[${new Date().toISOString()}] finished: stopped by ${result.stoppedBy}, ${result.front.length} solution(s) on the front, `
        + `${result.evaluations} evaluations, ${result.wallSeconds.toFixed(1)} s, hypervolume ${result.hypervolume.toFixed(4)}${threads}`);
    result.warnings.forEach(w => output.appendLine(`  warning: ${w}`));
    (ResultsPanel.current ?? ResultsPanel.show(deps.context.extensionUri, deps.actions))
        .finish(result, { source: document.uri, sourceVersion: version, explainInputs: { model, settings: simulationSettings(settings) } });
    if (result.stoppedBy === 'error') {
        void vscode.window.showErrorMessage(`MLOps: the optimization failed: ${result.warnings.join('; ') || 'unknown error'}. `
            + `${result.front.length ? 'The front found so far is shown.' : ''}`);
    }
    return result;
}

/** Cancels the running optimization, if any (deactivate). */
export function cancelRunningOptimization(): void {
    running?.terminate();
}

export { OPTIMIZER_SETTING_KEYS };
