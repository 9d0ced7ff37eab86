import { describe, expect, test } from 'vitest';
import { explanationMessage, type ExplanationEvent } from '../../src/extension/explainer.js';
import { parseHostMessage, parseResult, parseViewMessage } from '../../src/webview/protocol.js';
import { fixtureResult } from '../report/fixture.js';

describe('results view message protocol', () => {
    test('accepts every view message and rejects malformed ones', () => {
        expect(parseViewMessage({ type: 'ready' })).toEqual({ ok: true, message: { type: 'ready' } });
        expect(parseViewMessage({ type: 'select', index: 3 })).toEqual({ ok: true, message: { type: 'select', index: 3 } });
        expect(parseViewMessage({ type: 'apply', index: 0, extra: 'dropped' })).toEqual({ ok: true, message: { type: 'apply', index: 0 } });
        expect(parseViewMessage({ type: 'export' })).toEqual({ ok: true, message: { type: 'export' } });
        for (const bad of [null, 7, 'ready', [], {}, { type: 'delete' }, { type: 'select' }, { type: 'select', index: -1 },
            { type: 'apply', index: 1.5 }, { type: 'apply', index: '2' }]) {
            const parsed = parseViewMessage(bad);
            expect(parsed.ok, JSON.stringify(bad)).toBe(false);
        }
        const unknown = parseViewMessage({ type: 'rm -rf' });
        expect(unknown.ok === false && unknown.error).toMatch(/message\.type/);
    });

    test('accepts a whole result after a JSON round trip (the webview transport)', () => {
        const result = fixtureResult(20);
        const parsed = parseHostMessage(JSON.parse(JSON.stringify({ type: 'show', result, running: false, selected: 3, source: 'file:///w/retail.mlops' })));
        expect(parsed.ok).toBe(true);
        if (parsed.ok && parsed.message.type === 'show') {
            expect(parsed.message.selected).toBe(3);
            expect(parsed.message.source).toBe('file:///w/retail.mlops');
            expect(parsed.message.result.front).toHaveLength(20);
            expect(JSON.parse(JSON.stringify(parsed.message.result))).toEqual(JSON.parse(JSON.stringify(result)));
        }
    });

    test('names the first bad field of a result', () => {
        const result = JSON.parse(JSON.stringify(fixtureResult(3)));
        result.front[1].objectives.cost = 'cheap';
        const parsed = parseHostMessage({ type: 'show', result, running: true, selected: null });
        expect(parsed).toEqual({ ok: false, error: 'message.result.front[1].objectives.cost: number expected' });

        const chosenOut = { ...fixtureResult(3), chosen: 3 };
        expect(parseResult(chosenOut).ok).toBe(false);
        const badStop = { ...fixtureResult(3), stoppedBy: 'bored' };
        expect(parseResult(badStop).ok).toBe(false);
        const badCount = JSON.parse(JSON.stringify(fixtureResult(3)));
        badCount.front[0].allocation.instances.scorer.cpu_node = -1;
        expect(parseResult(badCount).ok).toBe(false);
        const selectedOut = parseHostMessage({ type: 'show', result: fixtureResult(3), running: false, selected: 5 });
        expect(selectedOut.ok).toBe(false);
    });

    test('non-finite numbers (null after JSON) are kept as NaN, not rejected', () => {
        const result = JSON.parse(JSON.stringify({ ...fixtureResult(2), hypervolume: Infinity }));
        expect(result.hypervolume).toBeNull();
        const parsed = parseResult(result);
        expect(parsed.ok && Number.isNaN(parsed.message.hypervolume)).toBe(true);
    });

    test('does not let a key named __proto__ reach an object prototype', () => {
        for (const value of ['"x"', '{"polluted":"yes"}']) {
            const text = `{"system":"s","currency":null,"components":[],"servers":[],"steps":[],"labels":{"__proto__":${value},"a":"b"},`
                + '"seed":1,"evaluations":0,"wallSeconds":0,"hypervolume":0,"hypervolumeByGeneration":[],"front":[],"chosen":0,'
                + '"baselines":[],"stoppedBy":"cancelled","warnings":[]}';
            const parsed = parseResult(JSON.parse(text));
            expect(parsed.ok).toBe(true);
            expect(({} as Record<string, unknown>).polluted).toBeUndefined();
            if (parsed.ok) {
                // The key is dropped: the labels keep the ordinary prototype, with nothing inherited.
                expect(Object.getPrototypeOf(parsed.message.labels)).toBe(Object.prototype);
                expect(Object.keys(parsed.message.labels)).toEqual(['a']);
                expect((parsed.message.labels as Record<string, unknown>).polluted).toBeUndefined();
            }
        }
    });

    test('progress and notice messages', () => {
        const front = fixtureResult(4).front;
        const progress = parseHostMessage({ type: 'progress', generation: 3, generations: 10, evaluations: 240, hypervolume: 0.5, hypervolumeByGeneration: [0.1, 0.3, 0.5], front });
        expect(progress.ok && progress.message.type === 'progress' && progress.message.front.length).toBe(4);
        expect(parseHostMessage({ type: 'progress', generation: -1, generations: 10, evaluations: 0, hypervolume: 0, hypervolumeByGeneration: [], front: [] }).ok).toBe(false);
        expect(parseHostMessage({ type: 'notice', level: 'error', text: 'no' })).toEqual({ ok: true, message: { type: 'notice', level: 'error', text: 'no' } });
        expect(parseHostMessage({ type: 'notice', level: 'debug', text: 'no' }).ok).toBe(false);
    });
});

