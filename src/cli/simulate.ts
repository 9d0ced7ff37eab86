/**
 * `mlops simulate FILE [--allocation NAME] [--horizon T] [--warmup T]
 * [--replications N] [--seed S] [--json] [--analytic] [--explain]` (cli.md):
 * simulates one allocation of the model and prints its statistics as a table
 * or as JSON; `--analytic` prints the analytic estimate (src/sim/analytic)
 * instead, in the same table and JSON, marked as an estimate; `--explain`
 * adds where each process's time goes (explain-format.ts).
 *
 * Exit codes: 0 done; 1 the model has errors, or the allocation is unknown or
 * cannot be simulated (the reason is printed); 2 bad usage.
 */
import type { Command } from 'commander';
import type { AllocationDef, Model } from '../model/types.js';
import { firstFit } from '../model/first-fit.js';
import { createAnalyticEvaluator, createSimulator, SimulationInputError, type PhaseStats, type PhasesResult, type SimulationResult } from '../sim/index.js';
import { clippedAtZero } from '../model/intervals.js';
import { loadRun, runOverrides, type RunOptions } from './options.js';
import { helpText, INTERNAL_ERROR, RUN_OPTION_HELP, type CommandHelp } from './help.js';
import { inputName } from './stdin.js';
import type { SimulateJson } from '../schema/index.js';
import { bottlenecksJson, explainExtras, explainJson, formatExplain, formatExtras, type ExplainExtras } from './explain-format.js';

interface SimulateOptions extends RunOptions {
    allocation?: string;
    json?: boolean;
    analytic?: boolean;
    explain?: boolean;
}

const SIMULATE_HELP: CommandHelp = {
    examples: [
        ['mlops simulate shop.mlops', 'the first allocation, settings of the file'],
        ['mlops simulate shop.mlops --allocation first-fit --horizon 12h', 'the baseline for 12 simulated hours'],
        ['mlops simulate shop.mlops --json | jq .objectives', 'the four criteria as JSON'],
        ['generate-model | mlops simulate - --json', 'a model from standard input']
    ],
    exitCodes: [[0, 'simulated'], [1, 'errors in the model; unknown allocation; the allocation cannot be simulated'],
        [2, 'bad usage (unknown option, a time without unit, warmup not below the horizon), unreadable file'], INTERNAL_ERROR]
};

export function registerSimulate(program: Command, setExit: (code: number) => void): void {
    program.command('simulate')
        .description('simulate one allocation of a model (default: the first in the file; "first-fit" names the baseline)')
        .addHelpText('after', helpText(SIMULATE_HELP))
        .argument('<file>', 'the .mlops model (- for standard input)')
        .option('--allocation <name>', 'allocation to simulate, or first-fit (default: the first in the file; first-fit when it has none)')
        .option('--horizon <time>', RUN_OPTION_HELP.horizon)
        .option('--warmup <time>', RUN_OPTION_HELP.warmup)
        .option('--replications <n>', RUN_OPTION_HELP.replications)
        .option('--seed <s>', RUN_OPTION_HELP.seed)
        .option('--json', 'print JSON instead of a table: allocation, seed, replications, horizon, warmup, processes, servers, objectives, events, wallSeconds')
        .option('--analytic', 'print the analytic queueing estimate (microseconds, no simulation) instead of simulating')
        .option('--explain', 'also print where each process\'s time goes (queue, RAM wait, cold start, service, CPU/GPU/network sharing) and its bottleneck')
        .action(async (file: string, options: SimulateOptions) => {
            setExit(await simulateCommand(file, options));
        });
}

async function simulateCommand(file: string, options: SimulateOptions): Promise<number> {
    const run = await loadRun(file, runOverrides(options));
    if (typeof run === 'number') {
        return run;
    }
    const { model, settings } = run;
    const allocation = pickAllocation(model, options.allocation, file);
    if (!allocation) {
        return 1;
    }
    let result: SimulationResult;
    try {
        result = options.analytic ? createAnalyticEvaluator(model, settings).estimate(allocation) : createSimulator(model, settings).simulate(allocation, { timeParts: options.explain === true });
    } catch (error) {
        if (error instanceof SimulationInputError) {
            process.stderr.write(`${inputName(file)}: allocation ${allocation.name} cannot be simulated: ${error.message}\n`);
            return 1;
        }
        throw error;
    }
    for (const warning of result.warnings) {
        process.stderr.write(`warning: ${warning}\n`);
    }
    // Changes and headroom need more simulations; an estimate has neither.
    const extras = options.explain && !options.analytic ? explainExtras(model, settings, allocation) : undefined;
    process.stdout.write(options.json ? toJson(result, options.explain === true, extras) + '\n'
        : formatTable(result, model) + (options.explain ? '\n' + formatExplain(result) + (extras ? formatExtras(extras) : '') : ''));
    return 0;
}

