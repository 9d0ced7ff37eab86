/**
 * The thread that runs one whole optimize() for the extension (bundled as
 * out/extension/optimize-worker.cjs), so that the optimizer's main loop never
 * blocks the extension host. It reports progress, honours `cancel`, and sends
 * the result (or the error) before it ends.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { optimize } from '../opt/index.js';
import type { RunnerReply, RunnerRequest, RunnerStart } from './runner-protocol.js';

async function main(): Promise<void> {
    const port = parentPort;
    if (!port) {
        throw new Error('optimize-worker must run as a worker thread');
    }
    const { model, settings, workerScript } = workerData as RunnerStart;
    const controller = new AbortController();
    port.on('message', (message: RunnerRequest) => {
        if (message?.type === 'cancel') {
            controller.abort();
        }
    });
    const send = (reply: RunnerReply) => port.postMessage(reply);
    try {
        const result = await optimize(model, settings, {
            signal: controller.signal,
            onProgress: progress => send({ type: 'progress', progress })
        }, workerScript ? { workerScript } : {});
        send({ type: 'done', result });
    } catch (error) {
        send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
    port.close();
}

void main();
