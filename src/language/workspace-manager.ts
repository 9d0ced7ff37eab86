/**
 * Open files first, the rest of the workspace afterwards. Langium's workspace
 * manager reads, parses and links every .mlops file of the workspace before
 * it builds the files the user has open, so the first diagnostics wait for the
 * whole folder. A .mlops file is its own system (scope-computation.ts): no
 * file needs another to be checked. So this manager is ready at once (the open
 * files are built and validated as soon as they arrive), and loads the other
 * files in the background once the first build is done, or after a second
 * when no file is open; they serve Go to Symbol in Workspace.
 */
import { DefaultWorkspaceManager, DocumentState, type LangiumSharedCoreServices } from 'langium';
import type { InitializedParams } from 'vscode-languageserver';

/** How long the background load waits for a first build when no file is open (ms). */
export const WORKSPACE_LOAD_DELAY_MS = 1000;

export class MlopsWorkspaceManager extends DefaultWorkspaceManager {
    private readonly builder: LangiumSharedCoreServices['workspace']['DocumentBuilder'];

    constructor(services: LangiumSharedCoreServices) {
        super(services);
        this.builder = services.workspace.DocumentBuilder;
    }

    override initialized(_params: InitializedParams): Promise<void> {
        this._ready.resolve();
        let started = false;
        const loadWorkspace = () => {
            if (started) {
                return;
            }
            started = true;
            subscription.dispose();
            clearTimeout(timer);
            // Behind the open files' build in the workspace lock; a later edit cancels it,
            // and the builder then picks up the documents it left unbuilt.
            void this.mutex.write(token => this.initializeWorkspace(this.folders ?? [], token));
        };
        const subscription = this.builder.onBuildPhase(DocumentState.Validated, () => { setTimeout(loadWorkspace, 0); });
        const timer = setTimeout(loadWorkspace, WORKSPACE_LOAD_DELAY_MS);
        return Promise.resolve();
    }
}
