/**
 * An Evaluator whose allocations are simulated by `mlops worker` processes
 * through a BullMQ queue on Redis (docs/distributed.md). The search above it
 * is unchanged: it sends the same requests (allocation, fidelity) as to the
 * local thread pool, and each result depends only on the run record (model,
 * settings, seed) and the allocation, so the front is the same wherever and
 * in whatever order the jobs ran.
 *
 * - Results arrive through BullMQ's queue events (`completed`, `failed`),
 *   read from the events stream from just before the run's first job, so
 *   none is missed; a slow check every few seconds reads the jobs themselves
 *   in case events were trimmed away, and notices jobs that vanished (a
 *   Redis restarted without persistence).
 * - A job whose worker died is put back by BullMQ's stalled-job check (the
 *   workers' `--stall-seconds`) and run again elsewhere: the run goes on and
 *   says so in its warnings. A job failing (a simulation error, a job stalled
 *   twice) fails the run, as a crashed thread does locally.
 * - Redis unreachable for `disconnectSeconds` (a heartbeat PING each second)
 *   fails the run with a message naming the server; the optimizer then keeps
 *   the front found so far (stoppedBy 'error').
 * - An aborted batch (cancel, time limit) resolves at once and removes its
 *   jobs that no worker has started; close() waits for those removals.
 */
