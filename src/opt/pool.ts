/**
 * Evaluation on worker_threads. Each worker builds one simulator for the
 * model and settings, then simulates the allocations it is sent, one at a
 * time; idle workers take the next allocation from a shared queue. Results
 * depend only on (seed, allocation), never on which worker ran them.
 *
 * A watchdog replaces a worker that stops answering (watchdog.ts says when)
 * and re-runs its allocation on the new one, with a warning; the same
 * allocation stalling twice ends the run with an error instead of looping.
 *
 * The worker script: `options.workerScript` when given; else, when this code
 * runs from a CommonJS bundle (out/cli/main.cjs, out/extension/main.cjs),
 * out/opt/worker.cjs built by scripts/build.mjs; else (vitest, tsx) the
 * TypeScript source src/opt/worker.ts, loaded through tsx's register API.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EventLoopUtilization } from 'node:perf_hooks';
import { maxWorkers } from '../model/limits.js';
import type { AllocationDef, Model, Objectives } from '../model/types.js';
import type { SimulationResult, SimulationSettings } from '../sim/api.js';
import type { Evaluator, Fidelity } from './evaluator.js';
import { Watchdog, type WatchdogLimits } from './watchdog.js';
import type { WorkerInit, WorkerReply, WorkerRequest } from './worker-protocol.js';

export interface PoolOptions {
    /** Number of threads; 0: one per core. */
    workers: number;
    /** Path of the worker script (.cjs/.js, or .ts run through tsx). */
    workerScript?: string;
    /** Heap limit of each worker in MB (an OOM ends the run with a message). */
    maxOldGenerationSizeMb?: number;
    /** Settings of brief evaluations (absent: brief requests use the full settings). */
    brief?: SimulationSettings;
    /** When a worker counts as stuck (defaults in watchdog.ts). */
    watchdog?: Partial<WatchdogLimits>;
}

/** The worker script this code would use, or undefined when none is found. */
export function defaultWorkerScript(): string | undefined {
    const candidates: string[] = [];
    if (typeof __filename === 'string') {
        if (/\.[cm]?ts$/.test(__filename)) {
            candidates.push(join(dirname(__filename), 'worker.ts'));
        } else {
            candidates.push(join(dirname(__filename), '..', 'opt', 'worker.cjs'), join(dirname(__filename), 'worker.cjs'));
        }
    }
    candidates.push(resolve('out', 'opt', 'worker.cjs'), resolve('src', 'opt', 'worker.ts'));
    if (typeof __filename !== 'string') {
        // ESM under tsx: the sources, relative to the project root.
        candidates.reverse();
    }
    return candidates.find(file => existsSync(file));
}

interface Job {
    request: WorkerRequest;
    resolve: (reply: WorkerReply) => void;
    reject: (error: Error) => void;
    /** Times a worker stalled on this job (it is re-run once). */
    stalls: number;
    /** Its run ended (cancelled, stopped by time): a stalled worker is replaced but the job not re-run. */
    abandoned?: boolean;
}

interface Slot {
    worker: Worker;
    job?: Job;
    /** When the job was posted, and the worker's event-loop counters then (its idle time since is read from them). */
    startedAt: number;
    loopAtStart?: EventLoopUtilization;
}

let nextJobId = 1;

export class WorkerPool implements Evaluator {
    readonly parallelism: number;
    private readonly slots: Slot[] = [];
    private readonly queue: Job[] = [];
    private failure: Error | undefined;
    private closed = false;
    private readonly script: string;
    private readonly init: WorkerInit;
    private readonly watchdog: Watchdog;
    private readonly timer: ReturnType<typeof setInterval>;
    private readonly notes: string[] = [];

    constructor(model: Model, simulation: SimulationSettings, private readonly options: PoolOptions) {
        const script = options.workerScript ?? defaultWorkerScript();
        if (!script || !existsSync(script)) {
            throw new Error(`optimizer worker script not found${script ? ` at ${script}` : ''} (build it with node scripts/build.mjs)`);
        }
        this.script = script;
        // Bounded like the CLI's --workers (src/model/limits.ts): a larger setting only costs memory.
        this.parallelism = Math.max(1, options.workers > 0 ? Math.min(options.workers, maxWorkers(availableParallelism())) : availableParallelism());
        this.init = { model, simulation, brief: options.brief };
        this.watchdog = new Watchdog(options.watchdog);
        for (let i = 0; i < this.parallelism; i++) {
            const slot = { startedAt: 0 } as Slot;
            this.spawn(slot);
            this.slots.push(slot);
        }
        this.timer = setInterval(() => this.inspect(), this.watchdog.tickMs);
        this.timer.unref();
    }

