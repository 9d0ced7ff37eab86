/**
 * The parts of `mlops COMMAND --help` that commander does not make: the
 * defaults of options whose default is layered (the file's `optimize` block,
 * then DEFAULT_SETTINGS), examples, and the exit codes. The help names no
 * file of this repository: users of the command do not have them.
 */
import { DEFAULT_SETTINGS } from '../model/settings.js';

export interface CommandHelp {
    /** [command line, what it does] */
    examples: [string, string][];
    /** [code, when] */
    exitCodes: [number, string][];
    /** Further paragraphs, printed before the examples. */
    notes?: string[];
}

/** The same text for every command: 3 is never expected. */
export const INTERNAL_ERROR: [number, string] = [3, 'internal error (a bug: one line "mlops: internal error: ...")'];

export function helpText(help: CommandHelp): string {
    const lines: string[] = [];
    for (const note of help.notes ?? []) {
        lines.push('', note);
    }
    lines.push('', 'Examples:');
    for (const [line, what] of help.examples) {
        lines.push(`  ${line}`, `      ${what}`);
    }
    lines.push('', 'Exit codes:');
    for (const [code, when] of help.exitCodes) {
        lines.push(`  ${code}  ${when}`);
    }
    return lines.join('\n') + '\n';
}

/** "(default: the file's optimize block, else X)" for an option the file can set. */
export function fileDefault(text: string): string {
    return `(default: the file's optimize block, else ${text})`;
}

function hours(seconds: number): string {
    return seconds % 3600 === 0 ? `${seconds / 3600} h` : seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;
}

/** Descriptions of the options simulate, compare and optimize share, with their defaults. */
export const RUN_OPTION_HELP = {
    horizon: `simulated time per replication, e.g. 12h ${fileDefault(hours(DEFAULT_SETTINGS.horizonSeconds))}`,
    warmup: `runs arriving before this are not counted, e.g. 30min ${fileDefault(hours(DEFAULT_SETTINGS.warmupSeconds))}`,
    replications: `independent replications ${fileDefault(String(DEFAULT_SETTINGS.replications))}`,
    seed: `seed of the random streams, 0 to 4294967295 ${fileDefault(String(DEFAULT_SETTINGS.seed))}`
};
