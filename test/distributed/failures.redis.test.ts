/**
 * Issue 15, when things go wrong: a worker killed with SIGKILL mid-job (its
 * job is run again after BullMQ's stalled-job check, the front is the same);
 * Redis stopped mid-run (the run fails with a message naming it, exit 1, and
 * prints the front found so far); cancel (exit 0, the run's waiting jobs
 * removed); Redis unreachable at the start and a bad URL (exit 2); a worker
 * of another mlops version refusing a run's jobs. No timing
 * is asserted: the test timeouts are generous.
 */
import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
    mlops, openQueue, outcome, requirePrerequisites, ROOT, startRedis, startWorkers, stopAll, stopProcess, waitFor,
    type OptimizeJson, type RedisServer
} from './harness.js';
import { parseModel } from '../../src/language/load.js';
import { resolveSettings } from '../../src/model/settings.js';
import { simulationSettings } from '../../src/opt/index.js';
import { jobData, PROTOCOL, recordKey, recordText } from '../../src/opt/distributed/protocol.js';

const RETAIL = join(ROOT, 'examples', 'retail.mlops');
const retail = (generations: number) => ['optimize', RETAIL, '--population', '16', '--generations', String(generations), '--replications', '2', '--horizon', '2h', '--warmup', '10min', '--seed', '9', '--json'];
const RUN = retail(10);
/** Short locks, so that the killed worker's job is taken back within seconds (still far above a lock renewal under load). */
const STALL = ['--stall-seconds', '5'];

beforeAll(() => {
    requirePrerequisites();
});

afterAll(async () => {
    await stopAll();
});

/** Evaluations so far, from the run's JSON progress lines. */
function evaluationsSoFar(stderr: string): number {
    const lines = stderr.split('\n').filter(l => l.startsWith('{"type":"progress"'));
    return lines.length > 0 ? (JSON.parse(lines[lines.length - 1]) as { evaluations: number }).evaluations : 0;
}

describe('a worker killed mid-run', () => {
    let redis: RedisServer;
    beforeAll(async () => { redis = await startRedis(); });
    afterEach(async () => { await stopProcess(redis.process, 'SIGKILL'); });

    it('its job is run again by another worker and the front is that of the local threads', async () => {
        const local = mlops([...RUN, '--workers', '2', '--progress', 'none']);
        const workers = await startWorkers(redis.url, 4, STALL);
        const run = mlops([...RUN, '--redis', redis.url, '--progress', 'json']);
        const queue = openQueue(redis.url);
        try {
            // Kill a process that holds a job (BullMQ records host:PID as processedBy). It may finish that job
            // just before the signal lands: then no job is left in its name and another busy worker is killed.
            await waitFor(() => evaluationsSoFar(run.stderr()) >= 20, 'some evaluations', run);
            const alive = new Set(workers);
            let orphaned = false;
            while (!orphaned) {
                expect(alive.size, 'every worker finished its job before the kill; none left to kill').toBeGreaterThan(1);
                let victim: { owner: string; worker: typeof workers[number] } | undefined;
                await waitFor(async () => {
                    const owners = (await queue.getActive()).map(j => j.processedBy);
                    const worker = [...alive].find(w => owners.includes(`${hostname()}:${w.process.pid}`));
                    victim = worker ? { owner: `${hostname()}:${worker.process.pid}`, worker } : undefined;
                    return victim !== undefined;
                }, 'a job in progress', run);
                await stopProcess(victim!.worker.process, 'SIGKILL');
                alive.delete(victim!.worker);
                orphaned = (await queue.getActive()).some(j => j.processedBy === victim!.owner);
            }

            const distributed = await run.exit;
            expect(distributed.code, distributed.stderr).toBe(0);
            const reference = await local.exit;
            expect(reference.code, reference.stderr).toBe(0);
            const json = JSON.parse(distributed.stdout) as OptimizeJson;
            expect(outcome(json)).toEqual(outcome(JSON.parse(reference.stdout) as OptimizeJson));
            // The retry happened, and the run says so.
            expect(json.warnings.some(w => /stalled .* run again by another worker/.test(w))).toBe(true);
        } finally {
            await queue.close();
            await Promise.all(workers.map(w => stopProcess(w.process, 'SIGKILL')));
        }
    }, 600_000);
});

