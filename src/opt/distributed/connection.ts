/**
 * The Redis server of a distributed run: the URL users give (`--redis`, the
 * `mlops.optimizer.redis` setting), how it is named in messages (without its
 * password), the first connection (a clear error when nobody answers), and
 * the mlops version both sides compare.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { redact, redisUrlProblem } from './url.js';

export { redact, redisUrlProblem };

/** Thrown when Redis cannot be reached or the URL is unusable; `code` lets callers in other bundles recognise it. */
export class RedisUnavailableError extends Error {
    readonly code = 'MLOPS_REDIS_UNAVAILABLE';
}

export function errorText(error: unknown): string {
    if (error instanceof AggregateError && error.errors.length > 0) {
        return errorText(error.errors[0]);
    }
    return error instanceof Error ? error.message || error.name : String(error);
}

/**
 * A connected client for the run's own commands (its record, the heartbeat):
 * commands fail at once while disconnected (no offline queue), so a Redis
 * that went away is seen within a heartbeat. Rejects with
 * RedisUnavailableError when the first connection fails within `timeoutMs`.
 */
export async function connectControl(url: string, timeoutMs = 10_000): Promise<Redis> {
    const problem = redisUrlProblem(url);
    if (problem) {
        throw new RedisUnavailableError(problem);
    }
    const client = new Redis(url, {
        lazyConnect: true,
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        connectTimeout: Math.min(timeoutMs, 10_000),
        commandTimeout: 5000,
        retryStrategy: times => Math.min(200 * times, 1000)
    });
    let lastError = '';
    client.on('error', error => { lastError = errorText(error); });
    try {
        await withTimeout(client.connect(), timeoutMs, () => lastError || `no answer within ${Math.round(timeoutMs / 1000)} s`);
        await client.ping();
        return client;
    } catch (error) {
        client.disconnect();
        throw new RedisUnavailableError(`cannot connect to Redis at ${redact(url)}: ${lastError || errorText(error)}`);
    }
}

/** `promise`, or a rejection with `why()` after `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, why: () => string): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(why())), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

let version: string | undefined;

/**
 * The version of the installed mlops (its package.json, found upwards from
 * this file: two folders up from the bundle out/opt/, three from the sources).
 */
export function mlopsVersion(): string {
    if (version === undefined) {
        version = 'unknown';
        let dir = dirname(typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url));
        for (let i = 0; i < 5; i++) {
            const file = join(dir, 'package.json');
            if (existsSync(file)) {
                try {
                    const json = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
                    if (json.name === 'mlops-allocation' && typeof json.version === 'string') {
                        version = json.version;
                        break;
                    }
                } catch {
                    // not ours: keep looking upwards
                }
            }
            dir = dirname(dir);
        }
    }
    return version;
}
