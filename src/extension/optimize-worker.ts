/**
 * The thread that runs one whole optimize() for the extension (bundled as
 * out/extension/optimize-worker.cjs), so that the optimizer's main loop never
 * blocks the extension host. It reports progress, honours `cancel`, and sends
 * the result (or the error) before it ends, with the number of evaluation
 * threads the optimizer's pool really started (mlops.optimizer.workers; 0 when
 * it evaluated on this thread; with mlops.optimizer.redis the `mlops worker`
 * processes of that Redis evaluate and no pool is started here).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { optimize, simulationSettings, withExplanation } from '../opt/index.js';
import { WorkerPool } from '../opt/pool.js';
import type { RunnerReply, RunnerRequest, RunnerStart } from './runner-protocol.js';

async function main(): Promise<void> {
    const port = parentPort;
    if (!port) {
        throw new Error('optimize-worker must run as a worker thread');
    }
    const { model, settings, workerScript, redis } = workerData as RunnerStart;
    const controller = new AbortController();
    port.on('message', (message: RunnerRequest) => {
        if (message?.type === 'cancel') {
            controller.abort();
        }
    });
    const send = (reply: RunnerReply) => port.postMessage(reply);
    // The pool optimize() would build, built here so that its size can be reported.
    // When it cannot start, optimize() tries again and falls back to this thread
    // with a warning that says why.
    let pool: WorkerPool | undefined;
    try {
        pool = redis ? undefined : new WorkerPool(model, simulationSettings(settings), { workers: settings.workers, workerScript });
    } catch {
        pool = undefined;
    }
    try {
        const result = await optimize(model, settings, {
            signal: controller.signal,
            onProgress: progress => send({ type: 'progress', progress })
        }, redis ? { redis: { url: redis } } : pool ? { evaluator: pool } : workerScript ? { workerScript } : {});
        // What the chosen solution's changes did and its headroom (results view, beside the diff): a few more simulations.
        const explained = withExplanation(model, simulationSettings(settings), result, () => controller.signal.aborted);
        send({ type: 'done', result: explained, evaluationThreads: pool?.parallelism ?? 0 });
    } catch (error) {
        send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    } finally {
        await pool?.close();
    }
    port.close();
}

void main();
