/**
 * `mlops fit SAMPLES.csv|SAMPLES.json [--speed S]` and `mlops fit --p50 T
 * --p95 T --p99 T [--rate R] [--speed S]` (cli.md, issue 14): a step's work
 * distribution from measured durations. With --rate the percentiles are
 * fitted through simulations of a one-step model on the allocation they were
 * measured on (--instances, --machines, or --model/--step/--allocation), so
 * the queue's share of the time is not counted as work.
 */
import type { Command } from 'commander';
import { scaleDistribution } from '../model/distributions.js';
import { formatDistribution, formatNumber } from '../model/print.js';
import { spreadAllocation } from '../model/spread.js';
import type { Distribution } from '../model/types.js';
import { parseTimeOption, toBase } from '../model/units.js';
import { FAMILIES, fitPercentiles, fitSamples, type Family, type FitResult, type PercentilePoint } from '../platform/fit.js';
import { fitWithQueueing, type MeasuredOn, type QueueingFitResult } from '../platform/fit-queueing.js';
import { InputError } from '../platform/input-error.js';
import { parseSamples } from '../platform/samples.js';
import { UsageError } from './errors.js';
import { requireModel } from './load-file.js';
import { wholeNumber } from './options.js';
import { readInputText } from './platform-io.js';
import { helpText, INTERNAL_ERROR } from './help.js';
import { atMostOneStdin, inputName } from './stdin.js';
import { createProgress, progressMode, PROGRESS_OPTION_HELP, QUIET_OPTION_HELP, type ProgressOptions } from './progress.js';

interface FitOptions extends ProgressOptions {
    p50?: string;
    p90?: string;
    p95?: string;
    p99?: string;
    rate?: string;
    speed?: string;
    instances?: string;
    machines?: string;
    model?: string;
    step?: string;
    allocation?: string;
    column?: string;
    unit?: string;
    family?: string;
    seed?: string;
    json?: boolean;
}

export function registerFit(program: Command, setExit: (code: number) => void): void {
    program.command('fit')
        .description('fit a step\'s work distribution (lognormal, gamma, erlang, exponential) to measured durations or percentiles')
        .addHelpText('after', helpText({
            examples: [
                ['mlops fit latencies.csv --column duration_ms --unit ms --speed 32GHz', 'from measured durations of single requests'],
                ['mlops fit --p50 45.6ms --p95 83.3ms --p99 112.3ms --speed 32GHz', 'from percentiles, without queueing'],
                ['mlops fit --p50 45.6ms --p95 83.3ms --p99 112.3ms --rate 872/min --model shop.mlops --step score', 'percentiles measured under load: the queueing is simulated and taken out']
            ],
            exitCodes: [[0, 'fitted'], [1, 'errors in the model of --model'], [2, 'bad usage; unreadable file; an error in the samples'], INTERNAL_ERROR]
        }))
        .argument('[samples]', 'a CSV column or a JSON array of durations (seconds unless --unit; - for standard input)')
        .option('--p50 <time>', 'measured median, e.g. 45.6ms').option('--p90 <time>', 'measured 90th percentile')
        .option('--p95 <time>', 'measured 95th percentile').option('--p99 <time>', 'measured 99th percentile')
        .option('--rate <rate>', 'request rate the percentiles were measured at, e.g. 872/min (queueing is then accounted for)')
        .option('--speed <speed>', 'CPU speed of one machine of the server kind measured on, e.g. 32GHz')
        .option('--instances <n>', 'with --rate: instances that served the requests (default 1)')
        .option('--machines <n>', 'with --rate: machines they ran on (default: one per instance)')
        .option('--model <file>', 'with --rate: take speed, instances and machines from this model\'s allocation (- for standard input)')
        .option('--step <name>', 'with --model: the step measured')
        .option('--allocation <name>', 'with --model: the allocation measured on (default: the first)')
        .option('--column <name>', 'the CSV column or JSON field of the samples')
        .option('--unit <unit>', 'unit of the samples: ms, s (default), min, h')
        .option('--family <name>', `only this family (${FAMILIES.join(', ')})`)
        .option('--seed <s>', 'with --rate: seed of the simulations')
        .option('--json', 'print JSON')
        .option('--progress <mode>', `with --rate: ${PROGRESS_OPTION_HELP}`)
        .option('--quiet', QUIET_OPTION_HELP)
        .action(async (samples: string | undefined, options: FitOptions) => {
            setExit(await fitCommand(samples, options));
        });
}

function parsePercentiles(options: FitOptions): PercentilePoint[] {
    const points: PercentilePoint[] = [];
    for (const [name, q] of [['p50', 0.5], ['p90', 0.9], ['p95', 0.95], ['p99', 0.99]] as const) {
        const text = options[name];
        if (text !== undefined) {
            const seconds = parseTimeOption(text);
            if (seconds === undefined || seconds <= 0) {
                throw new UsageError(`--${name}: expected a positive time such as 45.6ms, got '${text}'`);
            }
            points.push({ q, seconds });
        }
    }
    return points;
}

