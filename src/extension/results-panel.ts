/**
 * The results webview panel (viewType `mlops.results`): one panel, reused by
 * each run; strict CSP (scripts by nonce, styles from the webview's origin,
 * nothing else); only out/webview/ is readable by it. It survives hide (the
 * view keeps its state with setState) and window reload (the serializer
 * revives it from that state).
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { Model } from '../model/types.js';
import type { OptimizationResult, Progress } from '../opt/api.js';
import type { SolutionRef } from '../opt/index.js';
import type { SimulationSettings } from '../sim/index.js';
import { parseResult, parseViewMessage, type HostMessage, type ViewMessage } from '../webview/protocol.js';
import { Explainer, explanationMessage, type ExplanationEvent } from './explainer.js';
import { isStale, type DocumentState } from './staleness.js';

export const RESULTS_VIEW_TYPE = 'mlops.results';

/** What the host knows about the run shown in the panel. */
export interface PanelSession {
    result: OptimizationResult;
    running: boolean;
    selected: number | null;
    /** The document the result belongs to. */
    source: vscode.Uri | null;
    /** The document's version when the run started; undefined after a reload (unknown). */
    sourceVersion?: number;
    /** The document changed after the run started (the view says so and offers "Run again"). */
    stale?: boolean;
    /** The run's model and settings, to explain any solution the view selects; absent after a window reload. */
    explainInputs?: { model: Model; settings: SimulationSettings };
}

export interface PanelActions {
    apply(panel: ResultsPanel, index: number): unknown;
    export(panel: ResultsPanel): unknown;
}

/** Minimum time between two live updates sent to the view (a front of 500 solutions is large). */
const PROGRESS_INTERVAL_MS = 250;

export class ResultsPanel {
    static current: ResultsPanel | undefined;
    /** The last run shown, so that "Show Optimization Results" brings it back after the panel was closed. */
    static last: PanelSession | undefined;

    session: PanelSession | undefined;
    private ready = false;
    private lastProgressAt = 0;
    private pendingProgress: HostMessage | undefined;
    private progressTimer: ReturnType<typeof setTimeout> | undefined;
    /** Explains the solutions the view selects, for the shown result (replaced with it). */
    private explainer: Explainer | undefined;
    private readonly disposables: vscode.Disposable[] = [];

    /** Shows the panel (creating it in the active column's side when needed). */
    static show(extensionUri: vscode.Uri, actions: PanelActions): ResultsPanel {
        if (ResultsPanel.current) {
            ResultsPanel.current.panel.reveal(undefined, true);
            return ResultsPanel.current;
        }
        const panel = vscode.window.createWebviewPanel(RESULTS_VIEW_TYPE, 'MLOps Results',
            { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewOptions(extensionUri));
        ResultsPanel.current = new ResultsPanel(panel, extensionUri, actions);
        ResultsPanel.current.session = ResultsPanel.last; // shown when the view says it is ready
        return ResultsPanel.current;
    }

    /** Called by the serializer after a window reload, with the view's saved state. */
    static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, actions: PanelActions, state: unknown): ResultsPanel {
        panel.webview.options = webviewOptions(extensionUri);
        const revived = new ResultsPanel(panel, extensionUri, actions);
        const saved = (typeof state === 'object' && state !== null ? state : {}) as Record<string, unknown>;
        const parsed = saved.result ? parseResult(saved.result) : undefined;
        if (parsed?.ok) {
            revived.session = ResultsPanel.last = {
                result: parsed.message,
                running: false,
                selected: Number.isInteger(saved.selected) ? saved.selected as number : null,
                // Untrusted (the view's saved state): Apply checks it and names it before writing (panel-actions.ts).
                source: typeof saved.source === 'string' ? parseUri(saved.source) : null
            };
        }
        ResultsPanel.current?.panel.dispose();
        ResultsPanel.current = revived;
        return revived;
    }

    private constructor(readonly panel: vscode.WebviewPanel, private readonly extensionUri: vscode.Uri, private readonly actions: PanelActions) {
        panel.webview.html = this.html();
        panel.iconPath = undefined;
        this.disposables.push(
            panel.onDidDispose(() => this.dispose()),
            panel.webview.onDidReceiveMessage(message => this.onMessage(message)),
            vscode.workspace.onDidChangeTextDocument(event => this.checkStale({
                uri: event.document.uri.toString(), version: event.document.version, edited: event.contentChanges.length > 0 }))
        );
    }

    /** A new run starts: show its (empty) result. */
    start(session: PanelSession): void {
        this.resetExplainer();
        this.session = ResultsPanel.last = session;
        this.pendingProgress = undefined;
        this.sendShow();
    }

    progress(progress: Progress, hypervolumeByGeneration: number[]): void {
        if (!this.session) {
            return;
        }
        this.session.result = { ...this.session.result, front: progress.front, evaluations: progress.evaluations, hypervolume: progress.hypervolume, hypervolumeByGeneration };
        this.pendingProgress = {
            type: 'progress', generation: progress.generation, generations: progress.generations, evaluations: progress.evaluations,
            hypervolume: progress.hypervolume, hypervolumeByGeneration, front: progress.front
        };
        const wait = this.lastProgressAt + PROGRESS_INTERVAL_MS - Date.now();
        if (wait <= 0) {
            this.flushProgress();
        } else {
            this.progressTimer ??= setTimeout(() => this.flushProgress(), wait);
        }
    }

