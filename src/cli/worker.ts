/**
 * `mlops worker --redis URL [--concurrency N] [--queue NAME] [--stall-seconds S]`
 * (docs/distributed.md): simulates the allocations that `mlops optimize
 * --redis URL` runs put on the BullMQ queue, until stopped (Ctrl-C or
 * SIGTERM: it finishes its running jobs first; a second signal stops at once
 * and BullMQ gives those jobs to another worker). Logs one line per event on
 * stderr.
 *
 * Exit codes: 0 stopped by a signal; 1 the worker's loop stopped on an
 * error; 2 bad usage or Redis unreachable at the start (later outages are
 * waited out: it reconnects).
 */
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { MAX_WORKERS, MAX_WORKERS_PER_CORE, maxWorkers } from '../model/limits.js';
import { loadDistributed } from '../opt/index.js';
import { helpText, INTERNAL_ERROR, type CommandHelp } from './help.js';
import { wholeNumber } from './options.js';
import { checkQueueName, DISTRIBUTED_OPTION_HELP, redisFailure, requireRedisUrl } from './redis-options.js';

interface WorkerOptions {
    redis?: string;
    concurrency?: string;
    queue?: string;
    stallSeconds?: string;
}

const WORKER_HELP: CommandHelp = {
    notes: ['Runs until stopped. Each job carries the hash of its run\'s model; the model itself is read from Redis once per run, '
        + 'so the machines need no shared files, only the same mlops version as the optimizer.'],
    examples: [
        ['mlops worker --redis redis://queue-host:6379', 'simulate jobs with one thread per CPU core'],
        ['mlops worker --redis redis://queue-host:6379 --concurrency 2', 'two jobs at a time'],
        ['mlops optimize shop.mlops --redis redis://queue-host:6379', 'the run whose jobs the workers take']
    ],
    exitCodes: [[0, 'stopped by Ctrl-C or SIGTERM'], [1, 'the worker stopped on an error (the message says which)'], [2, 'bad usage; Redis cannot be reached at the start'], INTERNAL_ERROR]
};

export function registerWorker(program: Command, setExit: (code: number) => void): void {
    program.command('worker')
        .description('simulate the allocations of `optimize --redis` runs from a BullMQ queue on Redis, until stopped')
        .addHelpText('after', helpText(WORKER_HELP))
        .option('--redis <url>', DISTRIBUTED_OPTION_HELP.redisWorker)
        .option('--concurrency <n>', `jobs simulated at a time, one thread each (default 0: one per CPU core; at most ${MAX_WORKERS_PER_CORE} per core and ${MAX_WORKERS})`)
        .option('--queue <name>', DISTRIBUTED_OPTION_HELP.queue)
        .option('--stall-seconds <s>', DISTRIBUTED_OPTION_HELP.stallSeconds)
        .action(async (options: WorkerOptions) => {
            setExit(await workerCommand(options));
        });
}

async function workerCommand(options: WorkerOptions): Promise<number> {
    const url = requireRedisUrl(options.redis, true)!;
    const concurrency = wholeNumber('concurrency', options.concurrency, 0, maxWorkers(availableParallelism()),
        ` (${MAX_WORKERS_PER_CORE} per core on this machine, at most ${MAX_WORKERS})`) ?? 0;
    const stallSeconds = wholeNumber('stall-seconds', options.stallSeconds, 1, 24 * 3600);
    checkQueueName(options.queue);
    const distributed = await loadDistributed();
    const log = (line: string) => process.stderr.write(`[${new Date().toISOString()}] ${line}\n`);
    let service;
    try {
        service = await distributed.startWorkerService({ url, queue: options.queue, concurrency, stallSeconds, log });
    } catch (error) {
        const failure = redisFailure(error);
        if (failure) {
            process.stderr.write(`mlops: ${failure}\n`);
            return 2;
        }
        throw error;
    }
    const running = service;
    const failure = await new Promise<string | undefined>(resolve => {
        let signals = 0;
        const stop = (signal: NodeJS.Signals) => {
            signals++;
            const force = signals > 1;
            log(force ? `${signal} again: stopping now; BullMQ gives the running jobs to another worker`
                : `${signal}: finishing the running jobs, then stopping (${signal} again stops at once)`);
            void running.close(force).catch(() => undefined).then(() => {
                process.removeListener('SIGINT', stop);
                process.removeListener('SIGTERM', stop);
                resolve(undefined);
            });
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
        void running.failed.then(reason => {
            process.removeListener('SIGINT', stop);
            process.removeListener('SIGTERM', stop);
            void running.close(true).catch(() => undefined).then(() => resolve(reason));
        });
    });
    if (failure !== undefined) {
        process.stderr.write(`mlops: the worker stopped: ${failure}\n`);
        return 1;
    }
    log(`stopped after ${running.completed} job(s)`);
    return 0;
}
