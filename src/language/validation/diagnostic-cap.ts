/**
 * At most MAX_DIAGNOSTICS diagnostics per document, then one that counts the
 * rest. A file with hundreds of thousands of problems must still say so:
 * Langium collects the checks' diagnostics into one array and appends it with
 * `push(...items)`, which overflows the stack beyond about 100,000 items; the
 * RangeError was logged and swallowed, and the file looked clean to the
 * editor, `mlops validate`, `simulate` and `optimize` alike. Collecting stops
 * growing at the cap (the rest is only counted), and the summary is an error
 * whenever an error was left out, so the error state is never lost.
 */
import type { Diagnostic } from 'vscode-languageserver';

/** Diagnostics kept per document; the editor and `mlops validate` show no more. */
export const MAX_DIAGNOSTICS = 1000;

/** The code of the summary diagnostic ("N more ... not shown"). */
export const TOO_MANY_DIAGNOSTICS = 'too-many-diagnostics';

/** The data of the summary: how many of each severity were left out. */
export interface OmittedCounts {
    code: typeof TOO_MANY_DIAGNOSTICS;
    errors: number;
    warnings: number;
    others: number;
}

/** Keeps the first `limit` diagnostics added; counts the others by severity. */
export class CappedDiagnostics {
    readonly kept: Diagnostic[] = [];
    private omitted = { errors: 0, warnings: 0, others: 0 };
    private firstOmitted: Diagnostic | undefined;

    constructor(private readonly limit = MAX_DIAGNOSTICS) {}

    add(d: Diagnostic): void {
        if (this.kept.length < this.limit) {
            this.kept.push(d);
            return;
        }
        this.firstOmitted ??= d;
        if (d.severity === 1) {
            this.omitted.errors++;
        } else if (d.severity === 2) {
            this.omitted.warnings++;
        } else {
            this.omitted.others++;
        }
    }

    /** Counts of a summary made by an earlier cap, as if its diagnostics were added here. */
    private addSummary(d: Diagnostic): boolean {
        const data = d.data as Partial<OmittedCounts> | undefined;
        if (data?.code !== TOO_MANY_DIAGNOSTICS) {
            return false;
        }
        this.firstOmitted ??= d;
        this.omitted.errors += data.errors ?? 0;
        this.omitted.warnings += data.warnings ?? 0;
        this.omitted.others += data.others ?? 0;
        return true;
    }

    /** Adds each of `diagnostics` (a summary of an earlier cap is merged, not kept). */
    addAll(diagnostics: Iterable<Diagnostic>): void {
        for (const d of diagnostics) {
            if (!this.addSummary(d)) {
                this.add(d);
            }
        }
    }

    /** The kept diagnostics, then one summary when any was left out. */
    result(): Diagnostic[] {
        const { errors, warnings, others } = this.omitted;
        const total = errors + warnings + others;
        if (total === 0 || !this.firstOmitted) {
            return this.kept;
        }
        const parts = [errors > 0 ? plural(errors, 'error') : '', warnings > 0 ? plural(warnings, 'warning') : '', others > 0 ? `${others} other` : '']
            .filter(p => p.length > 0);
        const data: OmittedCounts = { code: TOO_MANY_DIAGNOSTICS, errors, warnings, others };
        return [...this.kept, {
            // An error when an error was left out: a capped file with errors still has errors.
            severity: errors > 0 ? 1 : warnings > 0 ? 2 : 3,
            range: this.firstOmitted.range,
            source: this.firstOmitted.source,
            message: `${total.toLocaleString('en-US')} more diagnostics not shown (${parts.join(', ')}); only the first ${this.limit.toLocaleString('en-US')} are listed`,
            code: TOO_MANY_DIAGNOSTICS,
            data
        }];
    }
}

function plural(n: number, word: string): string {
    return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

/** `diagnostics` capped to MAX_DIAGNOSTICS plus a summary (see CappedDiagnostics). */
export function capDiagnostics(diagnostics: Iterable<Diagnostic>, limit = MAX_DIAGNOSTICS): Diagnostic[] {
    const capped = new CappedDiagnostics(limit);
    capped.addAll(diagnostics);
    return capped.result();
}