    /** Starts a worker in `slot`; events of a worker no longer in its slot (replaced) are ignored. */
    private spawn(slot: Slot): void {
        const worker = startWorker(this.script, this.init, this.options.maxOldGenerationSizeMb);
        slot.worker = worker;
        worker.on('message', (reply: WorkerReply) => {
            if (slot.worker === worker) {
                this.onReply(slot, reply);
            }
        });
        worker.on('error', error => {
            if (slot.worker === worker) {
                this.fail(new Error(`an evaluation worker crashed: ${describe(error)}`));
            }
        });
        worker.on('exit', code => {
            if (!this.closed && slot.worker === worker) {
                this.fail(new Error(`an evaluation worker stopped unexpectedly (exit code ${code})`));
            }
        });
    }

    /** The watchdog's round: replaces each worker stuck on its job and re-queues the job first. */
    private inspect(): void {
        if (this.closed || this.failure) {
            return;
        }
        const now = performance.now();
        for (const slot of this.slots) {
            const job = slot.job;
            if (!job) {
                continue;
            }
            const stall = this.watchdog.stall(now - slot.startedAt, this.idleMs(slot));
            if (!stall) {
                continue;
            }
            job.stalls++;
            slot.job = undefined;
            const old = slot.worker;
            this.spawn(slot);
            void old.terminate().catch(() => 0);
            if (job.abandoned) {
                this.notes.push(`an evaluation worker ${stall}; it was replaced (the run no longer needed its allocation)`);
                continue;
            }
            if (job.stalls > 1) {
                const error = new Error(`an evaluation worker ${stall}, the second time on the same allocation; the run was stopped`);
                job.reject(error); // no longer in its slot: fail() would not reach it
                this.fail(error);
                return;
            }
            this.notes.push(`an evaluation worker ${stall}; it was replaced and its allocation simulated again`);
            this.queue.unshift(job);
        }
        this.pump();
    }

    /** Milliseconds the slot's worker has spent waiting (not computing) since its job was posted. */
    private idleMs(slot: Slot): number {
        return slot.loopAtStart ? slot.worker.performance.eventLoopUtilization(slot.loopAtStart).idle : 0;
    }

    /**
     * What the watchdog did, and any worker stuck right now (a run stopped by
     * --timeout or cancelled while a worker was silent says so).
     */
    warnings(): string[] {
        const now = performance.now();
        const stuck = this.slots.filter(slot => slot.job && this.watchdog.suspect(now - slot.startedAt, this.idleMs(slot)))
            .map(slot => `an evaluation worker had not answered for ${seconds(now - slot.startedAt)} when the run stopped `
                + `(idle for ${seconds(this.idleMs(slot))} of it)`);
        return [...this.notes, ...stuck];
    }

    private onReply(slot: Slot, reply: WorkerReply): void {
        const job = slot.job;
        slot.job = undefined;
        if (job) {
            this.watchdog.finished(performance.now() - slot.startedAt);
        }
        if (reply.type === 'fatal') {
            this.fail(new Error(reply.message));
            return;
        }
        if (job) {
            if (reply.type === 'failed') {
                job.reject(new Error(reply.message));
            } else {
                job.resolve(reply);
            }
        }
        this.pump();
    }

    private fail(error: Error): void {
        if (this.failure || this.closed) {
            return;
        }
        this.failure = error;
        for (const slot of this.slots) {
            slot.job?.reject(error);
            slot.job = undefined;
        }
        for (const job of this.queue.splice(0)) {
            job.reject(error);
        }
        void this.close();
    }

    private pump(): void {
        for (const slot of this.slots) {
            if (!slot.job && this.queue.length > 0 && !this.failure) {
                slot.job = this.queue.shift()!;
                slot.startedAt = performance.now();
                slot.loopAtStart = slot.worker.performance.eventLoopUtilization();
                slot.worker.postMessage(slot.job.request);
            }
        }
    }