/** `872/min`, `14.5/s`, `14.5` (per second). */
export function parseRate(text: string): number {
    const match = /^\s*((?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)\s*(?:\/\s*(ms|s|min|h|d))?\s*$/.exec(text);
    const per = match ? parseTimeOption(`1${match[2] ?? 's'}`) : undefined;
    const rate = match && per ? Number(match[1]) / per : NaN;
    if (!(rate > 0) || !Number.isFinite(rate)) {
        throw new UsageError(`--rate: expected a positive rate such as 872/min or 14.5/s, got '${text}'`);
    }
    return rate;
}

/** `32GHz`, `32 GHz`, `2400MHz`. */
export function parseSpeed(text: string): number {
    const match = /^\s*((?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)\s*([A-Za-z]+)\s*$/.exec(text);
    const converted = match ? toBase(Number(match[1]), match[2], 'cpuSpeed') : { error: 'no unit' };
    if (!match || 'error' in converted || !(converted.value > 0)) {
        throw new UsageError(`--speed: expected a CPU speed such as 32GHz, got '${text}'`);
    }
    return converted.value;
}

async function measuredOn(options: FitOptions, speed: number | undefined): Promise<MeasuredOn | number> {
    if (options.model === undefined) {
        if (speed === undefined) {
            throw new UsageError('--rate needs the allocation measured on: --speed (and --instances, --machines), or --model and --step');
        }
        const instances = wholeNumber('instances', options.instances, 1) ?? 1;
        return { speedGHz: speed, instances, machines: wholeNumber('machines', options.machines, 1) ?? instances };
    }
    if (options.step === undefined) {
        throw new UsageError('--model needs --step, the step that was measured');
    }
    const loaded = await requireModel(options.model);
    if (!loaded) {
        return 1;
    }
    const { model } = loaded;
    const step = model.steps.find(s => s.name === options.step);
    const allocation = options.allocation === undefined ? model.allocations[0] : model.allocations.find(a => a.name === options.allocation);
    if (!step || !allocation) {
        throw new UsageError(!step ? `${inputName(options.model)}: no step '${options.step}'` : `${inputName(options.model)}: no allocation${options.allocation ? ` '${options.allocation}'` : ''}`);
    }
    const lines = allocation.placements.filter(p => p.component === step.component);
    const servers = [...new Set(lines.map(p => p.server))];
    if (servers.length !== 1) {
        throw new UsageError(`${inputName(options.model)}: component ${step.component} is on ${servers.length} server kinds in allocation ${allocation.name}; `
            + 'a fit needs one: give --speed, --instances and --machines instead');
    }
    const machines = spreadAllocation(model, allocation).filter(m => m.instances.some(i => i.component === step.component));
    return {
        speedGHz: speed ?? model.servers.find(s => s.name === servers[0])!.cpuGHz,
        instances: lines.reduce((n, p) => n + p.instances, 0),
        machines: machines.length
    };
}

async function fitCommand(samplesFile: string | undefined, options: FitOptions): Promise<number> {
    atMostOneStdin([samplesFile, options.model]);
    const points = parsePercentiles(options);
    if ((samplesFile === undefined) === (points.length === 0)) {
        throw new UsageError('give either a samples file or percentiles (--p50, --p90, --p95, --p99), not both');
    }
    const speed = options.speed === undefined ? undefined : parseSpeed(options.speed);
    const family = options.family;
    if (family !== undefined && !(FAMILIES as readonly string[]).includes(family)) {
        throw new UsageError(`--family: expected one of ${FAMILIES.join(', ')}, got '${family}'`);
    }
    const unit = options.unit === undefined ? 1 : parseTimeOption(`1${options.unit}`);
    if (unit === undefined) {
        throw new UsageError(`--unit: expected ms, s, min or h, got '${options.unit}'`);
    }
    if (options.rate !== undefined) {
        if (samplesFile !== undefined) {
            throw new UsageError('--rate goes with percentiles: samples of single requests need no queueing correction');
        }
        const rate = parseRate(options.rate);
        const on = await measuredOn(options, speed);
        if (typeof on === 'number') {
            return on;
        }
        // The search runs synchronously: Ctrl-C keeps its default (end the process; nothing is written).
        let result: QueueingFitResult;
        // Lines, also on a terminal: the search is synchronous, so a bar could not be redrawn between its steps anyway.
        const mode = progressMode(options, !!process.stderr.isTTY);
        const reporter = createProgress(mode === 'bar' ? 'plain' : mode);
        try {
            result = fitWithQueueing({
                points, ratePerSecond: rate, measuredOn: on, families: family ? [family as Family] : undefined,
                seed: wholeNumber('seed', options.seed, 0),
                onProgress: message => reporter.update({ text: `fitting: ${message}`, phase: message.split(':')[0], fields: { fitting: message } })
            });
        } catch (error) {
            if (error instanceof RangeError) {
                throw new UsageError(error.message);
            }
            throw error;
        } finally {
            reporter.done();
        }
        process.stdout.write(options.json ? JSON.stringify({ rate, measuredOn: on, ...result }, null, 2) + '\n' : formatQueueing(result, rate, on));
        return 0;
    }
    let result: FitResult;
    let source: string;
    try {
        if (samplesFile !== undefined) {
            const text = await readInputText(samplesFile);
            const samples = parseSamples(inputName(samplesFile), text, options.column, unit);
            result = fitSamples(samples);
            source = `${samples.length} samples of ${inputName(samplesFile)} (maximum likelihood)`;
        } else {
            result = fitPercentiles(points);
            source = `${points.map(p => `p${p.q * 100} ${formatNumber(p.seconds * 1000, 4)} ms`).join(', ')} (quantile matching)`;
        }
    } catch (error) {
        if (error instanceof InputError) {
            process.stderr.write(error.format() + '\n');
            return 2;
        }
        if (error instanceof RangeError) {
            throw new UsageError(error.message);
        }
        throw error;
    }
    if (family) {
        result = { fits: result.fits.filter(f => f.family === family), best: family as Family };
    }
    process.stdout.write(options.json ? JSON.stringify({ source, speedGHz: speed ?? null, ...result }, null, 2) + '\n' : formatPlain(result, source, speed));
    return 0;
}

/** The line to paste into the step: its work at `speed`, or its duration when no speed is known. */
function pasteLine(duration: Distribution, speed: number | undefined): string {
    return speed === undefined
        ? `durations ${formatDistribution(duration, 'time', 4)}  (give --speed to get the step's cpu line)`
        : `cpu ${formatDistribution(scaleDistribution(duration, speed), 'cpuWork', 4)}`;
}

function formatPlain(result: FitResult, source: string, speed: number | undefined): string {
    const quantiles = result.fits[0]?.errors.map(e => e.q) ?? [];
    const rows = result.fits.map(f => [
        f.family + (f.family === result.best ? ' *' : ''),
        formatDistribution(f.distribution, 'time', 4),
        ...f.errors.map(e => `${formatNumber(e.fitted * 1000, 4)} ms (${signedPercent(e.relativeError)})`),
        f.aic === undefined ? '' : formatNumber(f.aic, 6)
    ]);
    const header = ['family', 'durations', ...quantiles.map(q => `p${q * 100} (error)`), result.fits[0]?.aic === undefined ? '' : 'AIC'];
    const best = result.fits.find(f => f.family === result.best)!;
    return [
        `fit of ${source}${speed === undefined ? '' : `, measured at ${formatNumber(speed)} GHz`}`,
        `observed: ${best.errors.map(e => `p${e.q * 100} ${formatNumber(e.observed * 1000, 4)} ms`).join(', ')}`,
        '',
        table(header, rows),
        '',
        `best: ${result.best} (${result.fits[0]?.aic === undefined ? 'smallest largest percentile error' : 'smallest AIC'})`,
        `    ${pasteLine(best.distribution, speed)}`,
        ''
    ].join('\n');
}

function formatQueueing(result: QueueingFitResult, rate: number, on: MeasuredOn): string {
    const rows = result.fits.map(f => [
        f.family + (f.family === result.best ? ' *' : ''),
        formatDistribution(f.work, 'cpuWork', 4),
        `${(100 * f.utilization).toFixed(1)}%`,
        ...f.errors.map(e => `${formatNumber(e.fitted * 1000, 4)} ms (${signedPercent(e.relativeError)})`)
    ]);
    const best = result.fits.find(f => f.family === result.best)!;
    return [
        `queueing-aware fit: ${formatNumber(rate * 60, 6)} requests/min on ${on.instances} instance(s) over ${on.machines} machine(s) of ${formatNumber(on.speedGHz)} GHz`,
        `observed: ${best.errors.map(e => `p${e.q * 100} ${formatNumber(e.observed * 1000, 4)} ms`).join(', ')}`,
        '',
        table(['family', 'work', 'load', ...best.errors.map(e => `simulated p${e.q * 100} (error)`)], rows),
        '',
        `best: ${result.best} (smallest largest error of the simulated percentiles, checked with a fresh seed)`,
        `    cpu ${formatDistribution(best.work, 'cpuWork', 4)}`,
        ''
    ].join('\n');
}

function signedPercent(x: number): string {
    return `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}%`;
}

function table(header: string[], rows: string[][]): string {
    const widths = header.map((h, c) => Math.max(h.length, ...rows.map(row => (row[c] ?? '').length)));
    const line = (cells: string[]) => cells.map((cell, c) => (cell ?? '').padEnd(widths[c])).join('  ').trimEnd();
    return [line(header), ...rows.map(line)].join('\n');
}
