/**
 * `npm run bench:distributed` (issue 15): evaluations per second with 1, 2
 * and 4 `mlops worker` processes on a local redis-server against 1, 2 and 4
 * local threads (the worker pool of `mlops optimize`), on the same machine
 * and in the same run, and the overhead per job. Printed with the machine
 * and the load average beside every figure; docs/benchmarks.md records them
 * ("Distributed evaluation"). Needs the build (out/) and /usr/bin/redis-server.
 *
 * - throughput: the same allocation (first-fit of the model) evaluated N
 *   times (--jobs N, default 60) at the full settings; each evaluator warmed
 *   up first (threads started, the workers' simulators built), so the figure
 *   is the steady rate. Model: the generated 30 x 10 x 12 platform of
 *   bench/models.ts, 2 replications of 1 h, so that an evaluation takes a
 *   sizeable fraction of a second as in the use case (--model FILE for
 *   another).
 * - overhead: the same with a simulation of next to nothing (1 replication
 *   of 1 min on a 2-component model), 1 worker process against 1 thread:
 *   (distributed wall - local wall) / jobs is what a job costs on the queue.
 * Workers run with --concurrency 1, so "N workers" is N evaluations at once,
 * as "N threads" is. On a 2-core machine more than 2 of either only share
 * the cores.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { generatedModelText } from './models.js';
import { parseModel } from '../src/language/load.js';
import { firstFit } from '../src/model/first-fit.js';
import { resolveSettings } from '../src/model/settings.js';
import type { AllocationDef, Model } from '../src/model/types.js';
import type { SimulationSettings } from '../src/sim/api.js';
import type { Evaluator } from '../src/opt/evaluator.js';
import { simulationSettings } from '../src/opt/index.js';
import { WorkerPool } from '../src/opt/pool.js';
import { createQueueEvaluator } from '../src/opt/distributed/index.js';
import { requirePrerequisites, startRedis, startWorkers, stopAll, stopProcess } from '../test/distributed/harness.js';

const args = process.argv.slice(2);
const option = (name: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
};
const JOBS = Number(option('jobs') ?? 60);
const MODEL_FILE = option('model');
const COUNTS = [1, 2, 4];

const TINY = `system tiny
server s { cpu 8 GHz ram 16 GB price 1 EUR/h count 2 }
component a { idle cpu 0.1 GHz ram 1 GB permanent }
component b { idle cpu 0.1 GHz ram 1 GB permanent }
step x { runs on a cpu 0.1 GHz*s }
step y { runs on b cpu 0.1 GHz*s }
process p { steps x -> y every exponential(mean 10 s) }
`;

const load = () => os.loadavg().map(x => x.toFixed(2)).join(' ');

async function timed(evaluator: Evaluator, allocation: AllocationDef, jobs: number): Promise<number> {
    const signal = new AbortController().signal;
    const run = async (n: number) => {
        let done = 0;
        await evaluator.evaluate(Array.from({ length: n }, () => allocation), () => { done++; }, signal);
        if (done !== n) {
            throw new Error(`${done} of ${n} evaluations came back`);
        }
    };
    await run(Math.max(8, 2 * evaluator.parallelism)); // warm-up: threads started, simulators built
    const started = performance.now();
    await run(jobs);
    return (performance.now() - started) / 1000;
}

interface Row { what: string; seconds: number; jobs: number; load: string }

async function measure(model: Model, settings: SimulationSettings, counts: number[], jobs: number, url: string): Promise<Row[]> {
    const placed = firstFit(model);
    if (placed.unplaced.length > 0) {
        throw new Error(`first-fit cannot place ${placed.unplaced.map(u => u.component).join(', ')}: choose another model`);
    }
    const allocation = placed.allocation;
    const rows: Row[] = [];
    for (const count of counts) {
        const pool = new WorkerPool(model, settings, { workers: count });
        try {
            rows.push({ what: `${count} local thread(s)`, seconds: await timed(pool, allocation, jobs), jobs, load: load() });
        } finally {
            await pool.close();
        }
        const workers = await startWorkers(url, count);
        const evaluator = await createQueueEvaluator(model, settings, undefined, { url });
        try {
            rows.push({ what: `${count} worker process(es)`, seconds: await timed(evaluator, allocation, jobs), jobs, load: load() });
        } finally {
            await evaluator.close();
            await Promise.all(workers.map(w => stopProcess(w.process, 'SIGTERM')));
        }
    }
    return rows;
}

function print(rows: Row[]): void {
    console.log('| evaluator | jobs | wall s | evaluations/s | load average (1, 5, 15 min) |');
    console.log('|---|---|---|---|---|');
    for (const r of rows) {
        console.log(`| ${r.what} | ${r.jobs} | ${r.seconds.toFixed(2)} | ${(r.jobs / r.seconds).toFixed(1)} | ${r.load} |`);
    }
}

async function main(): Promise<void> {
    requirePrerequisites();
    console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown'}, ${os.cpus().length} cores, node ${process.version}, load average ${load()}`);
    const redis = await startRedis();
    try {
        const model = await parseModel(MODEL_FILE ? readFileSync(MODEL_FILE, 'utf8') : generatedModelText());
        const settings = { ...simulationSettings(resolveSettings(model, {})), replications: 2, horizonSeconds: 3600, warmupSeconds: 600 };
        console.log(`\n### Throughput: ${model.system}, ${settings.replications} replications of ${settings.horizonSeconds / 3600} h, ${JOBS} evaluations of its first-fit allocation`);
        print(await measure(model, settings, COUNTS, JOBS, redis.url));

        const tiny = await parseModel(TINY);
        const tinySettings = { ...simulationSettings(resolveSettings(tiny, {})), replications: 1, horizonSeconds: 60, warmupSeconds: 0 };
        const jobs = 4 * JOBS;
        console.log(`\n### Overhead per job: a simulation of next to nothing (1 replication of 1 min), ${jobs} evaluations`);
        const rows = await measure(tiny, tinySettings, [1], jobs, redis.url);
        print(rows);
        const [local, distributed] = rows;
        console.log(`\noverhead per job: ${(1000 * (distributed.seconds - local.seconds) / jobs).toFixed(2)} ms `
            + `(a job on the queue ${(1000 * distributed.seconds / jobs).toFixed(2)} ms, on a local thread ${(1000 * local.seconds / jobs).toFixed(2)} ms; load ${load()})`);
    } finally {
        await stopAll();
    }
}

void main().then(() => process.exit(0), (error: unknown) => {
    console.error(error);
    void stopAll().then(() => process.exit(1));
});
