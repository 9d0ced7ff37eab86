/**
 * The language server's process (out/language/main.cjs), forked the way
 * vscode-languageclient forks a TransportKind.ipc server, but by the
 * extension itself: activation forks it first, before it loads the language
 * client library, so that Node's start and the server's bundle load run while
 * the extension host is still loading that library. The language client then
 * takes that process for its first start, and a fresh one for each restart.
 * Node built-ins only (no vscode, no languageclient).
 */
import { fork, type ChildProcess } from 'node:child_process';

export interface ServerLaunch {
    /** Absolute path of out/language/main.cjs. */
    module: string;
    /** Where the server keeps V8's code cache of its bundle (src/language/compile-cache.ts); none when undefined. */
    cacheDir?: string;
    /** Start with --inspect=6009 (as the extension host was started for debugging). */
    debug?: boolean;
}

/** The extension host runs under a debugger: the language client's own rule for picking the debug launch. */
export function hostIsDebugged(execArgv: readonly string[] = process.execArgv): boolean {
    return execArgv.some(arg => /^--(debug|debug-brk|inspect|inspect-brk)(=|$)/.test(arg));
}

/** Forks the server with the arguments, environment and stdio the language client uses for IPC. */
export function forkLanguageServer(launch: ServerLaunch): ChildProcess {
    const env: NodeJS.ProcessEnv = {
        ...process.env,
        ELECTRON_RUN_AS_NODE: '1',
        ELECTRON_NO_ASAR: '1',
        ...(launch.cacheDir ? { MLOPS_LS_CACHE_DIR: launch.cacheDir } : {})
    };
    return fork(launch.module, ['--node-ipc', `--clientProcessId=${process.pid}`], {
        env,
        silent: true,
        execArgv: launch.debug ? ['--nolazy', '--inspect=6009'] : []
    });
}

const alive = (child: ChildProcess): boolean => child.exitCode === null && child.signalCode === null;

/**
 * Hands the process forked at activation to the first start, and forks a
 * fresh one for every later start (a restart after a crash), or when the early
 * one has already ended. Keeps the last one handed out, to end it on dispose.
 */
export class ServerProcesses {
    private early: ChildProcess | undefined;
    private current: ChildProcess | undefined;

    constructor(private readonly launch: ServerLaunch, private readonly forkServer = forkLanguageServer) {}

    /** Forks the server now; the next `take()` returns it. */
    startEarly(): void {
        const child = this.forkServer(this.launch);
        // An early failure (no such file, fork error) is seen by take(): the process has then ended.
        child.on('error', () => undefined);
        this.early = child;
    }

    /** The process for a start of the language client. */
    take(): ChildProcess {
        const early = this.early;
        this.early = undefined;
        this.current = early && alive(early) ? early : this.forkServer(this.launch);
        return this.current;
    }

    /** Ends the server processes still running (after the client has stopped, which normally ends them). */
    dispose(): void {
        for (const child of [this.early, this.current]) {
            if (child && alive(child)) {
                child.kill();
            }
        }
        this.early = undefined;
        this.current = undefined;
    }
}
