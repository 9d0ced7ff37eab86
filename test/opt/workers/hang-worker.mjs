// A worker that stops answering on one request, for the watchdog tests. From the environment:
// MLOPS_TEST_HANG 'silent' (never answers, its thread idle) or 'busy' (loops forever);
// MLOPS_TEST_HANG_AT which request hangs (1-based); MLOPS_TEST_HANG_MARKER a file: only the worker
// that creates it hangs (its replacement answers), unless MLOPS_TEST_HANG_EVERY is set (every worker hangs).
// Answers are a function of the allocation only, so a re-run gives the same numbers.
import { closeSync, openSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';

let chosen = process.env.MLOPS_TEST_HANG_EVERY === '1';
if (!chosen) {
    try {
        closeSync(openSync(process.env.MLOPS_TEST_HANG_MARKER, 'wx'));
        chosen = true;
    } catch {
        // another worker hangs
    }
}
const hangAt = Number(process.env.MLOPS_TEST_HANG_AT ?? '1');
let requests = 0;

parentPort.on('message', request => {
    requests++;
    if (chosen && requests === hangAt) {
        if (process.env.MLOPS_TEST_HANG === 'busy') {
            for (;;) { /* hung */ }
        }
        return; // silent: never answers
    }
    let instances = 0;
    for (const p of request.allocation.placements) {
        instances += p.instances;
    }
    const objectives = { time: 1 + 1 / instances, variance: 1, violations: 0, cost: instances };
    const ci = { time: [0, 0], variance: [0, 0], violations: [0, 0], cost: [0, 0] };
    parentPort.postMessage(request.type === 'evaluate'
        ? { type: 'objectives', id: request.id, objectives }
        : { type: 'simulation', id: request.id, result: { allocation: request.allocation.name, seed: 0, replications: 1, horizon: 1, warmup: 0,
            processes: [], servers: [], objectives, objectivesCI: ci, events: 0, wallSeconds: 0, warnings: [], unfinishedRuns: 0 } });
});
