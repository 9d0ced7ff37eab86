/**
 * With MLOPS_LS_TIMING set, the server process writes one line per start-up
 * milestone to stderr (which the client shows in the "MLOps Language Server"
 * output): wall-clock time and ms since the process started. e2e/bench.mjs
 * reads them to say where the first diagnostics' time goes. Off by default.
 */
export const startupTimingOn = !!process.env.MLOPS_LS_TIMING;

export function startupMark(what: string): void {
    if (startupTimingOn) {
        process.stderr.write(`[startup] ${new Date().toISOString()} +${Math.round(performance.now())} ms ${what}\n`);
    }
}
