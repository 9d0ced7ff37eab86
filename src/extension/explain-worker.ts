/**
 * The thread that explains one solution for the results view (bundled as
 * out/extension/explain-worker.cjs): its changes' effects and its headroom,
 * some 5 to 25 simulations that must not block the extension host. It
 * reports progress after each simulation and sends the explanation (or the
 * error). It is never asked to stop: a superseded or cancelled explanation
 * ends by terminating the thread (the simulations are synchronous, so a
 * message could not be read before the end anyway).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { explainAllocation } from '../opt/index.js';
import type { ExplainReply, ExplainStart } from './explain-protocol.js';

const port = parentPort;
if (!port) {
    throw new Error('explain-worker must run as a worker thread');
}
const send = (reply: ExplainReply) => port.postMessage(reply);
const { model, settings, solution, reference, index } = workerData as ExplainStart;
try {
    const explanation = explainAllocation(model, settings, solution, reference, index, { onProgress: progress => send({ type: 'progress', progress }) });
    send({ type: 'done', explanation });
} catch (error) {
    send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
}
port.close();