    /** Runs the requests; `onReply` for each in completion order; stops early when `signal` aborts. */
    private runAll(requests: WorkerRequest[], onReply: (index: number, reply: WorkerReply) => void, signal: AbortSignal): Promise<void> {
        return new Promise((resolveAll, rejectAll) => {
            if (this.failure) {
                rejectAll(this.failure);
                return;
            }
            let remaining = requests.length;
            let settled = false;
            const jobs: Job[] = [];
            const finish = (error?: Error) => {
                if (settled) {
                    return;
                }
                settled = true;
                signal.removeEventListener('abort', onAbort);
                for (const job of jobs) {
                    job.abandoned = true;
                }
                // Jobs not started yet are dropped; running ones finish and are ignored.
                for (let i = this.queue.length - 1; i >= 0; i--) {
                    if (jobs.includes(this.queue[i])) {
                        this.queue.splice(i, 1);
                    }
                }
                if (error) {
                    rejectAll(error);
                } else {
                    resolveAll();
                }
            };
            const onAbort = () => finish();
            if (remaining === 0 || signal.aborted) {
                finish();
                return;
            }
            signal.addEventListener('abort', onAbort);
            requests.forEach((request, index) => {
                const job: Job = {
                    request,
                    resolve: reply => {
                        if (settled) {
                            return;
                        }
                        onReply(index, reply);
                        if (--remaining === 0) {
                            finish();
                        }
                    },
                    reject: error => finish(error),
                    stalls: 0
                };
                jobs.push(job);
                this.queue.push(job);
            });
            this.pump();
        });
    }

    async evaluate(allocations: AllocationDef[], onResult: (index: number, objectives: Objectives) => void, signal: AbortSignal, fidelity: Fidelity = 'full'): Promise<void> {
        await this.runAll(
            allocations.map(allocation => ({ type: 'evaluate', id: nextJobId++, allocation, brief: fidelity === 'brief' })),
            (index, reply) => {
                if (reply.type === 'objectives') {
                    onResult(index, reply.objectives);
                }
            },
            signal);
    }

    async simulate(allocations: AllocationDef[], signal: AbortSignal): Promise<SimulationResult[]> {
        const results: (SimulationResult | undefined)[] = allocations.map(() => undefined);
        await this.runAll(
            allocations.map(allocation => ({ type: 'simulate', id: nextJobId++, allocation })),
            (index, reply) => {
                if (reply.type === 'simulation') {
                    results[index] = reply.result;
                }
            },
            signal);
        if (results.some(r => r === undefined)) {
            throw new Error('cancelled');
        }
        return results as SimulationResult[];
    }

    async close(): Promise<void> {
        this.closed = true;
        clearInterval(this.timer);
        await Promise.all(this.slots.map(slot => slot.worker.terminate().catch(() => 0)));
    }
}

function startWorker(script: string, workerData: WorkerInit, maxOldGenerationSizeMb?: number): Worker {
    const resourceLimits = maxOldGenerationSizeMb ? { maxOldGenerationSizeMb } : undefined;
    if (/\.[cm]?ts$/.test(script)) {
        const code = `import(${JSON.stringify(tsxEsmApi(script))}).then(({ register }) => { register(); return import(${JSON.stringify(pathToFileURL(script).href)}); });`;
        return new Worker(code, { eval: true, workerData, resourceLimits });
    }
    return new Worker(script, { workerData, resourceLimits });
}

/** URL of tsx's ESM register API as seen from `script` (the ESM entry: the CommonJS one cannot register hooks here). */
function tsxEsmApi(script: string): string {
    try {
        const packageJson = createRequire(script).resolve('tsx/package.json');
        const manifest = JSON.parse(readFileSync(packageJson, 'utf8')) as { exports?: Record<string, { import?: { default?: string } }> };
        const entry = manifest.exports?.['./esm/api']?.import?.default;
        if (entry) {
            return pathToFileURL(join(dirname(packageJson), entry)).href;
        }
    } catch {
        // fall through to the bare specifier
    }
    return 'tsx/esm/api';
}

function describe(error: unknown): string {
    if (error instanceof Error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ERR_WORKER_OUT_OF_MEMORY') {
            return 'out of memory (the model or the horizon is too large for one evaluation)';
        }
        return error.message;
    }
    return String(error);
}

function seconds(ms: number): string {
    return `${Math.round(ms / 1000)} s`;
}
