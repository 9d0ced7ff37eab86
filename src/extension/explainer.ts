/**
 * Explanations of any solution the results view selects (issue 13 items 3
 * and 6): its changes' effects against `current` and its headroom, computed
 * on a thread of its own (explain-worker.ts) so that the extension host never
 * blocks, one solution at a time. A request for another solution supersedes
 * the running one (its thread is terminated and its listener told
 * 'cancelled'); answers are cached per solution for the life of the result
 * (the chosen solution's, measured after the run, is cached from the start).
 * No vscode import.
 */
import { Worker } from 'node:worker_threads';
import type { Model } from '../model/types.js';
import type { OptimizationResult } from '../opt/api.js';
import { referenceBaseline, solutionOf, type ExplainProgress, type SolutionExplanation, type SolutionRef } from '../opt/index.js';
import type { SimulationSettings } from '../sim/index.js';
import type { HostMessage } from '../webview/protocol.js';
import type { ExplainReply, ExplainStart } from './explain-protocol.js';

export type ExplanationEvent =
    | { state: 'running'; progress: ExplainProgress }
    | { state: 'done'; explanation: SolutionExplanation }
    | { state: 'failed'; message: string }
    | { state: 'cancelled' };

export type ExplanationListener = (event: ExplanationEvent) => void;

export interface ExplainerOptions {
    /** out/extension/explain-worker.cjs */
    script: string;
    model: Model;
    settings: SimulationSettings;
    result: OptimizationResult;
    /** Heap limit of each thread, MB. */
    maxOldGenerationSizeMb?: number;
}

export function refKey(ref: SolutionRef): string {
    return `${ref.kind}:${ref.index}`;
}

export class Explainer {
    private readonly cache = new Map<string, SolutionExplanation>();
    private running: { key: string; worker: Worker; listener: ExplanationListener } | undefined;
    private disposed = false;

    constructor(private readonly options: ExplainerOptions) {
        const chosen = options.result.explanation;
        if (chosen && options.result.front[chosen.solution]) { this.cache.set(refKey({ kind: 'front', index: chosen.solution }), chosen); }
    }

    /** The cached explanation of `ref`, if any. */
    cached(ref: SolutionRef): SolutionExplanation | undefined {
        return this.cache.get(refKey(ref));
    }

    /** The key of the solution being explained, if any. */
    get busyWith(): string | undefined {
        return this.running?.key;
    }

    /**
     * Explains `ref`, telling `listener` the progress and the outcome. The
     * same solution as the running one keeps its thread (the new listener
     * takes over); any other request supersedes it.
     */
    request(ref: SolutionRef, listener: ExplanationListener): void {
        const key = refKey(ref);
        if (this.running?.key === key) {
            this.running.listener = listener;
            return;
        }
        this.cancel();
        const cached = this.cache.get(key);
        if (cached) {
            listener({ state: 'done', explanation: cached });
            return;
        }
        const { result, model, settings } = this.options;
        const solution = solutionOf(result, ref);
        if (this.disposed || !solution) {
            listener({ state: 'failed', message: this.disposed ? 'the results were replaced' : `there is no ${ref.kind === 'front' ? 'solution' : 'baseline'} ${ref.index + 1}` });
            return;
        }
        const reference = referenceBaseline(result);
        const start: ExplainStart = {
            model, settings, solution: solution.allocation, index: ref.index,
            reference: reference ? { name: reference.name, allocation: reference.allocation } : null
        };
        const worker = new Worker(this.options.script, {
            workerData: start,
            resourceLimits: this.options.maxOldGenerationSizeMb ? { maxOldGenerationSizeMb: this.options.maxOldGenerationSizeMb } : undefined
        });
        const job = { key, worker, listener };
        this.running = job;
        // Events of a superseded thread are dropped: only the running job talks to its listener.
        const settle = (event: ExplanationEvent) => {
            if (this.running !== job) { return; }
            this.running = undefined;
            void worker.terminate();
            job.listener(event);
        };
        worker.on('message', (reply: ExplainReply) => {
            if (this.running !== job) { return; }
            switch (reply.type) {
                case 'progress':
                    job.listener({ state: 'running', progress: reply.progress });
                    break;
                case 'done':
                    this.cache.set(key, reply.explanation);
                    settle({ state: 'done', explanation: reply.explanation });
                    break;
                case 'failed':
                    settle({ state: 'failed', message: reply.message });
                    break;
            }
        });
        worker.on('error', error => settle({ state: 'failed', message: `the explanation's thread crashed: ${error.message}` }));
        worker.on('exit', code => settle({ state: 'failed', message: `the explanation's thread ended unexpectedly (exit code ${code})` }));
        listener({ state: 'running', progress: { phase: 'changes', done: 0, total: null } });
    }

    /** Stops the running explanation, if any (its listener is told 'cancelled'). */
    cancel(): void {
        const job = this.running;
        if (!job) { return; }
        this.running = undefined;
        void job.worker.terminate();
        job.listener({ state: 'cancelled' });
    }

    /** Stops everything; later requests fail. */
    dispose(): void {
        this.disposed = true;
        this.cancel();
    }
}

/** The view's message for an event of the explanation of `ref` (src/schema/protocol.ts, `explanation`). */
export function explanationMessage(ref: SolutionRef, event: ExplanationEvent): HostMessage {
    const base = { type: 'explanation' as const, kind: ref.kind, index: ref.index };
    switch (event.state) {
        case 'running': return { ...base, state: 'running', phase: event.progress.phase, done: event.progress.done, total: event.progress.total };
        case 'done': return { ...base, state: 'done', explanation: event.explanation };
        case 'failed': return { ...base, state: 'failed', message: event.message };
        case 'cancelled': return { ...base, state: 'cancelled' };
    }
}
