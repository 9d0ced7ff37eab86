/**
 * What the optimizer and the `mlops worker` processes exchange through
 * Redis (docs/distributed.md, "What travels in a job"). Pure.
 *
 * A run writes its record (the model and the simulation settings, as the
 * text of codec.ts) once, under a key named after the SHA-256 of that text;
 * each job carries only that hash, the allocation and the fidelity. A worker
 * reads the record the first time it meets the hash and keeps the simulator
 * it builds from it for the next jobs, so no file system is shared and a
 * model of many megabytes crosses the network once per worker, not per job.
 */
import { createHash } from 'node:crypto';
import type { AllocationDef, Model } from '../../model/types.js';
import type { SimulationSettings } from '../../sim/api.js';
import type { Fidelity } from '../evaluator.js';
import { encode } from './codec.js';

/** Changes when the job or record format changes; a worker refuses jobs of another one. */
export const PROTOCOL = 1;

/** The BullMQ queue both sides use unless told otherwise. */
export const DEFAULT_QUEUE = 'mlops-evaluations';

/** A job whose worker stopped renewing its lock for this long is given to another worker (`mlops worker --stall-seconds`), s. */
export const DEFAULT_STALL_SECONDS = 30;

/** A run's record expires this long after the run last used it, s. */
export const RECORD_TTL_SECONDS = 24 * 3600;

/** Finished jobs (with their results) are kept this long for a late reader, then removed by BullMQ, s. */
export const KEEP_COMPLETED_SECONDS = 3600;
export const KEEP_FAILED_SECONDS = 24 * 3600;

export interface RunRecord {
    protocol: number;
    /** mlops version of the optimizer: a worker of another version would simulate differently, so it refuses. */
    version: string;
    model: Model;
    simulation: SimulationSettings;
    /** Settings of brief evaluations (absent: brief requests use `simulation`). */
    brief?: SimulationSettings;
}

/** BullMQ job data (BullMQ writes it as JSON; the allocation is codec.ts text). */
export interface JobData {
    protocol: number;
    /** SHA-256 (hex) of the run record's text. */
    run: string;
    kind: 'evaluate' | 'simulate';
    fidelity: Fidelity;
    allocation: string;
}

export type JobKind = JobData['kind'];

export function sha256(text: string): string {
    return createHash('sha256').update(text).digest('hex');
}

/** The record's text and hash. */
export function recordText(record: RunRecord): { text: string; hash: string } {
    const text = encode(record);
    return { text, hash: sha256(text) };
}

/** Redis key of a run record (outside BullMQ's `bull:` keys). */
export function recordKey(hash: string): string {
    return `mlops:run:${hash}`;
}

export function jobData(run: string, kind: JobKind, fidelity: Fidelity, allocation: AllocationDef): JobData {
    return { protocol: PROTOCOL, run, kind, fidelity, allocation: encode(allocation) };
}
