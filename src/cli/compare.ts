/**
 * `mlops compare FILE --observed OBS.json [--allocation NAME] [--horizon T]
 * [--warmup T] [--replications N] [--seed S] [--json]` (cli.md, issue 14):
 * simulates the allocation the observations were made on (`current` unless
 * said otherwise) and prints, per process, simulated vs observed p50, p95,
 * p99, throughput and share within the deadline, flagging each observation
 * outside the simulated 95% interval. Exit code 0 also when differences are
 * flagged (they are findings, not failures); 1 for a model with errors; 2 for
 * bad usage or a bad observations file (FILE:LINE:COL: error: FIELD: ...).
 */
import type { Command } from 'commander';
import { formatNumber } from '../model/print.js';
import { compareWithObservations, type Comparison, type ComparisonRow } from '../platform/compare.js';
import { InputError } from '../platform/input-error.js';
import { parseObservations } from '../platform/observations.js';
import { SimulationInputError } from '../sim/index.js';
import { loadRun, runOverrides, type RunOptions } from './options.js';
import { readInputText } from './platform-io.js';
import { helpText, INTERNAL_ERROR, RUN_OPTION_HELP } from './help.js';
import { atMostOneStdin, inputName } from './stdin.js';
import { createProgress, progressMode, PROGRESS_OPTION_HELP, QUIET_OPTION_HELP, type ProgressOptions } from './progress.js';

interface CompareOptions extends RunOptions, ProgressOptions {
    observed?: string;
    allocation?: string;
    json?: boolean;
}

export function registerCompare(program: Command, setExit: (code: number) => void): void {
    program.command('compare')
        .description('simulate the current allocation and compare each process with observed percentiles, throughput and share within the deadline')
        .addHelpText('after', helpText({
            notes: ['The observations are JSON (or YAML): {"allocation": NAME, "processes": {PROCESS: {"p50": T, "p95": T, "p99": T, "throughput": R, "withinDeadline": F}}}, '
                + 'times with units ("45ms") or in seconds, every field optional.'],
            examples: [
                ['mlops compare shop.mlops --observed observed.json', 'simulated against observed, per process'],
                ['mlops compare shop.mlops --observed observed.json --replications 20 --json', 'tighter intervals, as JSON']
            ],
            exitCodes: [[0, 'compared (also when observations fall outside the simulated interval: they are flagged)'],
                [1, 'errors in the model; no such allocation; it cannot be simulated'], [2, 'bad usage; unreadable file; an error in the observations'], INTERNAL_ERROR]
        }))
        .argument('<file>', 'the .mlops model (- for standard input)')
        .requiredOption('--observed <obs.json>', 'the observations (see below)')
        .option('--allocation <name>', 'allocation the observations were made on (default: the file\'s "allocation", else current, else the first)')
        .option('--horizon <time>', RUN_OPTION_HELP.horizon)
        .option('--warmup <time>', RUN_OPTION_HELP.warmup)
        .option('--replications <n>', `${RUN_OPTION_HELP.replications}; at least 2 for an interval`)
        .option('--seed <s>', RUN_OPTION_HELP.seed)
        .option('--json', 'print JSON instead of a table')
        .option('--progress <mode>', PROGRESS_OPTION_HELP)
        .option('--quiet', QUIET_OPTION_HELP)
        .action(async (file: string, options: CompareOptions) => {
            setExit(await compareCommand(file, options));
        });
}

async function compareCommand(file: string, options: CompareOptions): Promise<number> {
    atMostOneStdin([file, options.observed]);
    const reporter = createProgress(progressMode(options, !!process.stderr.isTTY));
    const run = await loadRun(file, runOverrides(options));
    if (typeof run === 'number') {
        return run;
    }
    const { model, settings } = run;
    const observedFile = options.observed!;
    let parsed;
    try {
        const text = await readInputText(observedFile);
        parsed = parseObservations(inputName(observedFile), text, model.processes.map(p => p.name));
    } catch (error) {
        if (error instanceof InputError) {
            process.stderr.write(error.format() + '\n');
            return 2;
        }
        throw error;
    }
    const name = options.allocation ?? parsed.allocation;
    const allocation = name !== undefined
        ? model.allocations.find(a => a.name === name)
        : model.allocations.find(a => a.name === 'current') ?? model.allocations[0];
    if (!allocation) {
        process.stderr.write(`${inputName(file)}: ${name === undefined ? 'the model has no allocation' : `no allocation named '${name}'`}\n`);
        return 1;
    }
    if (settings.replications < 2) {
        process.stderr.write('warning: with one replication the intervals have zero width: every difference is flagged\n');
    }
    let comparison: Comparison;
    try {
        comparison = compareWithObservations(model, allocation, {
            horizonSeconds: settings.horizonSeconds, warmupSeconds: settings.warmupSeconds, replications: settings.replications,
            seed: settings.seed, keepaliveSeconds: settings.keepaliveSeconds, maxEvents: settings.maxEvents
        }, parsed.observations, (done, of) => {
            reporter.update({ fraction: done / of, text: `replication ${done}/${of}`, fields: { replication: done, replications: of } });
        });
    } catch (error) {
        if (error instanceof SimulationInputError) {
            process.stderr.write(`${inputName(file)}: allocation ${allocation.name} cannot be simulated: ${error.message}\n`);
            return 1;
        }
        throw error;
    } finally {
        reporter.done();
    }
    for (const w of comparison.warnings) {
        process.stderr.write(`warning: ${w}\n`);
    }
    process.stdout.write(options.json ? JSON.stringify(comparison, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n' : formatTable(comparison));
    return 0;
}

function value(row: ComparisonRow, x: number): string {
    if (row.quantity === 'throughput') { return `${formatNumber(x * 60, 4)}/min`; }
    if (row.quantity === 'withinDeadline') { return `${formatNumber(100 * x, 4)}%`; }
    return x < 1 ? `${formatNumber(x * 1000, 4)} ms` : `${formatNumber(x, 4)} s`;
}

function formatTable(c: Comparison): string {
    const header = ['process', 'quantity', 'simulated', '95% interval', 'observed', 'difference', ''];
    const rows = c.rows.map(r => [
        r.process, r.quantity, value(r, r.simulated), `${value(r, r.ci[0])} .. ${value(r, r.ci[1])}`, value(r, r.observed),
        Number.isFinite(r.relativeDifference) ? `${r.relativeDifference >= 0 ? '+' : ''}${(100 * r.relativeDifference).toFixed(1)}%` : '-',
        r.outside ? 'OUTSIDE' : ''
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map(r => r[i].length)));
    const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd();
    const flagged = c.rows.filter(r => r.outside).length;
    return [
        `allocation ${c.allocation}: ${c.replications} replications`,
        '',
        line(header), ...rows.map(line),
        '',
        `${flagged} of ${c.rows.length} observations outside the simulated 95% interval`,
        ''
    ].join('\n');
}
