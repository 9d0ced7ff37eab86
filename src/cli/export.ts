/**
 * `mlops export kubernetes FILE [--allocation NAME] [--base DIR] -o DIR
 * [--pool-label L] [--ghz-per-core G] [--namespace NS]` (cli.md,
 * docs/kubernetes.md): manifests for an allocation, or with --base a
 * Kustomize overlay over the manifests in DIR. Nothing is written when the
 * model has errors or a base file cannot be read (exit 1 or 2).
 */
import { readdir } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_IMPORT_OPTIONS } from '../platform/k8s-import.js';
import { exportOverlay, exportPlain, type BaseManifests, type ExportOptions, type ExportResult } from '../platform/k8s-export.js';
import { readObjects } from '../platform/k8s-read.js';
import { InputError } from '../platform/input-error.js';
import { UsageError } from './errors.js';
import { requireModel } from './load-file.js';
import { positiveNumber, readInputText, writeAtomically } from './platform-io.js';
import { helpText, INTERNAL_ERROR } from './help.js';
import { inputName } from './stdin.js';

interface ExportCliOptions {
    output?: string;
    allocation?: string;
    base?: string;
    poolLabel?: string;
    ghzPerCore?: string;
    namespace?: string;
}

export function registerExport(program: Command, setExit: (code: number) => void): void {
    const command = program.command('export').description('write an allocation for a platform');
    command.command('kubernetes')
        .description('one Deployment (StatefulSet, Job, CronJob) per component and server kind, as plain manifests or a Kustomize overlay over --base')
        .addHelpText('after', helpText({
            examples: [
                ['mlops export kubernetes shop.mlops --allocation optimized -o k8s/', 'plain manifests of an allocation'],
                ['mlops export kubernetes shop.mlops --allocation optimized --base deploy/ -o overlay/', 'a Kustomize overlay over existing manifests (kubectl apply -k overlay/)']
            ],
            exitCodes: [[0, 'written'], [1, 'errors in the model; no such allocation (nothing written)'], [2, 'bad usage; unreadable file; an error in a base manifest (nothing written)'], INTERNAL_ERROR]
        }))
        .argument('<file>', 'the .mlops model (- for standard input)')
        .requiredOption('-o, --output <dir>', 'directory to write into')
        .option('--allocation <name>', 'allocation to export (default: the first in the file)')
        .option('--base <dir>', 'manifests to patch: the output is then a Kustomize overlay')
        .option('--pool-label <label>', `node label of the pools, for server kinds the import did not write (default ${DEFAULT_IMPORT_OPTIONS.poolLabel})`)
        .option('--ghz-per-core <g>', `GHz per core, to turn idle CPU into requests (default ${DEFAULT_IMPORT_OPTIONS.ghzPerCore})`)
        .option('--namespace <ns>', 'namespace of new objects whose component names none (default: default)')
        .action(async (file: string, options: ExportCliOptions) => {
            setExit(await exportCommand(file, options));
        });
}

async function readBase(dir: string, outDir: string): Promise<BaseManifests> {
    let entries: string[];
    try {
        entries = (await readdir(dir)).sort();
    } catch (error) {
        throw new UsageError(`cannot read ${dir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    const isKustomization = entries.some(e => /^(kustomization\.ya?ml|Kustomization)$/.test(e));
    const files: BaseManifests['files'] = [];
    const objects: BaseManifests['objects'] = [];
    for (const entry of entries.filter(e => /\.ya?ml$/.test(e) && !/^kustomization\.ya?ml$/.test(e))) {
        const path = join(dir, entry);
        const text = await readInputText(path);
        files.push({ path: entry, text });
        objects.push(...readObjects(path, text));
    }
    if (objects.length === 0) {
        throw new UsageError(`--base ${dir}: no Kubernetes objects in its .yaml files`);
    }
    return { relativeDir: relative(resolve(outDir), resolve(dir)) || '.', isKustomization, files, objects };
}

async function exportCommand(file: string, cli: ExportCliOptions): Promise<number> {
    const options: ExportOptions = {
        poolLabel: cli.poolLabel ?? DEFAULT_IMPORT_OPTIONS.poolLabel,
        ghzPerCore: positiveNumber('ghz-per-core', cli.ghzPerCore) ?? DEFAULT_IMPORT_OPTIONS.ghzPerCore,
        namespace: cli.namespace ?? 'default'
    };
    const outDir = cli.output!;
    const loaded = await requireModel(file);
    if (!loaded) {
        return 1;
    }
    const { model } = loaded;
    const allocation = cli.allocation === undefined ? model.allocations[0] : model.allocations.find(a => a.name === cli.allocation);
    if (!allocation) {
        process.stderr.write(`${inputName(file)}: ${cli.allocation === undefined ? 'the model has no allocation' : `no allocation named '${cli.allocation}' (known: ${model.allocations.map(a => a.name).join(', ') || 'none'})`}\n`);
        return 1;
    }
    let result: ExportResult;
    try {
        result = cli.base === undefined
            ? exportPlain(model, allocation, options)
            : exportOverlay(model, allocation, await readBase(cli.base, outDir), options);
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
    for (const f of result.files) {
        await writeAtomically(join(outDir, f.path), f.text);
    }
    process.stderr.write(`${result.files.length} files written to ${outDir}`
        + `${cli.base === undefined ? ' (plain manifests)' : ' (a Kustomize overlay: kubectl apply -k ' + outDir + ')'}\n`);
    return 0;
}