function pickAllocation(model: Model, name: string | undefined, file: string): AllocationDef | undefined {
    const useFirstFit = name === 'first-fit' || (name === undefined && model.allocations.length === 0);
    if (useFirstFit) {
        const ff = firstFit(model);
        if (ff.unplaced.length > 0) {
            for (const u of ff.unplaced) {
                process.stderr.write(`${inputName(file)}: first-fit cannot place component ${u.component}: ${u.reason}\n`);
            }
            return undefined;
        }
        if (name === undefined) {
            process.stderr.write(`${inputName(file)}: the model has no allocation; simulating the first-fit baseline\n`);
        }
        return ff.allocation;
    }
    if (name === undefined) {
        return model.allocations[0];
    }
    const found = model.allocations.find(a => a.name === name);
    if (!found) {
        const known = ['first-fit', ...model.allocations.map(a => a.name)].join(', ');
        process.stderr.write(`${inputName(file)}: no allocation named '${name}' (known: ${known})\n`);
    }
    return found;
}

/** The JSON of cli.md, fields in its order; non-finite numbers become null. `explain`: with the time decomposition. */
export function toJson(r: SimulationResult, explain = false, extras?: ExplainExtras): string {
    const json: SimulateJson = {
        allocation: r.allocation,
        seed: r.seed,
        replications: r.replications,
        horizon: r.horizon,
        warmup: r.warmup,
        processes: r.processes.map(p => ({
            name: p.name, runs: p.runs, mean: p.mean, variance: p.variance,
            p50: p.p50, p95: p.p95, p99: p.p99, deadline: p.deadline,
            violations: p.violations, meanCI: p.meanCI, unfinishedRuns: p.unfinishedRuns,
            ...(explain ? explainJson(p) : {}),
            ...(p.availability ? { availability: p.availability } : {})
        })),
        servers: r.servers.map(s => ({
            name: s.name, machines: s.machines, cpuUtilization: s.cpuUtilization,
            gpuUtilization: s.gpuUtilization, ramUtilization: s.ramUtilization
        })),
        objectives: { time: r.objectives.time, variance: r.objectives.variance, violations: r.objectives.violations, cost: r.objectives.cost },
        events: r.events,
        wallSeconds: r.wallSeconds,
        ...(r.machineFailures !== undefined ? { machineFailures: r.machineFailures } : {}),
        ...(r.estimate ? { estimate: r.estimate } : {}),
        ...(r.phases ? { phases: r.phases } : {}),
        ...(explain && !r.estimate ? { bottlenecks: bottlenecksJson(r) } : {}),
        ...(extras ? { changes: extras.changes, headroom: extras.headroom } : {})
    };
    return JSON.stringify(json, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2);
}

