/**
 * The editor's what-if: the allocations the user pressed "Simulate" on, and
 * what their code lens shows. Pressing it shows at once the analytic estimate
 * (what-if-run.ts; milliseconds, in this thread), then starts the simulation
 * with the file's settings on a worker thread, whose result replaces the
 * estimate. From then on the allocation is followed: every edit cancels its
 * running simulation at once (the document's update, before the new build),
 * and once the edited text is validated the estimate is recomputed and a new
 * simulation starts after a short pause in typing; the figures from before the
 * edit are kept to show the change (`95.2% → 0.41%`). An edit that leaves the
 * model as it was (a comment, spacing) keeps the figures. Simulations run one
 * at a time. The code lenses are refreshed (workspace/codeLens/refresh) after
 * each change of what they show.
 */
import { DocumentState, URI, type LangiumDocument } from 'langium';
import { CodeLensRefreshRequest } from 'vscode-languageserver';
import type { Model as AstModel } from '../generated/ast.js';
import type { MlopsServices } from '../mlops-module.js';
import type { Model } from '../../model/types.js';
import { estimateWhatIf, prepareWhatIf, simulateWhatIf, whatIfError, type WhatIfRun } from './what-if-run.js';
import type { WhatIfOutcome } from './what-if-text.js';

/** What the lens of one followed allocation shows. */
export interface WhatIfView {
    outcome?: WhatIfOutcome;
    /** The figures shown before the last edit that changed the model. */
    previous?: WhatIfOutcome;
    /** A simulation is running or waiting to (the estimate is shown meanwhile). */
    running: boolean;
    /** Why there are no figures (errors in the file, a model the simulator refuses). */
    error?: string;
}

interface Entry extends WhatIfView {
    /** Document version the figures (or the error) are for. */
    version: number;
    /** The model they are for, as JSON (an edit that keeps it keeps the figures). */
    modelKey?: string;
    controller?: AbortController;
    timer?: ReturnType<typeof setTimeout>;
}

/** Pause in typing before a new simulation starts (the estimate does not wait). */
export const SIMULATION_DELAY_MS = 600;

export class WhatIfService {
    private readonly documents = new Map<string, Map<string, Entry>>();
    private queue: Promise<void> = Promise.resolve();
    private canRefresh = false;
    private readonly listeners = new Set<() => void>();
    /** The worker script (tests and odd layouts; default: the pool's). */
    workerScript: string | undefined;

    constructor(private readonly services: MlopsServices) {
        const shared = services.shared;
        shared.workspace.DocumentBuilder.onUpdate((changed, deleted) => {
            for (const uri of changed) {
                this.cancel(uri.toString());
            }
            for (const uri of deleted) {
                this.forget(uri.toString());
            }
        });
        shared.workspace.DocumentBuilder.onBuildPhase(DocumentState.Validated, documents => {
            for (const document of documents) {
                if (this.documents.has(document.uri.toString())) {
                    this.update(document, SIMULATION_DELAY_MS);
                }
            }
        });
        shared.lsp.LanguageServer.onInitialize(params => {
            this.canRefresh = params.capabilities.workspace?.codeLens?.refreshSupport === true;
        });
    }

    /** "Simulate" on allocation `name` of the document at `uri`: follow it, estimate now, simulate now. */
    async simulate(uri: string, name: string): Promise<void> {
        const parsed = URI.parse(uri);
        await this.services.shared.workspace.DocumentBuilder.waitUntil(DocumentState.Validated, parsed);
        const document = this.services.shared.workspace.LangiumDocuments.getDocument(parsed);
        if (!document) {
            return;
        }
        let entries = this.documents.get(uri);
        if (!entries) {
            entries = new Map();
            this.documents.set(uri, entries);
        }
        const entry = entries.get(name);
        if (entry) {
            this.stopRun(entry);
            entry.version = -1; // run again even if nothing changed
            entry.modelKey = undefined;
        } else {
            entries.set(name, { version: -1, running: false });
        }
        this.update(document, 0);
    }

    /** Stops following allocation `name` (its lens goes back to a plain "Simulate"). */
    stop(uri: string, name: string): void {
        const entries = this.documents.get(uri);
        const entry = entries?.get(name);
        if (entries && entry) {
            this.stopRun(entry);
            entries.delete(name);
            if (entries.size === 0) {
                this.documents.delete(uri);
            }
            this.changed();
        }
    }

