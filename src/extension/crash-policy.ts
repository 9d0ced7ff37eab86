/**
 * When the language server dies: restart it, tell the user once, and give up
 * (with a message) when it keeps dying. Pure bookkeeping; client.ts wires it
 * to vscode-languageclient's ErrorHandler.
 */
export interface CrashDecision {
    restart: boolean;
    /** A message for the user, or undefined (only the first crash and the giving up are reported). */
    message?: string;
}

export class CrashPolicy {
    private crashes: number[] = [];
    private reported = false;

    constructor(private readonly maxCrashes = 5, private readonly windowMs = 3 * 60_000) {}

    onCrash(now = Date.now()): CrashDecision {
        this.crashes = [...this.crashes.filter(t => now - t < this.windowMs), now];
        if (this.crashes.length > this.maxCrashes) {
            return { restart: false, message: `The MLOps language server crashed ${this.crashes.length} times in ${Math.round(this.windowMs / 60_000)} minutes and will not be restarted. See the "MLOps" output for details; reload the window to try again.` };
        }
        if (!this.reported) {
            this.reported = true;
            return { restart: true, message: 'The MLOps language server stopped unexpectedly and was restarted.' };
        }
        return { restart: true };
    }
}
