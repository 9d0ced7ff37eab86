/**
 * Processes of the distributed suite: a redis-server of its own (a free
 * loopback port, no persistence, in a temporary directory), `mlops worker`
 * processes and `mlops optimize` runs of the built CLI (bin/mlops.cjs: the
 * suite runs after the build, as users run the command). Every process
 * started here is recorded and stopped by `stopAll`, by its PID.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = join(ROOT, 'bin', 'mlops.cjs');
const REDIS_SERVER = '/usr/bin/redis-server';

const started: ChildProcess[] = [];
const dirs: string[] = [];

/** Fails (never skips) with what to do when the CLI bundle or redis-server is missing. */
export function requirePrerequisites(): void {
    if (!existsSync(join(ROOT, 'out', 'opt', 'distributed.cjs')) || !existsSync(join(ROOT, 'out', 'cli', 'main.cjs'))) {
        throw new Error('the distributed suite runs the built CLI: run `npm run build:fast` first');
    }
    if (!existsSync(REDIS_SERVER)) {
        throw new Error(`${REDIS_SERVER} is missing: install Debian's redis-server (.ci/run does)`);
    }
}

export function tempDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'mlops-distributed-'));
    dirs.push(dir);
    return dir;
}

async function freePort(): Promise<number> {
    return new Promise((resolvePort, reject) => {
        const server = createServer();
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const address = server.address();
            const port = typeof address === 'object' && address ? address.port : 0;
            server.close(() => resolvePort(port));
        });
    });
}

export interface RedisServer {
    url: string;
    port: number;
    process: ChildProcess;
    /** Ends the server (SIGTERM, as `systemctl stop` does) and waits for it to exit. */
    stop(): Promise<void>;
}

/** A redis-server on a free loopback port; retried on another port if that one was taken meanwhile. */
export async function startRedis(): Promise<RedisServer> {
    for (let attempt = 0; ; attempt++) {
        const port = await freePort();
        const dir = tempDir();
        const child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
            { stdio: ['ignore', 'pipe', 'pipe'] });
        started.push(child);
        let output = '';
        child.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
        child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
        const ready = await new Promise<boolean>(resolveReady => {
            const poll = setInterval(() => {
                if (/Ready to accept connections/.test(output)) {
                    clearInterval(poll);
                    resolveReady(true);
                }
            }, 50);
            child.once('exit', () => { clearInterval(poll); resolveReady(false); });
        });
        if (ready) {
            return {
                url: `redis://127.0.0.1:${port}`,
                port,
                process: child,
                stop: () => stopProcess(child, 'SIGTERM')
            };
        }
        if (attempt >= 3) {
            throw new Error(`redis-server did not start: ${output}`);
        }
    }
}

export interface Run {
    process: ChildProcess;
    /** Resolves when the process exits. */
    exit: Promise<{ code: number | null; stdout: string; stderr: string }>;
    stdout(): string;
    stderr(): string;
}

/** Runs `node bin/mlops.cjs ARGS` (the code cache off: several processes start at once). */
export function mlops(args: string[]): Run {
    const child = spawn(process.execPath, [CLI, ...args], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, MLOPS_DISABLE_COMPILE_CACHE: '1' }
    });
    started.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>(resolveExit => {
        child.once('exit', code => {
            // 'exit' can come before the pipes are drained.
            setTimeout(() => resolveExit({ code, stdout, stderr }), 100);
        });
    });
    return { process: child, exit, stdout: () => stdout, stderr: () => stderr };
}

/** `count` workers of `url`, each with `concurrency` threads; resolves when all say they are connected. */
export async function startWorkers(url: string, count: number, extra: string[] = []): Promise<Run[]> {
    const workers = Array.from({ length: count }, () => mlops(['worker', '--redis', url, '--concurrency', '1', ...extra]));
    await Promise.all(workers.map(w => waitFor(() => /mlops worker .*thread/.test(w.stderr()), `a worker to connect (log: ${w.stderr()})`, w)));
    return workers;
}

/** Polls `condition` every 100 ms; rejects when `run` exits first. No time limit: the test's timeout is the limit. */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, run?: Run): Promise<void> {
    let exited = false;
    void run?.exit.then(() => { exited = true; });
    while (!(await condition())) {
        if (exited) {
            throw new Error(`the process exited while waiting for ${what}: ${run?.stderr()}`);
        }
        await new Promise(r => setTimeout(r, 100));
    }
}

export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) {
        return;
    }
    const exited = new Promise<void>(r => child.once('exit', () => r()));
    child.kill(signal);
    await exited;
}

/** Kills every process this file started (by PID) and removes the temporary directories. */
export async function stopAll(): Promise<void> {
    await Promise.all(started.splice(0).map(child => stopProcess(child, 'SIGKILL')));
    for (const dir of dirs.splice(0)) {
        rmSync(dir, { recursive: true, force: true });
    }
}

/** A BullMQ handle on the suite's queue, to look at jobs from outside. */
export function openQueue(url: string, name = 'mlops-evaluations'): Queue {
    return new Queue(name, { connection: { url } });
}

/** The JSON of `optimize --json`. */
export interface OptimizeJson {
    evaluations: number;
    hypervolume: number;
    hypervolumeByGeneration: number[];
    front: unknown[];
    chosen: number;
    baselines: unknown[];
    stoppedBy: string;
    generations: number;
    warnings: string[];
}

/** What must not depend on where the evaluations ran (everything but the wall time and the warnings). */
export function outcome(json: OptimizeJson): Omit<OptimizeJson, 'warnings'> {
    return {
        evaluations: json.evaluations, hypervolume: json.hypervolume, hypervolumeByGeneration: json.hypervolumeByGeneration,
        front: json.front, chosen: json.chosen, baselines: json.baselines, stoppedBy: json.stoppedBy, generations: json.generations
    };
}
