/**
 * The options `optimize` and `worker` share for distributed evaluation
 * (docs/distributed.md): their help texts with defaults, the check of the
 * Redis URL (bad usage, exit 2), and the message of a Redis that cannot be
 * reached at the start.
 */
import { DEFAULT_QUEUE, DEFAULT_STALL_SECONDS, redisUrlProblem } from '../opt/index.js';
import { UsageError } from './errors.js';

export const DISTRIBUTED_OPTION_HELP = {
    redisOptimize: 'evaluate on the `mlops worker` processes of this Redis, e.g. redis://host:6379, instead of local threads (default: none, local threads)',
    redisWorker: 'the Redis of the optimize runs, e.g. redis://host:6379 (required; rediss:// for TLS, redis://user:password@host:port)',
    queue: `name of the BullMQ queue; optimize and its workers must use the same (default: ${DEFAULT_QUEUE})`,
    stallSeconds: `a job whose worker stopped renewing its lock for this long is run by another worker (default: ${DEFAULT_STALL_SECONDS})`
};

/** `url`, checked: a redis:// or rediss:// URL with a host; undefined when not given and not `required`. */
export function requireRedisUrl(url: string | undefined, required: boolean): string | undefined {
    if (url === undefined) {
        if (required) {
            throw new UsageError('--redis: required, the URL of the Redis server (redis://HOST:PORT)');
        }
        return undefined;
    }
    const problem = redisUrlProblem(url);
    if (problem) {
        throw new UsageError(`--redis: ${problem}`);
    }
    return url;
}

/** The message of a Redis unreachable at the start (RedisUnavailableError of the distributed bundle), else undefined. */
export function redisFailure(error: unknown): string | undefined {
    return error instanceof Error && (error as Error & { code?: unknown }).code === 'MLOPS_REDIS_UNAVAILABLE' ? error.message : undefined;
}

/** A queue name BullMQ accepts as part of its keys (bad usage otherwise). */
export function checkQueueName(queue: string | undefined): void {
    if (queue !== undefined && !/^[A-Za-z0-9_.-]{1,100}$/.test(queue)) {
        throw new UsageError(`--queue: letters, digits, '_', '.' and '-' only, got '${queue}'`);
    }
}
