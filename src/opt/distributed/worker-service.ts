/**
 * What `mlops worker --redis URL` runs: a BullMQ Worker taking evaluation
 * jobs from the queue, `concurrency` at a time, each simulated on a thread
 * of the local worker pool (src/opt/pool.ts, the same code and the same
 * answers as `mlops optimize` without --redis). The simulation runs off the
 * main thread, so BullMQ keeps renewing the job locks however long it takes;
 * a lock that is not renewed for `stallSeconds` (this process was killed or
 * lost Redis) lets another worker's stalled-job check put the job back.
 *
 * One pool per run record (its hash, protocol.ts): built the first time a
 * job of that run arrives, from the record read from Redis (the hash
 * checked), and kept for the run's next jobs; the pools of runs not seen
 * lately are closed. A pool that failed (a thread crashed) is dropped after
 * failing its job, so the next job gets a new one.
 */
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { availableParallelism, hostname } from 'node:os';
import type { Redis } from 'ioredis';
import { maxWorkers } from '../../model/limits.js';
import type { AllocationDef, Objectives } from '../../model/types.js';
import { WorkerPool } from '../pool.js';
import { decode, encode } from './codec.js';
import { connectControl, errorText, mlopsVersion, redact } from './connection.js';
import { DEFAULT_QUEUE, DEFAULT_STALL_SECONDS, PROTOCOL, recordKey, sha256, type JobData, type RunRecord } from './protocol.js';

export interface WorkerServiceOptions {
    url: string;
    queue?: string;
    /** Jobs (threads) at a time; 0: one per core. */
    concurrency: number;
    /** A job whose lock was not renewed for this long is given to another worker, s (default 30). */
    stallSeconds?: number;
    /** One line per event worth telling (connected, a new run, errors). */
    log: (line: string) => void;
    /** The evaluation thread script (default: the pool finds it). */
    workerScript?: string;
}

export interface WorkerService {
    readonly concurrency: number;
    /** Jobs finished by this process. */
    readonly completed: number;
    /** Resolves with the reason if the worker's loop stops on an error (not after close()). */
    readonly failed: Promise<string>;
    /** Stops taking jobs; waits for the running ones unless `force`. */
    close(force?: boolean): Promise<void>;
}

/** Pools of other runs kept beside the current one. */
const KEPT_POOLS = 2;

interface RunPool {
    pool: WorkerPool;
    system: string;
    lastUsed: number;
    active: number;
}

