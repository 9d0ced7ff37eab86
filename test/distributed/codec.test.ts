/**
 * What travels through Redis comes back exactly as it was sent (codec.ts):
 * the numbers JSON cannot hold, a whole model, and the run record's hash,
 * which must change with anything that changes a simulation. Unit tests
 * (no Redis): part of `npm test`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decode, encode } from '../../src/opt/distributed/codec.js';
import { recordText, PROTOCOL, type RunRecord } from '../../src/opt/distributed/protocol.js';
import { redisUrlProblem, redact } from '../../src/opt/distributed/url.js';
import { parseModel } from '../../src/language/load.js';
import { createSimulator } from '../../src/sim/index.js';
import { simulationSettings } from '../../src/opt/index.js';
import { resolveSettings } from '../../src/model/settings.js';

const settings = { ...simulationSettings(resolveSettings(undefined, {})), horizonSeconds: 3600, warmupSeconds: 600, replications: 2, seed: 3 };

describe('the codec of jobs and results', () => {
    it('keeps Infinity, -Infinity, NaN, -0 and undefined array entries (not null)', () => {
        const value = { a: Infinity, b: -Infinity, c: NaN, d: -0, e: [1, undefined, -0, Infinity], f: 'x', g: null, h: { n: 0.1 + 0.2 } };
        const back = decode<typeof value>(encode(value));
        expect(back).toEqual(value);
        expect(Object.is(back.d, -0)).toBe(true);
        expect(back.e.length).toBe(4);
        expect(back.e[1]).toBeUndefined();
        expect(back.h.n).toBe(0.1 + 0.2);
        // plain JSON would have lost them
        expect(JSON.parse(JSON.stringify(value))).not.toEqual(value);
    });

    it('a model sent as text simulates exactly like the original', async () => {
        const text = readFileSync(join(__dirname, '../../examples/retail.mlops'), 'utf8');
        const model = await parseModel(text);
        const copy = decode<typeof model>(encode(model));
        expect(copy).toEqual(model);
        const allocation = model.allocations[0];
        const original = createSimulator(model, settings).simulate(allocation);
        const received = decode<typeof original>(encode(createSimulator(copy, settings).simulate(decode<typeof allocation>(encode(allocation)))));
        // all but the wall time the simulation took
        expect({ ...received, wallSeconds: 0 }).toEqual({ ...original, wallSeconds: 0 });
    });
});

describe('the run record', () => {
    it('is named by the hash of its text, which changes with the model and with the settings', async () => {
        const model = await parseModel(readFileSync(join(__dirname, '../../examples/retail.mlops'), 'utf8'));
        const record: RunRecord = { protocol: PROTOCOL, version: '1.0.0', model, simulation: settings };
        const { text, hash } = recordText(record);
        expect(hash).toMatch(/^[0-9a-f]{64}$/);
        expect(decode<RunRecord>(text)).toEqual(record);
        expect(recordText({ ...record }).hash).toBe(hash);
        expect(recordText({ ...record, simulation: { ...settings, seed: 4 } }).hash).not.toBe(hash);
        expect(recordText({ ...record, brief: { ...settings, replications: 1 } }).hash).not.toBe(hash);
        expect(recordText({ ...record, model: { ...model, system: 'other' } }).hash).not.toBe(hash);
        expect(recordText({ ...record, version: '1.0.1' }).hash).not.toBe(hash);
    });
});

describe('Redis URLs', () => {
    it('accepts redis:// and rediss:// with a host, and says why not otherwise', () => {
        expect(redisUrlProblem('redis://localhost:6379')).toBeUndefined();
        expect(redisUrlProblem('rediss://user:pw@cache.example:6380/2')).toBeUndefined();
        expect(redisUrlProblem('localhost:6379')).toMatch(/not a Redis URL|not a URL/);
        expect(redisUrlProblem('http://localhost:6379')).toContain('is not a Redis URL');
        expect(redisUrlProblem('nonsense')).toContain('is not a URL');
    });

    it('never shows the password', () => {
        expect(redact('redis://user:secret@host:6379')).toBe('redis://user:***@host:6379');
        expect(redisUrlProblem('http://user:secret@host')).not.toContain('secret');
    });
});