    /** What the lens of allocation `name` shows, or undefined when it is not followed. */
    view(uri: string, name: string): WhatIfView | undefined {
        const entry = this.documents.get(uri)?.get(name);
        return entry && { outcome: entry.outcome, previous: entry.previous, running: entry.running, error: entry.error };
    }

    /** Calls `listener` after every change of what the lenses show (tests wait on it). */
    onDidChange(listener: () => void): { dispose(): void } {
        this.listeners.add(listener);
        return { dispose: () => this.listeners.delete(listener) };
    }

    /** Stops every simulation (the server shuts down). */
    dispose(): void {
        for (const uri of [...this.documents.keys()]) {
            this.forget(uri);
        }
    }

    /** The document was validated: recompute what changed for each followed allocation. */
    private update(document: LangiumDocument, delayMs: number): void {
        const entries = this.documents.get(document.uri.toString());
        if (!entries) {
            return;
        }
        const version = document.textDocument.version;
        const errors = (document.diagnostics ?? []).filter(d => d.severity === 1).length;
        let model: Model | undefined;
        let buildError: string | undefined;
        if (errors === 0) {
            try {
                model = this.services.model.ModelBuilder.build(document.parseResult.value as AstModel);
            } catch (error) {
                buildError = `cannot build the model: ${String(error)}`;
            }
        }
        const modelKey = model ? JSON.stringify(model) : undefined;
        for (const [name, entry] of entries) {
            if (entry.version === version) {
                continue;
            }
            if (modelKey !== undefined && modelKey === entry.modelKey && !entry.error && entry.outcome) {
                entry.version = version; // same model: same figures, and the simulation the edit stopped runs again
                const run = entry.outcome.kind === 'estimate' && !entry.controller ? prepareWhatIf(model!, name) : undefined;
                if (run && typeof run !== 'string') {
                    this.schedule(entry, run, delayMs);
                }
                continue;
            }
            this.stopRun(entry);
            if (entry.outcome) {
                entry.previous = entry.outcome;
            }
            entry.outcome = undefined;
            entry.version = version;
            entry.modelKey = modelKey;
            entry.error = errors > 0 ? `fix the ${errors} error${errors === 1 ? '' : 's'} first` : buildError;
            if (!model || entry.error) {
                continue;
            }
            const run = prepareWhatIf(model, name);
            if (typeof run === 'string') {
                entry.error = run;
                continue;
            }
            try {
                entry.outcome = estimateWhatIf(run);
            } catch (error) {
                entry.error = whatIfError(error);
                continue;
            }
            this.schedule(entry, run, delayMs);
        }
        this.changed();
    }

    /** The simulation of `entry` after `delayMs`, once the simulations queued before it are done. */
    private schedule(entry: Entry, run: WhatIfRun, delayMs: number): void {
        const controller = new AbortController();
        entry.controller = controller;
        entry.running = true;
        entry.timer = setTimeout(() => {
            entry.timer = undefined;
            // (runSimulation catches its errors; the catch keeps the queue going whatever happens)
            this.queue = this.queue.then(() => this.runSimulation(entry, controller, run)).catch(() => undefined);
        }, delayMs);
    }

    private async runSimulation(entry: Entry, controller: AbortController, run: WhatIfRun): Promise<void> {
        if (controller.signal.aborted) {
            return;
        }
        try {
            const outcome = await simulateWhatIf(run, controller.signal, this.workerScript);
            if (!controller.signal.aborted) {
                entry.outcome = outcome;
            }
        } catch (error) {
            if (!controller.signal.aborted) {
                entry.error = whatIfError(error);
            }
        }
        if (!controller.signal.aborted) {
            entry.running = false;
            entry.controller = undefined;
            this.changed();
        }
    }

    /** An edit of `uri` arrived: its running simulations are stale. */
    private cancel(uri: string): void {
        const entries = this.documents.get(uri);
        if (entries) {
            for (const entry of entries.values()) {
                this.stopRun(entry);
            }
        }
    }

    private forget(uri: string): void {
        this.cancel(uri);
        if (this.documents.delete(uri)) {
            this.changed();
        }
    }

    private stopRun(entry: Entry): void {
        if (entry.timer) {
            clearTimeout(entry.timer);
            entry.timer = undefined;
        }
        entry.controller?.abort();
        entry.controller = undefined;
        entry.running = false;
    }

    private changed(): void {
        const connection = this.services.shared.lsp.Connection;
        if (connection && this.canRefresh) {
            connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
        }
        for (const listener of this.listeners) {
            listener();
        }
    }
}
