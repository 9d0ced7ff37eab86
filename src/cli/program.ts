/**
 * `mlops`: the command line of cli.md. Each command lives in its own file;
 * this one only wires them to commander and maps failures to exit codes.
 */
import '../polyfill/object-group-by.js';
import { Command, CommanderError } from 'commander';
import { registerValidate } from './validate.js';
import { registerSimulate } from './simulate.js';
import { registerOptimize } from './optimize.js';
import { registerFit } from './fit.js';
import { registerImport } from './import.js';
import { registerExport } from './export.js';
import { registerCompare } from './compare.js';
import { registerWorker } from './worker.js';
import { UsageError } from './errors.js';
import { helpText, INTERNAL_ERROR } from './help.js';
import { packageVersion } from './version.js';

/** The program with its commands; `setExit` receives a command's exit code. */
export function createProgram(setExit: (code: number) => void): Command {
    const program = new Command('mlops')
        .description('Validate, simulate and optimize .mlops models of MLOps platforms.')
        .version(packageVersion(), '-V, --version', 'print the version')
        .addHelpText('after', helpText({
            notes: ['FILE may be - for standard input. `mlops help COMMAND` shows a command\'s options, their defaults and its exit codes.'],
            examples: [
                ['mlops validate models/*.mlops', 'check files, one line per problem'],
                ['mlops simulate shop.mlops --allocation current', 'statistics of one allocation'],
                ['mlops optimize shop.mlops --timeout 5min --write', 'search, then add `allocation optimized` to the file']
            ],
            exitCodes: [[0, 'done'], [1, 'errors in the model or the result (see each command)'], [2, 'bad usage or an unreadable file'], INTERNAL_ERROR]
        }))
        .exitOverride()
        .configureOutput({ writeErr: text => process.stderr.write(text) });
    registerValidate(program, setExit);
    registerSimulate(program, setExit);
    registerOptimize(program, setExit);
    registerFit(program, setExit);
    registerImport(program, setExit);
    registerExport(program, setExit);
    registerCompare(program, setExit);
    registerWorker(program, setExit);
    return program;
}

export async function main(argv: string[]): Promise<number> {
    let exitCode = 0;
    const program = createProgram(code => { exitCode = code; });
    try {
        await program.parseAsync(argv, { from: 'user' });
        return exitCode;
    } catch (error) {
        if (error instanceof CommanderError) {
            // --help and --version end here with exit code 0.
            return error.exitCode === 0 ? 0 : 2;
        }
        if (error instanceof UsageError) {
            process.stderr.write(`mlops: ${error.message}\n`);
            return 2;
        }
        process.stderr.write(`mlops: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
        return 3;
    }
}

