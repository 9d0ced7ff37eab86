/**
 * Entry of an evaluation worker (bundled as out/opt/worker.cjs): builds the
 * simulator once from `workerData`, then answers one request at a time.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createSimulator } from '../sim/index.js';
import type { Simulator } from '../sim/api.js';
import { createBriefSimulator } from './brief-simulator.js';
import type { WorkerInit, WorkerReply, WorkerRequest } from './worker-protocol.js';

const port = parentPort;
if (!port) {
    throw new Error('src/opt/worker.ts runs only as a worker thread');
}
const post = (reply: WorkerReply) => port.postMessage(reply);
const message = (error: unknown) => error instanceof Error ? error.message : String(error);

let simulator: Simulator | undefined;
let brief: Simulator | undefined;
try {
    const init = workerData as WorkerInit;
    simulator = createSimulator(init.model, init.simulation);
    brief = init.brief ? createBriefSimulator(init.model, init.brief) : simulator;
} catch (error) {
    post({ type: 'fatal', message: `the simulator cannot be built: ${message(error)}` });
}

port.on('message', (request: WorkerRequest) => {
    if (!simulator) {
        return;
    }
    try {
        if (request.type === 'evaluate') {
            post({ type: 'objectives', id: request.id, objectives: (request.brief ? brief ?? simulator : simulator).evaluate(request.allocation) });
        } else {
            post({ type: 'simulation', id: request.id, result: simulator.simulate(request.allocation) });
        }
    } catch (error) {
        post({ type: 'failed', id: request.id, message: `simulating allocation failed: ${message(error)}` });
    }
});
