/**
 * Open files first, the rest of the workspace afterwards. Langium's workspace
 * manager reads, parses and links every .mlops file of the workspace before
 * it builds the files the user has open, so the first diagnostics wait for the
 * whole folder. A .mlops file is its own system (scope-computation.ts): no
 * file needs another to be checked. So this manager is ready at once (the open
 * files are built and validated as soon as they arrive), and loads the other
 * files in the background once the first build is done, or after a second
 * when no file is open; they serve Go to Symbol in Workspace.
 *
 * The background load takes the workspace lock, which cancels the build in
 * progress. So it never starts while an open file is still being built (a
 * 100 KB file's first build takes more than the second: the load used to
 * cancel it, and the file had no diagnostics until its next edit), and when it
 * has to (a build that never finishes), it finishes the open files' builds
 * first.
 */
import { Cancellation, DefaultWorkspaceManager, DocumentState, interruptAndCheck, type LangiumDocument, type LangiumSharedCoreServices } from 'langium';
import type { InitializedParams, WorkspaceFolder } from 'vscode-languageserver';

/** How long the background load waits for a first build when no file is open (ms). */
export const WORKSPACE_LOAD_DELAY_MS = 1000;
/** The longest the background load waits for the open files' builds (ms). */
export const WORKSPACE_LOAD_MAX_WAIT_MS = 60_000;

export class MlopsWorkspaceManager extends DefaultWorkspaceManager {
    private readonly builder: LangiumSharedCoreServices['workspace']['DocumentBuilder'];
    private readonly openDocuments: LangiumSharedCoreServices['workspace']['TextDocuments'];
    /** The delays above; tests shorten them. */
    loadDelayMs = WORKSPACE_LOAD_DELAY_MS;
    loadMaxWaitMs = WORKSPACE_LOAD_MAX_WAIT_MS;

    constructor(services: LangiumSharedCoreServices) {
        super(services);
        this.builder = services.workspace.DocumentBuilder;
        this.openDocuments = services.workspace.TextDocuments;
    }

    override initialized(_params: InitializedParams): Promise<void> {
        this._ready.resolve();
        const since = Date.now();
        let started = false;
        let timer: ReturnType<typeof setTimeout> | undefined;
        const loadWorkspace = () => {
            if (started) {
                return;
            }
            if (this.openFileBuilding() && Date.now() - since < this.loadMaxWaitMs) {
                // Its build reaches Validated (the listener below), or an edit restarts it; look again later.
                clearTimeout(timer);
                timer = setTimeout(loadWorkspace, this.loadDelayMs);
                return;
            }
            started = true;
            subscription.dispose();
            clearTimeout(timer);
            void this.mutex.write(token => this.initializeWorkspace(this.folders ?? [], token));
        };
        const subscription = this.builder.onBuildPhase(DocumentState.Validated, () => { setTimeout(loadWorkspace, 0); });
        timer = setTimeout(loadWorkspace, this.loadDelayMs);
        return Promise.resolve();
    }

    /**
     * Langium's, but an open file whose build was cancelled (by this load, or
     * an edit's build cancelled and not restarted) is finished first, with the
     * options of an edit's build: Langium's initial build only builds the
     * files it has just read, and without validation.
     */
    override async initializeWorkspace(folders: WorkspaceFolder[], cancelToken: Cancellation.CancellationToken = Cancellation.CancellationToken.None): Promise<void> {
        const documents = await this.performStartup(folders);
        await interruptAndCheck(cancelToken);
        const loaded = new Set(documents);
        const unfinished = this.langiumDocuments.all.filter(d => !loaded.has(d) && this.isOpenAndUnbuilt(d)).toArray();
        if (unfinished.length > 0) {
            await this.documentBuilder.build(unfinished, this.builder.updateBuildOptions, cancelToken);
        }
        await this.documentBuilder.build(documents, this.initialBuildOptions, cancelToken);
    }

    /** An open file is not validated yet: its build is under way (or was cancelled). */
    private openFileBuilding(): boolean {
        return this.langiumDocuments.all.some(d => this.isOpenAndUnbuilt(d));
    }

    private isOpenAndUnbuilt(document: LangiumDocument): boolean {
        return document.state < DocumentState.Validated && this.openDocuments?.get(document.uri) !== undefined;
    }
}
