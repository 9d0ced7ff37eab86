/**
 * Distributed evaluation on BullMQ (docs/distributed.md): the optimizer's
 * side (createQueueEvaluator) and the worker's (startWorkerService). Bundled
 * on its own (out/opt/distributed.cjs) and loaded only when a run uses Redis
 * (load.ts), so that the CLI and the extension do not load BullMQ otherwise.
 */
export { createQueueEvaluator, QueueEvaluator, type DistributedOptions } from './queue-evaluator.js';
export { startWorkerService, type WorkerService, type WorkerServiceOptions } from './worker-service.js';
export { RedisUnavailableError, redisUrlProblem, redact } from './connection.js';
export { DEFAULT_QUEUE, DEFAULT_STALL_SECONDS } from './protocol.js';