describe('explaining a selected solution (explain, explainCancel; explanation)', () => {
    const explanation = { solution: 2, against: 'current', changes: [], headroom: { target: 0.99, factor: 64, upper: Infinity, limitedBy: null, steps: [] } };

    test('the view asks for a front member or a baseline, or cancels', () => {
        expect(parseViewMessage({ type: 'explain', kind: 'front', index: 2 })).toEqual({ ok: true, message: { type: 'explain', kind: 'front', index: 2 } });
        expect(parseViewMessage({ type: 'explain', kind: 'baseline', index: 0 }).ok).toBe(true);
        expect(parseViewMessage({ type: 'explainCancel' })).toEqual({ ok: true, message: { type: 'explainCancel' } });
        for (const bad of [{ type: 'explain', kind: 'other', index: 0 }, { type: 'explain', kind: 'front' }, { type: 'explain', kind: 'front', index: -1 }]) {
            expect(parseViewMessage(bad).ok, JSON.stringify(bad)).toBe(false);
        }
    });

    test('every event of the host\'s explainer is a valid message after a JSON round trip; a bad explanation is named', () => {
        const ref = { kind: 'baseline' as const, index: 1 };
        const events: ExplanationEvent[] = [
            { state: 'running', progress: { phase: 'changes', done: 1, total: 3 } },
            { state: 'running', progress: { phase: 'headroom', done: 4, total: null } },
            { state: 'done', explanation },
            { state: 'failed', message: 'boom' },
            { state: 'cancelled' }
        ];
        for (const event of events) {
            const parsed = parseHostMessage(JSON.parse(JSON.stringify(explanationMessage(ref, event))));
            expect(parsed.ok, JSON.stringify(event)).toBe(true);
        }
        const done = parseHostMessage(JSON.parse(JSON.stringify(explanationMessage(ref, { state: 'done', explanation }))));
        // Infinity travels as null and comes back as Infinity
        expect(done.ok && done.message.type === 'explanation' && done.message.explanation?.headroom?.upper).toBe(Infinity);
        const bad = parseHostMessage({ type: 'explanation', kind: 'front', index: 0, state: 'done', explanation: { ...explanation, changes: 'none' } });
        expect(bad).toEqual({ ok: false, error: 'message.explanation.changes: array expected' });
    });
});

describe('protocol checks from the schemas (src/schema)', () => {
    test('a state saved by an older version gets the defaults of the missing fields', () => {
        const old = JSON.parse(JSON.stringify(fixtureResult(2)));
        delete old.steps; delete old.labels; delete old.baselines; delete old.warnings; delete old.currency;
        delete old.front[0].allocation.permanent; delete old.front[0].allocation.limits;
        delete old.front[0].details.processes[0].meanCI; delete old.front[0].details.processes[0].unfinishedRuns;
        const parsed = parseResult(old);
        expect(parsed.ok).toBe(true);
        if (parsed.ok) {
            const r = parsed.message;
            expect([r.steps, r.labels, r.baselines, r.warnings, r.currency]).toEqual([[], {}, [], [], null]);
            expect(r.front[0].allocation.permanent).toEqual({});
            expect(r.front[0].details!.processes[0].meanCI.every(Number.isNaN)).toBe(true);
            expect(r.front[0].details!.processes[0].unfinishedRuns).toBe(0);
        }
    });

    test('the argument is not changed, and fields the schema does not know are dropped', () => {
        const sent = { ...JSON.parse(JSON.stringify(fixtureResult(2))), fromNewerVersion: 1 };
        const before = JSON.stringify(sent);
        const parsed = parseResult(sent);
        expect(JSON.stringify(sent)).toBe(before);
        expect(parsed.ok && 'fromNewerVersion' in parsed.message).toBe(false);
    });

    test('names the expectation of the first bad field', () => {
        const error = (v: unknown) => { const p = parseHostMessage(v); return p.ok ? undefined : p.error; };
        expect(error({ type: 'notice', level: 'debug', text: 'x' })).toBe('message.level: one of info, error expected');
        expect(error({ type: 'progress', generation: -1, generations: 1, evaluations: 0, hypervolume: 0, hypervolumeByGeneration: [], front: [] }))
            .toBe('message.generation: integer >= 0 expected');
        expect(error({ type: 'show', result: { ...fixtureResult(1), stoppedBy: 'bored' }, running: false, selected: null }))
            .toBe('message.result.stoppedBy: one of generations, evaluations, time, stagnation, cancelled, error expected');
        expect(error({ type: 'show', result: fixtureResult(1), running: 'yes', selected: null })).toBe('message.running: boolean expected');
        expect(error({ type: 'stale', result: 1 })).toBeUndefined();
        expect(error('stale')).toBe('message: object expected');
    });
});