describe('Redis stopped mid-run', () => {
    it('fails the run with a clear message, exit 1, and prints the front found so far', async () => {
        const redis = await startRedis();
        const workers = await startWorkers(redis.url, 2, STALL);
        try {
            const run = mlops([...retail(1000), '--redis', redis.url, '--progress', 'json']);
            await waitFor(() => evaluationsSoFar(run.stderr()) >= 40, 'some evaluations', run);
            await redis.stop();
            const { code, stdout, stderr } = await run.exit;
            expect(code, stderr).toBe(1);
            expect(stderr).toContain(`lost the connection to Redis at ${redis.url}`);
            expect(stderr).not.toMatch(/internal error|\n\s+at /);
            const json = JSON.parse(stdout) as OptimizeJson;
            expect(json.stoppedBy).toBe('error');
            expect(json.front.length).toBeGreaterThan(0);
            expect(json.evaluations).toBeGreaterThanOrEqual(40);
        } finally {
            await Promise.all(workers.map(w => stopProcess(w.process, 'SIGKILL')));
        }
    }, 600_000);
});

describe('cancel', () => {
    it('Ctrl-C stops the run (exit 0, the front so far) and removes its waiting jobs', async () => {
        const redis = await startRedis();
        const queue = openQueue(redis.url);
        try {
            // No worker: the jobs wait in the queue, and the run says why.
            const run = mlops([...RUN, '--redis', redis.url, '--progress', 'json']);
            await waitFor(async () => (await queue.getWaitingCount()) > 0, 'waiting jobs', run);
            await waitFor(() => /no mlops worker is connected/.test(run.stderr()), 'the note', run);
            run.process.kill('SIGINT');
            const { code, stdout, stderr } = await run.exit;
            expect(code, stderr).toBe(0);
            expect((JSON.parse(stdout) as OptimizeJson).stoppedBy).toBe('cancelled');
            expect(await queue.getWaitingCount()).toBe(0);
        } finally {
            await queue.close();
            await redis.stop();
        }
    }, 600_000);
});

describe('unusable Redis at the start', () => {
    it('optimize and worker exit 2 with a message naming the server when nothing listens', async () => {
        const redis = await startRedis();
        await redis.stop(); // the port is now closed
        for (const args of [[...RUN, '--redis', redis.url], ['worker', '--redis', redis.url]]) {
            const { code, stdout, stderr } = await mlops(args).exit;
            expect(code, stderr).toBe(2);
            expect(stderr).toContain(`mlops: cannot connect to Redis at ${redis.url}`);
            expect(stdout).toBe('');
        }
    }, 600_000);

    it('a URL that is not a Redis URL is bad usage', async () => {
        const { code, stderr } = await mlops([...RUN, '--redis', 'http://localhost:6379']).exit;
        expect(code).toBe(2);
        expect(stderr).toContain('--redis: \'http://localhost:6379\' is not a Redis URL');
    }, 600_000);
});

describe('a worker of another mlops version', () => {
    it('refuses the run\'s jobs with a message saying which versions (its simulations could differ)', async () => {
        const redis = await startRedis();
        const workers = await startWorkers(redis.url, 1);
        const queue = openQueue(redis.url);
        const control = new Redis(redis.url);
        try {
            // A run record as an optimizer of another version writes it (protocol.ts), and one job of it.
            const model = await parseModel(readFileSync(RETAIL, 'utf8'));
            const settings = simulationSettings(resolveSettings(model, {}));
            const { text, hash } = recordText({ protocol: PROTOCOL, version: '0.0.0-other', model, simulation: settings });
            await control.set(recordKey(hash), text);
            const job = await queue.add('evaluate', jobData(hash, 'evaluate', 'full', model.allocations[0]), { jobId: 'other-version-1' });
            await waitFor(async () => (await queue.getJobState(job.id!)) === 'failed', 'the job to fail', workers[0]);
            const failed = await queue.getJob(job.id!);
            expect(failed?.failedReason).toMatch(/the run needs mlops 0\.0\.0-other, this worker runs \S+: the simulations could differ/);
        } finally {
            control.disconnect();
            await queue.close();
            await Promise.all(workers.map(w => stopProcess(w.process, 'SIGKILL')));
            await redis.stop();
        }
    }, 600_000);
});
