/**
 * `mlops import kubernetes FILE... [-o OUT.mlops] [--pool-label L]
 * [--ghz-per-core G] [--tops-per-gpu T] [--system NAME] [--currency CUR]`
 * (cli.md, docs/kubernetes.md): a model from `kubectl get ... -o yaml`
 * output. The report (what is not mapped, choices to check) and the
 * generated model's diagnostics go to stderr. An error in an input file is
 * printed as FILE:LINE:COL and nothing is written (exit 2); a generated model
 * with errors (e.g. a pool whose requests already fill its nodes) is written
 * and the exit code is 1.
 */
import type { Command } from 'commander';
import { DEFAULT_IMPORT_OPTIONS, importKubernetes, type ImportOptions, type ImportResult } from '../platform/k8s-import.js';
import { readObjects, type KObject } from '../platform/k8s-read.js';
import { InputError } from '../platform/input-error.js';
import { UsageError } from './errors.js';
import { formatDiagnostic } from './load-file.js';
import { positiveNumber, readInputText, writeAtomically } from './platform-io.js';
import { helpText, INTERNAL_ERROR } from './help.js';
import { atMostOneStdin, inputName } from './stdin.js';

interface ImportCliOptions {
    output?: string;
    poolLabel?: string;
    ghzPerCore?: string;
    topsPerGpu?: string;
    system?: string;
    currency?: string;
}

export function registerImport(program: Command, setExit: (code: number) => void): void {
    const command = program.command('import').description('make a model from a platform\'s description');
    command.command('kubernetes')
        .description('a model from `kubectl get nodes,deployments,statefulsets,cronjobs,jobs -o yaml` output (Lists, several documents or plain manifests)')
        .addHelpText('after', helpText({
            examples: [
                ['kubectl get nodes,deployments,statefulsets,cronjobs,jobs -A -o yaml > cluster.yaml', 'what the cluster runs'],
                ['mlops import kubernetes cluster.yaml -o shop.mlops', 'a model of it (check the notes it prints)'],
                ['kubectl get nodes,deployments -o yaml | mlops import kubernetes - > shop.mlops', 'straight from kubectl']
            ],
            exitCodes: [[0, 'written'], [1, 'written, but the generated model has errors (printed)'], [2, 'bad usage; unreadable file; an error in the YAML (nothing written)'], INTERNAL_ERROR]
        }))
        .argument('<files...>', 'YAML files (- for standard input)')
        .option('-o, --output <file.mlops>', 'write the model here (default: standard output)')
        .option('--pool-label <label>', `node label that names the pools (default ${DEFAULT_IMPORT_OPTIONS.poolLabel})`)
        .option('--ghz-per-core <g>', `GHz per allocatable core (default ${DEFAULT_IMPORT_OPTIONS.ghzPerCore})`)
        .option('--tops-per-gpu <t>', `TOPS per nvidia.com/gpu (default ${DEFAULT_IMPORT_OPTIONS.topsPerGpu})`)
        .option('--system <name>', 'the system name (default: imported)')
        .option('--currency <code>', 'the currency of the placeholder prices (default USD)')
        .action(async (files: string[], options: ImportCliOptions) => {
            setExit(await importCommand(files, options));
        });
}

async function importCommand(files: string[], cli: ImportCliOptions): Promise<number> {
    if (cli.currency !== undefined && !/^[A-Z]{3}$/.test(cli.currency)) {
        throw new UsageError(`--currency: expected a 3-letter code such as EUR, got '${cli.currency}'`);
    }
    const options: ImportOptions = {
        poolLabel: cli.poolLabel ?? DEFAULT_IMPORT_OPTIONS.poolLabel,
        ghzPerCore: positiveNumber('ghz-per-core', cli.ghzPerCore) ?? DEFAULT_IMPORT_OPTIONS.ghzPerCore,
        topsPerGpu: positiveNumber('tops-per-gpu', cli.topsPerGpu) ?? DEFAULT_IMPORT_OPTIONS.topsPerGpu,
        system: cli.system ?? DEFAULT_IMPORT_OPTIONS.system,
        currency: cli.currency ?? DEFAULT_IMPORT_OPTIONS.currency
    };
    atMostOneStdin(files);
    const objects: KObject[] = [];
    let result: ImportResult;
    try {
        for (const file of files) {
            const text = await readInputText(file);
            objects.push(...readObjects(inputName(file), text));
        }
        result = importKubernetes(objects, options);
    } catch (error) {
        if (error instanceof InputError) {
            process.stderr.write(`${error.format()}\nmlops: nothing written\n`);
            return 2;
        }
        throw error;
    }
    for (const line of result.report) {
        process.stderr.write(`note: ${line}\n`);
    }
    const target = cli.output ?? '<stdout>';
    const { loadModelCore: loadModel } = await import('../language/load-core.js');
    const loaded = await loadModel(result.text);
    for (const d of loaded.diagnostics) {
        process.stderr.write(formatDiagnostic(target, d) + '\n');
    }
    if (cli.output) {
        await writeAtomically(cli.output, result.text);
        process.stderr.write(`model written to ${cli.output}: ${result.model.servers.length} server kinds, ${result.model.components.length} components\n`);
    } else {
        process.stdout.write(result.text);
    }
    return loaded.model ? 0 : 1;
}
