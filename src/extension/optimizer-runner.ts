/**
 * Runs one optimization on a thread of its own, the way the extension does
 * (and the editor benchmark measures): progress arrives as messages, cancel
 * asks the thread to stop and yields the front found so far, and a thread
 * that dies still yields the last front it reported, with a clear warning.
 * No vscode import.
 */
import { Worker } from 'node:worker_threads';
import type { RunSettings } from '../model/settings.js';
import type { Model } from '../model/types.js';
import type { OptimizationResult, Progress } from '../opt/api.js';
import { resultFromProgress } from './partial-result.js';
import type { RunnerReply, RunnerRequest, RunnerStart } from './runner-protocol.js';

export interface RunOptions {
    /** out/extension/optimize-worker.cjs */
    runnerScript: string;
    /** The optimizer's evaluation worker (default: the optimizer finds it). */
    workerScript?: string;
    model: Model;
    settings: RunSettings;
    /** Progress, and the hypervolume after each generation so far (index = generation, 0 = initial population). */
    onProgress?: (progress: Progress, hypervolumeByGeneration: number[]) => void;
    /** Evaluate on the `mlops worker` processes of this Redis instead of threads (docs/distributed.md). */
    redis?: string;
    /** Heap limit of the runner thread, MB. */
    maxOldGenerationSizeMb?: number;
}

/**
 * The optimizer's result, plus what the runner saw: the number of evaluation
 * threads the optimizer's pool started (0: on the runner thread; absent when the
 * run did not finish normally). Only the editor's copy has it: `optimize --json`
 * (cli.md) picks its fields and never prints it.
 */
export interface RunResult extends OptimizationResult {
    evaluationThreads?: number;
}

export interface RunHandle {
    /** Resolves when the run ends, whatever the reason; never rejects. */
    readonly result: Promise<RunResult>;
    /** Asks the optimizer to stop; the result holds the front so far. */
    cancel(): void;
    /** Ends the thread at once (after a cancel that does not stop in time). */
    terminate(): void;
}

export function runOptimizer(options: RunOptions): RunHandle {
    const started = Date.now();
    const start: RunnerStart = { model: options.model, settings: options.settings, workerScript: options.workerScript, redis: options.redis };
    const worker = new Worker(options.runnerScript, {
        workerData: start,
        resourceLimits: options.maxOldGenerationSizeMb ? { maxOldGenerationSizeMb: options.maxOldGenerationSizeMb } : undefined
    });
    let last: Progress | undefined;
    const hypervolumes: number[] = [];
    let cancelled = false;
    let settled = false;

    const result = new Promise<RunResult>(resolve => {
        const finish = (value: RunResult) => {
            if (!settled) {
                settled = true;
                resolve(value);
            }
        };
        const partial = (warning: string) => resultFromProgress(options.model, options.settings, last, hypervolumes,
            cancelled ? 'cancelled' : 'error', warning, (Date.now() - started) / 1000);
        worker.on('message', (reply: RunnerReply) => {
            switch (reply.type) {
                case 'progress':
                    last = reply.progress;
                    for (let g = hypervolumes.length; g < reply.progress.generation; g++) {
                        hypervolumes[g] = hypervolumes[g - 1] ?? 0;
                    }
                    hypervolumes[reply.progress.generation] = reply.progress.hypervolume;
                    options.onProgress?.(reply.progress, hypervolumes.slice());
                    break;
                case 'done':
                    finish({ ...reply.result, evaluationThreads: reply.evaluationThreads });
                    break;
                case 'failed':
                    finish(partial(`the optimizer stopped with an error: ${reply.message}`));
                    break;
            }
        });
        worker.on('error', error => finish(partial(`the optimizer's thread crashed: ${error.message}; showing the front found so far`)));
        worker.on('exit', code => finish(partial(cancelled
            ? 'the optimization was stopped; showing the front found so far'
            : `the optimizer's thread ended unexpectedly (exit code ${code}); showing the front found so far`)));
    });
    void result.then(() => worker.terminate());

    return {
        result,
        cancel: () => {
            cancelled = true;
            const request: RunnerRequest = { type: 'cancel' };
            worker.postMessage(request);
        },
        terminate: () => {
            cancelled = true;
            void worker.terminate();
        }
    };
}
