/**
 * The host side of "explain the selected solution" (src/extension/explainer.ts):
 * a real explain thread per request, progress then the explanation, cached per
 * solution, superseded by the next request, cancellable, and a crashing
 * thread reported as a failure.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Model } from '../../src/model/types.js';
import type { OptimizationResult } from '../../src/opt/api.js';
import { explainSolution } from '../../src/opt/index.js';
import { Explainer, type ExplanationEvent } from '../../src/extension/explainer.js';
import { settings } from '../sim/helpers.js';
import { cardsResult } from '../opt/explain/cards-model.js';
import { buildRunner } from './build-runner.js';

const quick = settings({ horizonSeconds: 4_000, warmupSeconds: 100, replications: 1 });

let script: string;
let model: Model;
let result: OptimizationResult;

beforeAll(async () => {
    script = (await buildRunner()).explainScript;
    // Front: current, warm (chosen), two; baselines first-fit (two permanent instances) and current.
    ({ model, result } = await cardsResult(['current', 'warm', 'two'], 1, [['first-fit', 'two'], ['current', 'current']]));
}, 120_000);

/** Collects a listener's events; `done` resolves at the first final one. */
function recorder(): { events: ExplanationEvent[]; listener: (e: ExplanationEvent) => void; done: Promise<ExplanationEvent> } {
    const events: ExplanationEvent[] = [];
    let resolve!: (e: ExplanationEvent) => void;
    const done = new Promise<ExplanationEvent>(r => { resolve = r; });
    return { events, done, listener: e => { events.push(e); if (e.state !== 'running') { resolve(e); } } };
}

describe('explaining the selected solution off the extension host', () => {
    test('a non-chosen front member: progress, then the same explanation as computed in-process; cached afterwards', async () => {
        const explainer = new Explainer({ script, model, settings: quick, result });
        const first = recorder();
        explainer.request({ kind: 'front', index: 2 }, first.listener);
        const final = await first.done;
        expect(final.state).toBe('done');
        const explanation = (final as Extract<ExplanationEvent, { state: 'done' }>).explanation;
        expect(explanation).toEqual(explainSolution(model, quick, result, 2));
        expect(explanation.changes.map(c => c.change.kind)).toEqual(['component', 'permanent']);
        const progress = first.events.filter(e => e.state === 'running').map(e => (e as Extract<ExplanationEvent, { state: 'running' }>).progress);
        expect(progress.some(p => p.phase === 'changes' && p.total === 3)).toBe(true);
        expect(progress.filter(p => p.phase === 'headroom').length).toBe(explanation.headroom!.steps.length + 1);
        // cached: answered at once, no thread
        const again = recorder();
        explainer.request({ kind: 'front', index: 2 }, again.listener);
        expect(again.events).toEqual([{ state: 'done', explanation }]);
        expect(explainer.busyWith).toBeUndefined();
        explainer.dispose();
    }, 120_000);

    test('the chosen solution\'s explanation from the run is cached from the start', () => {
        const chosen = { solution: 1, against: 'current', changes: [], headroom: null };
        const explainer = new Explainer({ script, model, settings: quick, result: { ...result, explanation: chosen } });
        const r = recorder();
        explainer.request({ kind: 'front', index: 1 }, r.listener);
        expect(r.events).toEqual([{ state: 'done', explanation: chosen }]);
    });

    test('a new selection supersedes the running explanation; a baseline row is explained too', async () => {
        const explainer = new Explainer({ script, model, settings: quick, result });
        const a = recorder();
        explainer.request({ kind: 'front', index: 0 }, a.listener);
        const b = recorder();
        explainer.request({ kind: 'baseline', index: 0 }, b.listener);
        expect(await a.done).toEqual({ state: 'cancelled' });
        const final = await b.done;
        expect(final.state).toBe('done');
        // first-fit (two permanent instances) against current: one component change and one permanent flag
        const explanation = (final as Extract<ExplanationEvent, { state: 'done' }>).explanation;
        expect(explanation).toMatchObject({ solution: 0, against: 'current' });
        expect(explanation.headroom!.factor).toBeGreaterThan(1);
        // only b's outcome reached a listener after the supersede
        expect(a.events.filter(e => e.state !== 'running')).toEqual([{ state: 'cancelled' }]);
        explainer.dispose();
    }, 120_000);

    test('the same request while running keeps the thread; cancel stops it; out of range and disposed fail', async () => {
        const explainer = new Explainer({ script, model, settings: quick, result });
        const a = recorder();
        explainer.request({ kind: 'front', index: 0 }, a.listener);
        const b = recorder();
        explainer.request({ kind: 'front', index: 0 }, b.listener);
        expect(explainer.busyWith).toBe('front:0');
        explainer.cancel();
        expect(await b.done).toEqual({ state: 'cancelled' });
        expect(explainer.busyWith).toBeUndefined();
        const missing = recorder();
        explainer.request({ kind: 'baseline', index: 7 }, missing.listener);
        expect(await missing.done).toEqual({ state: 'failed', message: 'there is no baseline 8' });
        explainer.dispose();
        const late = recorder();
        explainer.request({ kind: 'front', index: 0 }, late.listener);
        expect(await late.done).toEqual({ state: 'failed', message: 'the results were replaced' });
    });

    test('a thread that crashes is reported as a failure with its message', async () => {
        const crasher = join(mkdtempSync(join(tmpdir(), 'mlops-explain-crash-')), 'crash.cjs');
        writeFileSync(crasher, `setTimeout(() => { throw new Error('simulated crash'); }, 20);`);
        const explainer = new Explainer({ script: crasher, model, settings: quick, result });
        const r = recorder();
        explainer.request({ kind: 'front', index: 0 }, r.listener);
        expect(await r.done).toEqual({ state: 'failed', message: 'the explanation\'s thread crashed: simulated crash' });
    });
});
