// A worker that runs out of memory on its third request (run with a small heap limit).
import { parentPort } from 'node:worker_threads';
let requests = 0;
const hoard = [];
parentPort.on('message', request => {
    if (++requests >= 3) {
        for (;;) {
            hoard.push(new Array(1e6).fill(requests));
        }
    }
    const objectives = { time: requests, variance: 1, violations: 0, cost: 10 - requests };
    parentPort.postMessage(request.type === 'evaluate'
        ? { type: 'objectives', id: request.id, objectives }
        : { type: 'simulation', id: request.id, result: { allocation: request.allocation.name, seed: 0, replications: 1, horizon: 1, warmup: 0, processes: [], servers: [], objectives, objectivesCI: { time: [0, 0], variance: [0, 0], violations: [0, 0], cost: [0, 0] }, events: 0, wallSeconds: 0, warnings: [] } });
});
