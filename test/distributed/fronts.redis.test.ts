/**
 * Issue 15: the same seed gives the same front with local threads and with
 * 1, 2 or 4 `mlops worker` processes on Redis, on the retail example and on
 * a generated model; progress is reported as with local threads. Small runs
 * (a few hundred evaluations, brief and full fidelity both used); no timing
 * is asserted.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatedModelText } from '../../bench/models.js';
import { mlops, outcome, requirePrerequisites, ROOT, startRedis, startWorkers, stopAll, stopProcess, tempDir, type OptimizeJson, type RedisServer } from './harness.js';

const RUN = ['--population', '16', '--generations', '10', '--replications', '2', '--warmup', '10min', '--seed', '5', '--json'];

const MODELS: { name: string; file: () => string; args: string[] }[] = [
    { name: 'the retail example', file: () => join(ROOT, 'examples', 'retail.mlops'), args: ['--horizon', '2h'] },
    {
        name: 'a generated model (10 components, 5 server kinds, 4 processes)',
        file: () => {
            const file = join(tempDir(), 'generated.mlops');
            writeFileSync(file, generatedModelText({ components: 10, serverKinds: 5, processes: 4, seed: 3 }));
            return file;
        },
        args: ['--horizon', '1h']
    }
];

let redis: RedisServer;

beforeAll(async () => {
    requirePrerequisites();
    redis = await startRedis();
});

afterAll(async () => {
    await stopAll();
});

async function optimizeJson(args: string[]): Promise<{ json: OptimizeJson; stderr: string }> {
    const run = mlops(['optimize', ...args]);
    const { code, stdout, stderr } = await run.exit;
    expect(code, stderr).toBe(0);
    return { json: JSON.parse(stdout) as OptimizeJson, stderr };
}

describe.each(MODELS)('distributed evaluation on $name', ({ file, args }) => {
    let model: string;
    let local: OptimizeJson;

    beforeAll(async () => {
        model = file();
        local = (await optimizeJson([model, ...RUN, ...args, '--workers', '2', '--progress', 'none'])).json;
        // A real search: several generations, a front, a few hundred evaluations.
        expect(local.stoppedBy).toBe('generations');
        expect(local.front.length).toBeGreaterThan(0);
        expect(local.evaluations).toBeGreaterThan(100);
    }, 600_000);

    it.each([1, 2, 4])('%i worker process(es) give the front of the local threads', async count => {
        const workers = await startWorkers(redis.url, count);
        try {
            const { json, stderr } = await optimizeJson([model, ...RUN, ...args, '--redis', redis.url, '--progress', 'json']);
            expect(outcome(json)).toEqual(outcome(local));
            // Progress as with local threads: JSON lines with the evaluations counted so far.
            const progress = stderr.split('\n').filter(l => l.startsWith('{')).map(l => JSON.parse(l) as { type: string; evaluations: number });
            expect(progress.some(p => p.type === 'progress' && p.evaluations > 0)).toBe(true);
            // Every worker took part when there were several (each logs the run's model when it meets it).
            for (const w of workers) {
                await stopProcess(w.process, 'SIGTERM');
                expect((await w.exit).code).toBe(0);
                expect(w.stderr()).toMatch(/run [0-9a-f]{12}: model /);
            }
        } finally {
            await Promise.all(workers.map(w => stopProcess(w.process, 'SIGKILL')));
        }
    }, 600_000);
});
