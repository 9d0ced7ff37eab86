/**
 * Which failed requests the language client reports. On a window reload VS
 * Code asks the extension host for code actions and deactivates it in the
 * same batch: the request passes the client's "running" check, then `stop()`
 * starts, and vscode-languageclient fails the request with its own plain
 * Error ("Starting server failed"), logged as "[error] Request
 * textDocument/codeAction failed" and thrown to VS Code ("provider FAILED")
 * on every reload. A request the client itself gives up on because it is no
 * longer running (stopping, stopped, restarting after a crash) has nothing to
 * report: it gets the empty answer. Errors the server sent (ResponseError,
 * with a numeric code) and failures while running are still reported.
 * No vscode import: unit-tested on its own (test/extension/request-failure.test.ts).
 */

/** True when a request failed only because the client stopped or restarted under it. */
export function failedByStop(running: boolean, error: unknown): boolean {
    return !running && error instanceof Error && typeof (error as { code?: unknown }).code !== 'number';
}