function formatTable(r: SimulationResult, model: Model): string {
    const currency = model.currency ?? '';
    const lines: string[] = [];
    lines.push(r.estimate
        ? `allocation ${r.allocation}: analytic estimate (no simulation; runs and violations are expected counts over ${r.replications} replications), horizon ${seconds(r.horizon)}, warmup ${seconds(r.warmup)}`
        : `allocation ${r.allocation}: ${r.replications} replications, horizon ${seconds(r.horizon)}, warmup ${seconds(r.warmup)}, seed ${r.seed}`);
    lines.push('');
    lines.push(table(
        ['process', 'runs', 'mean', '95% CI of mean', 'p50', 'p95', 'p99', 'deadline', 'violations'],
        r.processes.map(p => [p.name, count(p.runs), seconds(p.mean), `${seconds(p.meanCI[0])}${clippedAtZero(p.meanCI, p.mean) ? '*' : ''} .. ${seconds(p.meanCI[1])}`,
            seconds(p.p50), seconds(p.p95), seconds(p.p99), p.deadline === null ? '-' : seconds(p.deadline),
            `${count(p.violations)}${p.runs > 0 ? ` (${percent(p.violations / p.runs)})` : ''}`]),
        [false, true, true, true, true, true, true, true, true]));
    if (r.processes.some(p => clippedAtZero(p.meanCI, p.mean))) {
        lines.push('* clipped at 0: the interval reached below 0 (too few replications; see the warnings)');
    }
    if (r.processes.some(p => p.availability)) {
        // Models with failing machines only (docs/semantics.md, "Failures and availability").
        lines.push('');
        lines.push(table(
            ['process', 'runs in time', 'time available', '95% CI'],
            r.processes.map(p => p.availability
                ? [p.name, availability(p.availability.runs), availability(p.availability.time),
                    `${availability(p.availability.timeCI[0])} .. ${availability(p.availability.timeCI[1])}`]
                : [p.name, '-', '-', '-']),
            [false, true, true, true]));
        if (r.machineFailures !== undefined) { lines.push(`${count(r.machineFailures)} machine failures over ${r.replications} replications`); }
    }
    lines.push('');
    lines.push(table(
        ['server', 'machines', 'CPU', 'GPU', 'RAM'],
        r.servers.map(s => [s.name, String(s.machines), percent(s.cpuUtilization), percent(s.gpuUtilization), percent(s.ramUtilization)]),
        [false, true, true, true, true]));
    lines.push('');
    lines.push(`time       ${num(r.objectives.time)} s (weighted mean execution time)`);
    lines.push(`variance   ${num(r.objectives.variance)} s^2 (weighted variance)`);
    lines.push(`violations ${num(r.objectives.violations)} per hour`);
    lines.push(`cost       ${num(r.objectives.cost)} ${currency ? currency + ' ' : ''}per hour`);
    if (r.phases) { lines.push('', ...phaseTable(r.phases, currency)); }
    lines.push('');
    lines.push(r.estimate ? `analytic estimate in ${(r.wallSeconds * 1000).toFixed(2)} ms` : `${r.events} events in ${r.wallSeconds.toFixed(2)} s`);
    return lines.join('\n') + '\n';
}

/** The criteria per phase, then each process's runs per phase (docs/cli.md, "Per phase"). */
function phaseTable(ph: PhasesResult, currency: string): string[] {
    const hours = (x: number) => `${num(x / 3600)}h`;
    const label = (p: PhaseStats) => `${p.phase} (${hours(p.start)}-${hours(p.end)}, x${num(p.factor)})`;
    const lines = [`per phase of the ${seconds(ph.cycle)} cycle of the profile of process ${ph.process}:`, ''];
    lines.push(table(
        ['phase', 'time', 'variance', 'violations/h', `cost/h${currency ? ' ' + currency : ''}`],
        ph.phases.map(p => [label(p), seconds(p.objectives.time), num(p.objectives.variance), num(p.objectives.violations), num(p.objectives.cost)]),
        [false, true, true, true, true]));
    lines.push('');
    lines.push(table(
        ['process', 'phase', 'runs', 'mean', 'p50', 'p95', 'p99', 'violations'],
        // Process by process (file order), each through the cycle.
        (ph.phases[0]?.processes ?? []).flatMap((_, i) => ph.phases.map(p => {
            const s = p.processes[i];
            return [s.name, p.phase, count(s.runs), seconds(s.mean), seconds(s.p50), seconds(s.p95), seconds(s.p99),
                `${count(s.violations)}${s.runs > 0 ? ` (${percent(s.violations / s.runs)})` : ''}`];
        })),
        [false, false, true, true, true, true, true, true]));
    return lines;
}

function table(header: string[], rows: string[][], right: boolean[]): string {
    const widths = header.map((h, c) => Math.max(h.length, ...rows.map(row => row[c].length)));
    const line = (cells: string[]) => cells.map((cell, c) => (right[c] ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd();
    return [line(header), ...rows.map(line)].join('\n');
}

function num(x: number): string {
    if (!Number.isFinite(x)) { return '-'; }
    if (x === 0) { return '0'; }
    return Math.abs(x) >= 1e6 || Math.abs(x) < 1e-3 ? x.toExponential(3) : Number(x.toPrecision(4)).toString();
}

function seconds(x: number): string {
    if (!Number.isFinite(x)) { return '-'; }
    if (x >= 3600 * 48) { return `${num(x / 86400)} d`; }
    if (x >= 3600) { return `${num(x / 3600)} h`; }
    if (x >= 60) { return `${num(x / 60)} min`; }
    if (x > 0 && x < 1) { return `${num(x * 1000)} ms`; }
    return `${num(x)} s`;
}

/** A count; the analytic estimate's expected counts are fractional. */
function count(x: number): string {
    return Number.isInteger(x) ? String(x) : x.toFixed(1);
}

/** Availabilities are close to 1: three decimals of a percent tell 99.99% from 99.9%. */
function availability(x: number): string {
    return `${(100 * x).toFixed(3)}%`;
}

function percent(x: number): string {
    return `${(100 * x).toFixed(1)}%`;
}