export async function startWorkerService(options: WorkerServiceOptions): Promise<WorkerService> {
    const control = await connectControl(options.url);
    const queue = options.queue ?? DEFAULT_QUEUE;
    const concurrency = options.concurrency > 0 ? Math.min(options.concurrency, maxWorkers(availableParallelism())) : availableParallelism();
    const stallMs = (options.stallSeconds ?? DEFAULT_STALL_SECONDS) * 1000;
    const version = mlopsVersion();
    const pools = new Map<string, { ready: Promise<RunPool>; value?: RunPool }>();
    let completed = 0;
    let tick = 0;

    const poolOf = (hash: string): Promise<RunPool> => {
        let slot = pools.get(hash);
        if (!slot) {
            const ready = buildPool(control, hash, version, concurrency, options);
            const created = { ready, value: undefined as RunPool | undefined };
            slot = created;
            pools.set(hash, created);
            ready.then(p => {
                created.value = p;
                options.log(`run ${hash.slice(0, 12)}: model ${p.system}, ${concurrency} evaluation thread(s)`);
            }, (error: unknown) => {
                if (pools.get(hash) === created) {
                    pools.delete(hash);
                }
                options.log(`run ${hash.slice(0, 12)}: ${errorText(error)}`);
            });
        }
        return slot.ready;
    };
    const dropPool = (hash: string, entry: RunPool) => {
        if (pools.get(hash)?.value === entry) {
            pools.delete(hash);
        }
        void entry.pool.close();
    };
    /** Closes the least recently used idle pools beyond KEPT_POOLS + 1. */
    const closeIdlePools = () => {
        const idle = [...pools].filter(([, slot]) => slot.value && slot.value.active === 0)
            .sort((a, b) => a[1].value!.lastUsed - b[1].value!.lastUsed);
        for (const [hash, slot] of idle.slice(0, Math.max(0, pools.size - 1 - KEPT_POOLS))) {
            dropPool(hash, slot.value!);
        }
    };

    const processJob = async (job: Job<JobData, string>): Promise<string> => {
        const data = job.data;
        if (data?.protocol !== PROTOCOL) {
            throw new UnrecoverableError(`job of protocol ${String(data?.protocol)}, this worker speaks ${PROTOCOL}: update the older side`);
        }
        const entry = await poolOf(data.run);
        entry.active++;
        entry.lastUsed = ++tick;
        try {
            const allocation = decode<AllocationDef>(data.allocation);
            const never = new AbortController().signal;
            if (data.kind === 'simulate') {
                const [result] = await entry.pool.simulate([allocation], never);
                return encode(result);
            }
            let objectives: Objectives | undefined;
            await entry.pool.evaluate([allocation], (_, o) => { objectives = o; }, never, data.fidelity);
            if (!objectives) {
                throw new Error('the evaluation thread gave no result');
            }
            return encode(objectives);
        } catch (error) {
            // A pool whose thread crashed stays broken: the next job of the run builds a new one.
            dropPool(data.run, entry);
            throw error;
        } finally {
            entry.active--;
            completed++;
            if (pools.size > KEPT_POOLS + 1) {
                closeIdlePools();
            }
        }
    };

    const worker = new Worker<JobData, string>(queue, processJob, {
        connection: { url: options.url },
        concurrency,
        lockDuration: stallMs,
        stalledInterval: stallMs,
        maxStalledCount: 1,
        autorun: false,
        // Which process ran a job (job.processedBy): host and PID, for operators and the kill test.
        name: `${hostname()}:${process.pid}`
    });
    let lastLogged = '';
    worker.on('error', error => {
        const text = errorText(error);
        if (text !== lastLogged) {
            lastLogged = text;
            options.log(`Redis: ${text} (retrying)`);
        }
    });
    control.on('error', () => undefined);
    worker.on('ready', () => {
        if (lastLogged) {
            lastLogged = '';
            options.log(`connected again to ${redact(options.url)}`);
        }
    });
    worker.on('failed', (job, error) => {
        if (job) {
            options.log(`job ${job.id} failed: ${error.message}`);
        }
    });
    let closing = false;
    const failed = new Promise<string>(resolveFailed => {
        worker.run().catch((error: unknown) => {
            if (!closing) {
                resolveFailed(errorText(error));
            }
        });
    });
    await worker.waitUntilReady();
    options.log(`mlops worker ${version}: ${concurrency} thread(s) on queue ${queue} of ${redact(options.url)}; a job stalls after ${stallMs / 1000} s`);

    return {
        concurrency,
        failed,
        get completed() { return completed; },
        async close(force = false) {
            closing = true;
            await worker.close(force);
            await Promise.all([...pools.values()].map(slot => slot.ready.then(e => e.pool.close(), () => undefined)));
            pools.clear();
            control.disconnect();
        }
    };
}

/** Reads the run record of `hash` (checking it), and starts its pool. */
async function buildPool(control: Redis, hash: string, version: string, concurrency: number, options: WorkerServiceOptions): Promise<RunPool> {
    const text = await control.get(recordKey(hash));
    if (text === null) {
        throw new UnrecoverableError(`the run's model (key ${recordKey(hash)}) is not in Redis: it expired, or the run wrote it elsewhere`);
    }
    if (sha256(text) !== hash) {
        throw new UnrecoverableError(`the run's model under ${recordKey(hash)} does not match its hash`);
    }
    const record = decode<RunRecord>(text);
    if (record.protocol !== PROTOCOL) {
        throw new UnrecoverableError(`run of protocol ${record.protocol}, this worker speaks ${PROTOCOL}: update the older side`);
    }
    if (record.version !== version) {
        throw new UnrecoverableError(`the run needs mlops ${record.version}, this worker runs ${version}: the simulations could differ`);
    }
    const pool = new WorkerPool(record.model, record.simulation, { workers: concurrency, brief: record.brief, workerScript: options.workerScript });
    return { pool, system: record.model.system, lastUsed: 0, active: 0 };
}
