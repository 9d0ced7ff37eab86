/**
 * `mlops optimize FILE [--population N] [--generations N] [--replications N]
 * [--horizon T] [--warmup T] [--seed S] [--workers N] [--evaluations N]
 * [--timeout T] [--stagnation N] [--json] [--report FILE.html] [--write]
 * [--redis URL [--queue NAME]]`
 * (cli.md, plus --warmup, the three stopping rules and the distributed
 * evaluation of docs/distributed.md): runs the optimizer and prints the
 * chosen allocation against the baselines (or the JSON of cli.md).
 *
 * Exit codes: 0 done; 1 the model has errors, no valid allocation exists
 * (the reason per component is printed before any search), the search
 * failed (the front found so far is still printed; also when --redis's
 * Redis went away mid-run), or `--write` found the
 * file changed since it was read; 2 bad usage, --redis's Redis unreachable
 * at the start, or a file that cannot be read or written (write-back.ts says what `--write` keeps and refuses). Ctrl-C stops the search and prints the
 * front found so far.
 */
import { writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { MAX_WORKERS, MAX_WORKERS_PER_CORE, maxWorkers } from '../model/limits.js';
import { fromMatrix, allocationToText } from '../model/allocation.js';
import { applyTextEdit, upsertAllocationEdit } from '../model/allocation-edit.js';
import { DEFAULT_SETTINGS, type SettingsOverrides } from '../model/settings.js';
import { OBJECTIVE_KEYS, type Model, type ObjectiveKey } from '../model/types.js';
import { checkFeasible, DEFAULT_BUDGET_SECONDS, optimize, simulationSettings, withExplanation, type OptimizationResult, type Progress } from '../opt/index.js';
import { renderReportHtml } from '../report/render.js';
import { WriteRefused, writeBack } from './write-back.js';
import { loadRun, runOverrides, timeOption, wholeNumber, type RunOptions } from './options.js';
import { fileDefault, helpText, INTERNAL_ERROR, RUN_OPTION_HELP, type CommandHelp } from './help.js';
import { inputName, STDIN } from './stdin.js';
import { UsageError } from './errors.js';
import { checkQueueName, DISTRIBUTED_OPTION_HELP, redisFailure, requireRedisUrl } from './redis-options.js';
import { createProgress, progressMode, PROGRESS_OPTION_HELP, QUIET_OPTION_HELP, type ProgressOptions, type ProgressReporter } from './progress.js';
import type { OptimizeJson } from '../schema/index.js';

interface OptimizeOptions extends RunOptions, ProgressOptions {
    population?: string;
    generations?: string;
    workers?: string;
    evaluations?: string;
    timeout?: string;
    stagnation?: string;
    json?: boolean;
    report?: string;
    write?: boolean;
    redis?: string;
    queue?: string;
}

const OPTIMIZE_HELP: CommandHelp = {
    notes: ['Ctrl-C stops the search and prints the best allocations found so far.'],
    examples: [
        ['mlops optimize shop.mlops', `search for ${DEFAULT_BUDGET_SECONDS} s (unless the file sets a stopping rule), print the chosen allocation`],
        ['mlops optimize shop.mlops --timeout 10min --write', 'search longer, then add `allocation optimized` to the file'],
        ['mlops optimize shop.mlops --generations 50 --seed 7 --json', 'a reproducible run, as JSON'],
        ['mlops optimize shop.mlops --report report.html', 'also the interactive results view as one HTML file'],
        ['mlops optimize shop.mlops --redis redis://queue-host:6379', 'evaluate on the `mlops worker` processes of that Redis (same front as local threads)']
    ],
    exitCodes: [[0, 'done (also when stopped with Ctrl-C: the front so far)'],
        [1, 'errors in the model; no valid allocation exists; the search stopped on an error (also Redis lost mid-run: the front so far is printed); --write found the file changed'],
        [2, 'bad usage, unreadable file, --report or --write cannot write, --redis cannot be reached at the start'], INTERNAL_ERROR]
};

export function registerOptimize(program: Command, setExit: (code: number) => void): void {
    program.command('optimize')
        .description('search allocations (NSGA-II) and report the Pareto front, the chosen one and the baselines')
        .addHelpText('after', helpText(OPTIMIZE_HELP))
        .argument('<file>', 'the .mlops model (- for standard input; not with --write)')
        .option('--population <n>', `population size of the genetic search ${fileDefault(`${DEFAULT_SETTINGS.population}, or one per 8 evaluations under --evaluations`)}`)
        .option('--generations <n>', `number of generations ${fileDefault(`no limit: another stopping rule, or ${DEFAULT_BUDGET_SECONDS} s when none is set`)}`)
        .option('--replications <n>', `simulation replications per evaluated allocation ${fileDefault(String(DEFAULT_SETTINGS.replications))}`)
        .option('--horizon <time>', `simulated time per replication, e.g. 12h ${fileDefault('chosen from the model\'s rates, at most 24 h, when neither horizon nor warmup is set')}`)
        .option('--warmup <time>', `runs arriving before this are not counted, e.g. 30min ${fileDefault('chosen with the horizon')}`)
        .option('--seed <s>', RUN_OPTION_HELP.seed.replace('random streams', 'random streams and of the search'))
        .option('--workers <n>', 'evaluation threads (default 0: one per CPU core; at most 4 per core and 64; not with --redis)')
        .option('--evaluations <n>', `stop after this many simulated allocations ${fileDefault('0: no budget')}`)
        .option('--timeout <time>', `stop the search after this wall time, e.g. 5min ${fileDefault(`0: none; ${DEFAULT_BUDGET_SECONDS} s when no stopping rule is set`)}`)
        .option('--stagnation <n>', `stop after this many generations without hypervolume gain ${fileDefault('0: never')}`)
        .option('--json', 'print JSON instead of a table: seed, evaluations, wallSeconds, hypervolume, front, chosen, baselines, ...')
        .option('--report <file.html>', 'write the results view as one self-contained HTML file')
        .option('--write', 'add the chosen allocation to the model file as `allocation optimized` (replacing an older one)')
        .option('--redis <url>', DISTRIBUTED_OPTION_HELP.redisOptimize)
        .option('--queue <name>', DISTRIBUTED_OPTION_HELP.queue)
        .option('--progress <mode>', PROGRESS_OPTION_HELP)
        .option('--quiet', QUIET_OPTION_HELP)
        .action(async (file: string, options: OptimizeOptions) => {
            setExit(await optimizeCommand(file, options));
        });
}

function parseOverrides(options: OptimizeOptions): SettingsOverrides {
    return {
        ...runOverrides(options),
        population: wholeNumber('population', options.population, 4),
        generations: wholeNumber('generations', options.generations, 0),
        workers: wholeNumber('workers', options.workers, 0, maxWorkers(availableParallelism()),
            ` (${MAX_WORKERS_PER_CORE} per core on this machine, at most ${MAX_WORKERS})`),
        evaluations: wholeNumber('evaluations', options.evaluations, 0),
        stagnationGenerations: wholeNumber('stagnation', options.stagnation, 0),
        timeoutSeconds: timeOption('timeout', options.timeout, false, '5min or 0')
    };
}

async function optimizeCommand(file: string, options: OptimizeOptions): Promise<number> {
    const mode = progressMode(options, !!process.stderr.isTTY);
    if (options.write && file === STDIN) {
        throw new UsageError('--write needs a model file: standard input cannot be written back');
    }
    const redis = requireRedisUrl(options.redis, false);
    if (redis && options.workers !== undefined) {
        throw new UsageError('--workers counts local threads; with --redis the `mlops worker` processes evaluate (their --concurrency)');
    }
    if (!redis && options.queue !== undefined) {
        throw new UsageError('--queue names the queue of --redis: give --redis too');
    }
    checkQueueName(options.queue);
    const run = await loadRun(file, parseOverrides(options));
    if (typeof run === 'number') {
        return run;
    }
    const { model, settings } = run;
    const feasibility = checkFeasible(model);
    if (!feasibility.feasible) {
        process.stderr.write(`${inputName(file)}: no valid allocation exists:\n`);
        for (const r of feasibility.reasons) {
            process.stderr.write(`  component ${r.component}: ${r.reason}\n`);
        }
        return 1;
    }

    const controller = new AbortController();
    const onInterrupt = () => controller.abort();
    process.once('SIGINT', onInterrupt);
    const reporter = createProgress(mode);
    let result: OptimizationResult;
    try {
        const onNotice = (message: string) => {
            if (!options.quiet) {
                process.stderr.write(`note: ${message}\n`);
            }
        };
        result = await optimize(model, settings, { signal: controller.signal, onProgress: optimizeProgress(reporter) },
            redis ? { redis: { url: redis, queue: options.queue, onNotice } } : {});
    } catch (error) {
        const failure = redisFailure(error);
        if (!failure) {
            throw error;
        }
        process.stderr.write(`mlops: ${failure}\n`);
        return 2;
    } finally {
        reporter.done();
        process.removeListener('SIGINT', onInterrupt);
    }

    for (const warning of result.warnings) {
        process.stderr.write(`warning: ${warning}\n`);
    }
    process.stdout.write(options.json ? toJson(result) + '\n' : formatTable(result, model));
    let code = result.stoppedBy === 'error' ? 1 : 0;
    if (options.report) {
        try {
            // The report shows what the chosen solution's changes did and its headroom: a few more simulations.
            await writeFile(options.report, renderReportHtml(withExplanation(model, simulationSettings(settings), result)), 'utf8');
            if (!options.json) {
                process.stdout.write(`report written to ${options.report}\n`);
            }
        } catch (error) {
            process.stderr.write(`mlops: cannot write ${options.report}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
            code = 2;
        }
    }
    if (options.write) {
        const chosen = result.front[result.chosen];
        if (!chosen) {
            process.stderr.write(`${inputName(file)}: nothing written: the search found no allocation\n`);
            return 1;
        }
        try {
            const allocation = fromMatrix(model, chosen.allocation, 'optimized');
            await writeBack(file, run.bytes, text => applyTextEdit(text, upsertAllocationEdit(text, allocation)));
            if (!options.json) {
                process.stdout.write(`allocation optimized written to ${file}\n`);
            }
        } catch (error) {
            if (!(error instanceof WriteRefused)) {
                throw error;
            }
            process.stderr.write(`mlops: ${error.message}\n`);
            code = error.exitCode;
        }
    }
    return code;
}

/** The JSON of cli.md, fields in its order, then extras (stoppedBy, generations, warnings); non-finite numbers become null. */
export function toJson(r: OptimizationResult): string {
    const objectives = (o: Record<ObjectiveKey, number>) => ({ time: o.time, variance: o.variance, violations: o.violations, cost: o.cost });
    const json: OptimizeJson = {
        seed: r.seed,
        evaluations: r.evaluations,
        wallSeconds: r.wallSeconds,
        hypervolume: r.hypervolume,
        hypervolumeByGeneration: r.hypervolumeByGeneration,
        front: r.front.map(s => ({
            allocation: { instances: s.allocation.instances, permanent: s.allocation.permanent, limits: s.allocation.limits },
            objectives: objectives(s.objectives)
        })),
        chosen: r.chosen,
        baselines: r.baselines.map(b => ({ name: b.name, objectives: objectives(b.objectives) })),
        stoppedBy: r.stoppedBy,
        generations: r.generations,
        warnings: r.warnings
    };
    return JSON.stringify(json, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2);
}

const CRITERIA: Record<ObjectiveKey, string> = {
    time: 'time (s)',
    variance: 'variance (s^2)',
    violations: 'violations (/h)',
    cost: 'cost (/h)'
};

export function formatTable(r: OptimizationResult, model: Model): string {
    const lines: string[] = [];
    const chosen = r.front[r.chosen];
    lines.push(`${r.system}: ${r.evaluations} allocations evaluated in ${r.wallSeconds.toFixed(1)} s, ${r.generations ?? '?'} generations `
        + `(stopped by ${r.stoppedBy}), front of ${r.front.length}, hypervolume ${r.hypervolume.toFixed(4)}, seed ${r.seed}`);
    if (!chosen) {
        lines.push('no allocation found');
        return lines.join('\n') + '\n';
    }
    lines.push('');
    lines.push('chosen allocation (nearest to the ideal point with the prefer weights):');
    lines.push(allocationToText(fromMatrix(model, chosen.allocation, 'optimized')));
    lines.push('');
    const currency = model.currency ? ` ${model.currency}` : '';
    const header = ['criterion', 'chosen', ...r.baselines.map(b => b.name), ...r.baselines.map(b => `vs ${b.name}`)];
    const rows = OBJECTIVE_KEYS.map(k => [
        k === 'cost' ? `cost (${currency.trim() || 'money'}/h)` : CRITERIA[k],
        num(chosen.objectives[k]),
        ...r.baselines.map(b => num(b.objectives[k])),
        ...r.baselines.map(b => improvement(chosen.objectives[k], b.objectives[k]))
    ]);
    lines.push(table(header, rows));
    lines.push('');
    lines.push('"vs" columns: improvement of the chosen allocation over the baseline (positive is better; all criteria are minimized).');
    return lines.join('\n') + '\n';
}

/** (baseline - chosen) / baseline in %, since every criterion is minimized. */
function improvement(chosen: number, baseline: number): string {
    if (!Number.isFinite(chosen) || !Number.isFinite(baseline)) {
        return '-';
    }
    if (baseline === 0) {
        return chosen === 0 ? '0%' : 'worse';
    }
    const percent = (baseline - chosen) / Math.abs(baseline) * 100;
    return `${percent >= 0 ? '+' : ''}${percent.toFixed(1)}%`;
}

function table(header: string[], rows: string[][]): string {
    const widths = header.map((h, c) => Math.max(h.length, ...rows.map(row => row[c].length)));
    const line = (cells: string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd();
    return [line(header), ...rows.map(line)].join('\n');
}

function num(x: number): string {
    if (!Number.isFinite(x)) {
        return '-';
    }
    if (x === 0) {
        return '0';
    }
    return Math.abs(x) >= 1e6 || Math.abs(x) < 1e-3 ? x.toExponential(3) : Number(x.toPrecision(4)).toString();
}

/**
 * The optimizer's progress as a state of progress.ts: under a generation
 * limit the share done counts generations; under the time budget, time.
 */
function optimizeProgress(reporter: ProgressReporter): (p: Progress) => void {
    let total = 0;
    return (p: Progress) => {
        if (p.timeLeftSeconds !== undefined && total === 0) {
            total = Math.max(1, p.timeLeftSeconds);
        }
        const fraction = p.generations > 0 ? p.generation / p.generations
            : p.timeLeftSeconds !== undefined && total > 0 ? 1 - p.timeLeftSeconds / total : 0;
        const phase = p.phase ?? 'search';
        const what = phase === 'details' ? 'details of the front'
            : `generation ${p.generation}${p.generations > 0 ? `/${p.generations}` : ''}${p.fidelity === 'brief' ? ' (brief simulations)' : ''}`;
        const left = p.timeLeftSeconds !== undefined ? `  ${Math.ceil(p.timeLeftSeconds)} s left` : '';
        reporter.update({
            fraction,
            phase,
            text: `${what}  evaluations ${p.evaluations}  hypervolume ${p.hypervolume.toFixed(3)}  front ${p.front.length}${left}`,
            fields: {
                phase, generation: p.generation, generations: p.generations > 0 ? p.generations : null, evaluations: p.evaluations,
                hypervolume: p.hypervolume, front: p.front.length, fidelity: p.fidelity ?? null, timeLeftSeconds: p.timeLeftSeconds ?? null
            }
        });
    };
}
