import type { Command } from 'commander';
import { formatDiagnostic, loadModelFile } from './load-file.js';
import { UsageError } from './errors.js';
import { helpText, INTERNAL_ERROR } from './help.js';
import { atMostOneStdin } from './stdin.js';
import { TOO_MANY_DIAGNOSTICS, type OmittedCounts } from '../language/validation/diagnostic-cap.js';

function omittedCounts(d: { data?: unknown }): OmittedCounts | undefined {
    const data = d.data as Partial<OmittedCounts> | undefined;
    return data?.code === TOO_MANY_DIAGNOSTICS ? { code: TOO_MANY_DIAGNOSTICS, errors: data.errors ?? 0, warnings: data.warnings ?? 0, others: data.others ?? 0 } : undefined;
}

/** Where `validate` writes: diagnostics to `out` (stdout), the summary and read failures to `err` (stderr). */
export interface ValidateOutput {
    out: (line: string) => void;
    err: (line: string) => void;
}

/**
 * `mlops validate FILE...` (cli.md): one line `FILE:LINE:COL: error|warning
 * CODE: message` per diagnostic, files in the order given, diagnostics in
 * text order. Every readable file is checked even when another is not.
 * Returns the exit code: 2 when a file could not be read, else 1 when a file
 * has an error, else 0 (warnings alone pass).
 */
export async function validateFiles(files: string[], output: ValidateOutput): Promise<number> {
    atMostOneStdin(files);
    let errors = 0;
    let warnings = 0;
    let unreadable = 0;
    for (const file of files) {
        let loaded;
        try {
            loaded = await loadModelFile(file);
        } catch (error) {
            if (error instanceof UsageError) {
                output.err(`mlops: ${error.message}`);
                unreadable++;
                continue;
            }
            throw error;
        }
        for (const d of loaded.diagnostics) {
            const omitted = omittedCounts(d);
            if (omitted) {
                // The "N more not shown" line of a capped file stands for N diagnostics.
                errors += omitted.errors;
                warnings += omitted.warnings;
            } else if (d.severity === 1) { errors++; } else if (d.severity === 2) { warnings++; }
            output.out(formatDiagnostic(file, d));
        }
    }
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    output.err(`${plural(files.length - unreadable, 'file')} checked: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`
        + (unreadable > 0 ? `, ${unreadable} unreadable` : ''));
    return unreadable > 0 ? 2 : errors > 0 ? 1 : 0;
}

/** `mlops validate` (cli.md). */
export function registerValidate(program: Command, setExit: (code: number) => void): void {
    program.command('validate')
        .description('parse and check .mlops files; print FILE:LINE:COL: error|warning CODE: message per diagnostic')
        .addHelpText('after', helpText({
            examples: [['mlops validate shop.mlops', 'its problems, one line each; a summary on stderr'], ['mlops validate models/*.mlops', 'several files'],
                ['cat shop.mlops | mlops validate -', 'standard input, reported as <stdin>']],
            exitCodes: [[0, 'no error (warnings allowed)'], [1, 'some file has an error'], [2, 'bad usage or an unreadable file (the other files are still checked)'], INTERNAL_ERROR]
        }))
        .argument('<files...>', '.mlops files to check (- for standard input)')
        .action(async (files: string[]) => {
            setExit(await validateFiles(files, {
                out: line => process.stdout.write(line + '\n'),
                err: line => process.stderr.write(line + '\n')
            }));
        });
}
