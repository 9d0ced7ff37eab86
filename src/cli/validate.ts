import type { Command } from 'commander';
import { Option } from 'commander';
import { formatDiagnostic, loadModelFile } from './load-file.js';
import { UsageError } from './errors.js';
import { helpText, INTERNAL_ERROR } from './help.js';
import { atMostOneStdin, inputName } from './stdin.js';
import { diagnosticJson } from './diagnostic-json.js';
import { toSarif } from './sarif.js';
import type { ValidateJson } from '../schema/index.js';

/** Where `validate` writes: the report to `out` (stdout), the summary and read failures to `err` (stderr). */
export interface ValidateOutput {
    out: (line: string) => void;
    err: (line: string) => void;
}

export const VALIDATE_FORMATS = ['text', 'json', 'sarif'] as const;
export type ValidateFormat = typeof VALIDATE_FORMATS[number];

/**
 * `mlops validate FILE...` (cli.md, docs/cli.md "validate --format"): with
 * `text`, one line `FILE:LINE:COL: error|warning CODE: message` per
 * diagnostic, written as each file is checked; with `json` (schema
 * docs/schema/validate.schema.json) or `sarif` (SARIF 2.1.0), one document
 * at the end. Files in the order given, diagnostics in text order. Every
 * readable file is checked even when another is not. The summary line and
 * read failures go to `err` in every format. Returns the exit code: 2 when a
 * file could not be read, else 1 when a file has an error, else 0 (warnings
 * alone pass).
 */
export async function validateFiles(files: string[], output: ValidateOutput, format: ValidateFormat = 'text', cwd = process.cwd()): Promise<number> {
    atMostOneStdin(files);
    const report: ValidateJson = { files: [], errors: 0, warnings: 0, unreadable: 0 };
    for (const file of files) {
        let loaded;
        try {
            loaded = await loadModelFile(file);
        } catch (error) {
            if (error instanceof UsageError) {
                output.err(`mlops: ${error.message}`);
                report.files.push({ file: inputName(file), readable: false, error: error.message, diagnostics: [] });
                report.unreadable++;
                continue;
            }
            throw error;
        }
        const diagnostics = loaded.diagnostics.map(diagnosticJson);
        for (const d of diagnostics) {
            if (d.omitted) {
                // The "N more not shown" diagnostic of a capped file stands for N diagnostics.
                report.errors += d.omitted.errors;
                report.warnings += d.omitted.warnings;
            } else if (d.severity === 'error') { report.errors++; } else if (d.severity === 'warning') { report.warnings++; }
        }
        if (format === 'text') {
            for (const d of loaded.diagnostics) {
                output.out(formatDiagnostic(file, d));
            }
        }
        report.files.push({ file: inputName(file), readable: true, diagnostics });
    }
    if (format === 'json') {
        output.out(JSON.stringify(report, null, 2));
    } else if (format === 'sarif') {
        output.out(JSON.stringify(toSarif(report, cwd), null, 2));
    }
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    output.err(`${plural(files.length - report.unreadable, 'file')} checked: ${plural(report.errors, 'error')}, ${plural(report.warnings, 'warning')}`
        + (report.unreadable > 0 ? `, ${report.unreadable} unreadable` : ''));
    return report.unreadable > 0 ? 2 : report.errors > 0 ? 1 : 0;
}

/** `mlops validate` (cli.md). */
export function registerValidate(program: Command, setExit: (code: number) => void): void {
    program.command('validate')
        .description('parse and check .mlops files; print FILE:LINE:COL: error|warning CODE: message per diagnostic, or JSON, or SARIF 2.1.0')
        .addHelpText('after', helpText({
            examples: [['mlops validate shop.mlops', 'its problems, one line each; a summary on stderr'], ['mlops validate models/*.mlops', 'several files'],
                ['cat shop.mlops | mlops validate -', 'standard input, reported as <stdin>'],
                ['mlops validate --format sarif models/*.mlops > mlops.sarif', 'SARIF 2.1.0 for the code scanning of a CI system']],
            exitCodes: [[0, 'no error (warnings allowed)'], [1, 'some file has an error'], [2, 'bad usage or an unreadable file (the other files are still checked)'], INTERNAL_ERROR]
        }))
        .argument('<files...>', '.mlops files to check (- for standard input)')
        .addOption(new Option('--format <format>', 'text: one line per diagnostic; json: one document with every diagnostic and its range; sarif: SARIF 2.1.0, for the code scanning of CI systems')
            .choices(VALIDATE_FORMATS).default('text'))
        .addOption(new Option('--json', 'the same as --format json (as for simulate and optimize)').conflicts('format'))
        .action(async (files: string[], options: { format: ValidateFormat; json?: boolean }) => {
            setExit(await validateFiles(files, {
                out: line => process.stdout.write(line + '\n'),
                err: line => process.stderr.write(line + '\n')
            }, options.json ? 'json' : options.format));
        });
}