    /** The run ended: show the final result. */
    finish(result: OptimizationResult, origin?: Pick<PanelSession, 'source' | 'sourceVersion' | 'explainInputs'>): void {
        this.resetExplainer();
        clearTimeout(this.progressTimer);
        this.progressTimer = undefined;
        this.pendingProgress = undefined;
        this.session = ResultsPanel.last = { source: null, ...this.session, ...origin, result, running: false, selected: null, stale: false };
        this.sendShow();
        // edited while the optimizer ran: stale from the start
        const source = this.session.source;
        const document = source && vscode.workspace.textDocuments.find(d => d.uri.toString() === source.toString());
        if (document) {
            this.checkStale({ uri: document.uri.toString(), version: document.version, edited: false });
        }
    }

    /** Marks the shown result stale when the document it came from changed (rule in staleness.ts). */
    private checkStale(document: DocumentState): void {
        const s = this.session;
        if (!s || s.running || s.stale || !s.source || !isStale({ uri: s.source.toString(), version: s.sourceVersion }, document)) {
            return;
        }
        s.stale = true;
        if (this.ready) {
            this.post({ type: 'stale' });
        }
    }

    notice(level: 'info' | 'error', text: string): void {
        this.post({ type: 'notice', level, text });
    }

    private flushProgress(): void {
        clearTimeout(this.progressTimer);
        this.progressTimer = undefined;
        if (this.pendingProgress && this.ready) {
            this.post(this.pendingProgress);
            this.pendingProgress = undefined;
            this.lastProgressAt = Date.now();
        }
    }

    private sendShow(): void {
        const s = this.session;
        if (!s || !this.ready) {
            return; // sent when the view says it is ready
        }
        const selected = s.selected !== null && s.selected < s.result.front.length ? s.selected : null;
        this.post({ type: 'show', result: s.result, running: s.running, selected, source: s.source?.toString() ?? null });
        if (s.stale) {
            this.post({ type: 'stale' });
        }
    }

    private post(message: HostMessage): void {
        void this.panel.webview.postMessage(message);
    }

    private onMessage(raw: unknown): void {
        const parsed = parseViewMessage(raw);
        if (!parsed.ok) {
            console.warn(`mlops results view sent an invalid message: ${parsed.error}`);
            return;
        }
        const message: ViewMessage = parsed.message;
        switch (message.type) {
            case 'ready':
                this.ready = true;
                this.sendShow();
                this.flushProgress();
                break;
            case 'select':
                if (this.session && message.index < this.session.result.front.length) {
                    this.session.selected = message.index;
                }
                break;
            case 'apply':
                void this.actions.apply(this, message.index);
                break;
            case 'explain':
                this.explain({ kind: message.kind, index: message.index });
                break;
            case 'explainCancel':
                this.explainer?.cancel();
                break;
            case 'export':
                void this.actions.export(this);
                break;
            case 'rerun':
                // the same command as the editor's, on the result's document
                if (this.session?.source && !this.session.running) {
                    void vscode.commands.executeCommand('mlops.optimizeAllocation', this.session.source);
                }
                break;
        }
    }

    /** Explains a solution the view selected (off this thread), the view told how it goes. */
    private explain(ref: SolutionRef): void {
        const s = this.session;
        const reply = (event: ExplanationEvent) => this.post(explanationMessage(ref, event));
        if (!s || s.running) {
            reply({ state: 'failed', message: s ? 'the optimization is still running' : 'there is no result' });
            return;
        }
        if (!s.explainInputs) {
            reply({ state: 'failed', message: 'the model of this run is not kept across a window reload: run the optimization again to measure this solution' });
            return;
        }
        this.explainer ??= new Explainer({
            script: vscode.Uri.joinPath(this.extensionUri, 'out', 'extension', 'explain-worker.cjs').fsPath,
            model: s.explainInputs.model, settings: s.explainInputs.settings, result: s.result
        });
        this.explainer.request(ref, reply);
    }

    private resetExplainer(): void {
        this.explainer?.dispose();
        this.explainer = undefined;
    }

    private html(): string {
        const webview = this.panel.webview;
        const root = vscode.Uri.joinPath(this.extensionUri, 'out', 'webview');
        const script = webview.asWebviewUri(vscode.Uri.joinPath(root, 'main.js'));
        const style = webview.asWebviewUri(vscode.Uri.joinPath(root, 'main.css'));
        const nonce = randomBytes(18).toString('base64');
        const csp = [`default-src 'none'`, `style-src ${webview.cspSource}`, `script-src 'nonce-${nonce}'`,
            `img-src ${webview.cspSource} data:`, `font-src ${webview.cspSource}`].join('; ');
        return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${style.toString()}">
<title>MLOps Results</title>
</head>
<body>
<div id="app"></div>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
    }

    private dispose(): void {
        clearTimeout(this.progressTimer);
        this.resetExplainer();
        if (ResultsPanel.current === this) {
            ResultsPanel.current = undefined;
        }
        for (const d of this.disposables) {
            d.dispose();
        }
    }
}

function parseUri(text: string): vscode.Uri | null {
    try {
        return vscode.Uri.parse(text, true);
    } catch {
        return null;
    }
}

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
        enableScripts: true,
        localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'out', 'webview')],
        enableFindWidget: true
    };
}