import { Job, Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import type { AllocationDef, Model, Objectives } from '../../model/types.js';
import type { SimulationResult, SimulationSettings } from '../../sim/api.js';
import type { Evaluator, Fidelity } from '../evaluator.js';
import { decode } from './codec.js';
import { connectControl, errorText, mlopsVersion, redact, withTimeout } from './connection.js';
import {
    DEFAULT_QUEUE, jobData, KEEP_COMPLETED_SECONDS, KEEP_FAILED_SECONDS, PROTOCOL, recordKey, recordText, RECORD_TTL_SECONDS,
    type JobData, type JobKind
} from './protocol.js';

export interface DistributedOptions {
    /** redis://HOST:PORT (rediss:// for TLS; user and password in the URL as usual). */
    url: string;
    /** BullMQ queue name (default DEFAULT_QUEUE); the workers must use the same. */
    queue?: string;
    /** Seconds Redis may stay unreachable before the run fails (default 10). */
    disconnectSeconds?: number;
    /** Told once, e.g. that no worker is connected yet (the jobs wait for one). */
    onNotice?: (message: string) => void;
}

const DEFAULT_DISCONNECT_SECONDS = 10;
/** How often the jobs still awaited are read directly (events trimmed or lost), ms. */
const RECONCILE_MS = 5000;
const HEARTBEAT_MS = 1000;
/** How long close() waits for Redis before dropping the connections, ms. */
const CLOSE_WAIT_MS = 5000;

interface Pending {
    kind: JobKind;
    done: (value: string) => void;
    fail: (error: Error) => void;
}

/** Connects, writes the run record, and returns the evaluator (RedisUnavailableError when Redis cannot be reached). */
export async function createQueueEvaluator(model: Model, simulation: SimulationSettings, brief: SimulationSettings | undefined,
    options: DistributedOptions): Promise<QueueEvaluator> {
    const control = await connectControl(options.url);
    try {
        const { text, hash } = recordText({ protocol: PROTOCOL, version: mlopsVersion(), model, simulation, brief });
        await control.set(recordKey(hash), text, 'EX', RECORD_TTL_SECONDS);
        const evaluator = new QueueEvaluator(control, hash, options);
        await evaluator.start();
        return evaluator;
    } catch (error) {
        control.disconnect();
        throw error;
    }
}

let runCounter = 0;

export class QueueEvaluator implements Evaluator {
    parallelism = 1;
    private readonly queue: Queue;
    private events: QueueEvents | undefined;
    private readonly pending = new Map<string, Pending>();
    private readonly removals: Promise<unknown>[] = [];
    private readonly runId: string;
    private readonly where: string;
    private seq = 0;
    private failure: Error | undefined;
    private closed = false;
    private lastOk = Date.now();
    private lastError = '';
    private stalled = new Set<string>();
    private readonly timers: ReturnType<typeof setInterval>[] = [];

    constructor(private readonly control: Redis, private readonly hash: string, private readonly options: DistributedOptions) {
        const name = options.queue ?? DEFAULT_QUEUE;
        this.where = `${redact(options.url)} (queue ${name})`;
        // Unique across processes and runs sharing a queue: time, process, counter.
        this.runId = `r${Date.now().toString(36)}${process.pid.toString(36)}${(++runCounter).toString(36)}`;
        this.queue = new Queue(name, { connection: { url: options.url }, defaultJobOptions: {
            attempts: 1,
            removeOnComplete: { age: KEEP_COMPLETED_SECONDS },
            removeOnFail: { age: KEEP_FAILED_SECONDS }
        } });
        this.queue.on('error', error => { this.lastError = errorText(error); });
        control.on('error', error => { this.lastError = errorText(error); });
    }

    /** Starts listening from the events stream's current end, the heartbeat and the slow check. */
    async start(): Promise<void> {
        const stream = this.queue.toKey('events');
        const last = await this.control.xrevrange(stream, '+', '-', 'COUNT', 1);
        const events = new QueueEvents(this.queue.name, { connection: { url: this.options.url }, lastEventId: last[0]?.[0] ?? '0-0' });
        this.events = events;
        events.on('error', error => { this.lastError = errorText(error); });
        events.on('completed', ({ jobId, returnvalue }) => this.settle(jobId, undefined, returnvalue as unknown));
        events.on('failed', ({ jobId, failedReason }) => this.settle(jobId, failedReason));
        events.on('stalled', ({ jobId }) => {
            if (this.pending.has(jobId)) {
                this.stalled.add(jobId);
            }
        });
        await events.waitUntilReady();
        this.timers.push(setInterval(() => void this.heartbeat(), HEARTBEAT_MS), setInterval(() => void this.reconcile(), RECONCILE_MS));
        try {
            const workers = await this.queue.getWorkersCount();
            this.parallelism = Math.max(1, workers);
            if (workers === 0) {
                this.options.onNotice?.(`no mlops worker is connected to ${this.where} yet: the jobs wait until one starts (mlops worker --redis URL)`);
            }
        } catch {
            // CLIENT LIST may be disabled on a managed Redis: then we cannot tell.
        }
    }

    private settle(jobId: string, failedReason: string | undefined, value?: unknown): void {
        const pending = this.pending.get(jobId);
        if (!pending) {
            return;
        }
        this.pending.delete(jobId);
        if (failedReason !== undefined) {
            pending.fail(new Error(`a worker could not ${pending.kind} an allocation: ${failedReason}`));
        } else if (typeof value === 'string') {
            pending.done(value);
        } else {
            pending.fail(new Error(`a worker answered an ${pending.kind} job with something else than a result (is it an mlops worker of protocol ${PROTOCOL}?)`));
        }
    }

    private async heartbeat(): Promise<void> {
        if (this.closed || this.failure) {
            return;
        }
        try {
            await this.control.ping();
            this.lastOk = Date.now();
        } catch (error) {
            this.lastError ||= errorText(error);
            const seconds = this.options.disconnectSeconds ?? DEFAULT_DISCONNECT_SECONDS;
            if (Date.now() - this.lastOk >= seconds * 1000) {
                this.fail(new Error(`lost the connection to Redis at ${this.where} for ${seconds} s (${this.lastError || errorText(error)}); the run was stopped`));
            }
        }
    }

    /** Reads the awaited jobs themselves: a result whose event was missed, a job that is gone. */
    private async reconcile(): Promise<void> {
        if (this.closed || this.failure || this.pending.size === 0) {
            return;
        }
        for (const jobId of [...this.pending.keys()]) {
            let job: Job | undefined;
            try {
                job = await Job.fromId(this.queue, jobId);
            } catch {
                return; // Redis unreachable: the heartbeat decides
            }
            if (!this.pending.has(jobId)) {
                continue;
            }
            if (!job) {
                this.fail(new Error(`job ${jobId} is no longer in Redis at ${this.where} (was the server restarted without persistence, or the queue emptied?); the run was stopped`));
                return;
            }
            if (job.finishedOn) {
                this.settle(jobId, job.failedReason || undefined, job.returnvalue as unknown);
            }
        }
    }

    private fail(error: Error): void {
        if (this.failure || this.closed) {
            return;
        }
        this.failure = error;
        const pending = [...this.pending.values()];
        this.pending.clear();
        pending.forEach(p => p.fail(error));
    }

    /** Enqueues one job per allocation; `onValue(index, text)` as each result arrives. */
    private run(kind: JobKind, fidelity: Fidelity, allocations: AllocationDef[], onValue: (index: number, value: string) => void, signal: AbortSignal): Promise<void> {
        return new Promise<void>((resolveAll, rejectAll) => {
            if (this.failure) {
                rejectAll(this.failure);
                return;
            }
            if (allocations.length === 0 || signal.aborted) {
                resolveAll();
                return;
            }
            const ids = allocations.map(() => `${this.runId}-${++this.seq}`);
            let remaining = allocations.length;
            let settled = false;
            const finish = (error?: Error) => {
                if (settled) {
                    return;
                }
                settled = true;
                signal.removeEventListener('abort', onAbort);
                const unfinished = ids.filter(id => this.pending.delete(id));
                if (unfinished.length > 0 && !this.failure) {
                    // Jobs no worker has taken yet are removed; a running one (locked) finishes and is ignored.
                    this.removals.push(Promise.allSettled(unfinished.map(id => this.queue.remove(id))));
                }
                if (error) {
                    rejectAll(error);
                } else {
                    resolveAll();
                }
            };
            const onAbort = () => finish();
            signal.addEventListener('abort', onAbort);
            ids.forEach((id, index) => this.pending.set(id, {
                kind,
                done: value => {
                    if (!settled) {
                        onValue(index, value);
                        if (--remaining === 0) {
                            finish();
                        }
                    }
                },
                fail: error => finish(error)
            }));
            this.control.expire(recordKey(this.hash), RECORD_TTL_SECONDS).catch(() => 0);
            this.queue.addBulk(allocations.map((allocation, index) => ({
                name: kind,
                data: jobData(this.hash, kind, fidelity, allocation) satisfies JobData,
                opts: { jobId: ids[index] }
            }))).catch((error: unknown) => {
                this.fail(new Error(`cannot add jobs to Redis at ${this.where}: ${errorText(error)}; the run was stopped`));
            });
        });
    }

    async evaluate(allocations: AllocationDef[], onResult: (index: number, objectives: Objectives) => void, signal: AbortSignal, fidelity: Fidelity = 'full'): Promise<void> {
        await this.run('evaluate', fidelity, allocations, (index, value) => onResult(index, decode<Objectives>(value)), signal);
    }

    async simulate(allocations: AllocationDef[], signal: AbortSignal): Promise<SimulationResult[]> {
        const results: (SimulationResult | undefined)[] = allocations.map(() => undefined);
        await this.run('simulate', 'full', allocations, (index, value) => { results[index] = decode<SimulationResult>(value); }, signal);
        if (results.some(r => r === undefined)) {
            throw new Error('cancelled');
        }
        return results as SimulationResult[];
    }

    warnings(): string[] {
        return this.stalled.size > 0
            ? [`${this.stalled.size} job(s) stalled (their worker stopped or lost Redis) and were run again by another worker of ${this.where}`]
            : [];
    }

    async close(): Promise<void> {
        if (this.closed) {
            return;
        }
        this.timers.forEach(timer => clearInterval(timer));
        // Jobs of a batch still awaited (none in a normal run) are removed like those of a cancelled one.
        const left = [...this.pending.keys()];
        this.pending.clear();
        if (left.length > 0 && !this.failure) {
            this.removals.push(Promise.allSettled(left.map(id => this.queue.remove(id))));
        }
        this.closed = true;
        const wait = this.failure ? 0 : CLOSE_WAIT_MS;
        await withTimeout(Promise.allSettled(this.removals), wait, () => 'timeout').catch(() => undefined);
        await Promise.all([
            closeOrDrop(() => this.events?.close(), () => this.events?.disconnect(), wait),
            closeOrDrop(() => this.queue.close(), () => this.queue.disconnect(), wait)
        ]);
        this.control.disconnect();
    }
}

/**
 * `close()`, and after `ms` (at once when 0: Redis is gone) `drop()` the
 * connection too. close() is always started: it is what ends BullMQ's own
 * loops (the events reader retries a lost connection until it is closing).
 */
async function closeOrDrop(close: () => Promise<void> | undefined, drop: () => Promise<void> | undefined, ms: number): Promise<void> {
    const closing = Promise.resolve().then(close).catch(() => undefined);
    if (ms > 0) {
        try {
            await withTimeout(closing, ms, () => 'timeout');
            return;
        } catch {
            // fall through: drop the connection
        }
    }
    await withTimeout(Promise.resolve().then(drop), 1000, () => 'timeout').catch(() => undefined);
}
