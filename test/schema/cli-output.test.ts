/**
 * Every `--json` output of the CLI validates against its published schema
 * (docs/schema/, checked by Ajv, independently of the TypeBox code that
 * defines the schemas): `simulate` (and `--analytic`) on every example and
 * every fixture that simulates, `optimize` on every example with a small
 * budget, `validate --format json` on all of them. The real outputs also pass
 * the results view's runtime checks (src/webview/protocol.ts).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadModelFile } from '../../src/cli/load-file.js';
import { resolveSettings } from '../../src/model/settings.js';
import { optimize } from '../../src/opt/index.js';
import { parseHostMessage, parseResult } from '../../src/webview/protocol.js';
import { runCli } from '../cli/helpers.js';
import { schemaErrors } from './ajv.js';

const mlopsIn = (dir: string) => readdirSync(dir).filter(f => f.endsWith('.mlops')).sort().map(f => join(dir, f));
const examples = mlopsIn('examples');
const fixtures = [...mlopsIn(join('test', 'fixtures', 'invalid')), ...mlopsIn(join('test', 'fixtures', 'crashers')), ...mlopsIn(join('test', 'sim', 'golden', 'models'))];
const SHORT = ['--horizon', '2h', '--warmup', '10min', '--replications', '2'];

describe('simulate --json', () => {
    test.each([...examples, ...fixtures])('%s', async (file) => {
        const { code, out } = await runCli(['simulate', file, ...SHORT, '--json']);
        if (code !== 0) {
            // A model with errors, or an allocation that cannot be simulated: nothing on stdout.
            expect(code).toBe(1);
            expect(out).toBe('');
            expect(examples).not.toContain(file);
            return;
        }
        expect(schemaErrors('simulate.schema.json', JSON.parse(out))).toEqual([]);
        const analytic = await runCli(['simulate', file, ...SHORT, '--json', '--analytic']);
        expect(analytic.code).toBe(0);
        const estimate = JSON.parse(analytic.out) as { estimate?: string };
        expect(estimate.estimate).toBe('analytic');
        expect(schemaErrors('simulate.schema.json', estimate)).toEqual([]);
    }, 120_000);

    test('most fixtures simulate (the test is not vacuous)', async () => {
        let simulated = 0;
        for (const file of fixtures) {
            simulated += (await runCli(['simulate', file, '--horizon', '10min', '--warmup', '0s', '--replications', '1', '--json'])).code === 0 ? 1 : 0;
        }
        expect(simulated).toBeGreaterThanOrEqual(8);
    }, 120_000);
});

describe('optimize --json', () => {
    test.each(examples)('%s', async (file) => {
        const { code, out } = await runCli(['optimize', file, ...SHORT, '--population', '8', '--generations', '2', '--workers', '1', '--seed', '3', '--json']);
        expect(code).toBe(0);
        const json = JSON.parse(out) as { front: unknown[] };
        expect(json.front.length).toBeGreaterThan(0);
        expect(schemaErrors('optimize.schema.json', json)).toEqual([]);
    }, 300_000);
});

describe('validate --format json', () => {
    test('all examples and fixtures at once, and each alone', async () => {
        const all = await runCli(['validate', '--format', 'json', ...examples, ...fixtures, 'no/such/file.mlops']);
        expect(all.code).toBe(2);
        const json = JSON.parse(all.out) as { files: { diagnostics: unknown[] }[]; errors: number };
        expect(json.files).toHaveLength(examples.length + fixtures.length + 1);
        expect(json.errors).toBeGreaterThan(10);
        expect(schemaErrors('validate.schema.json', json)).toEqual([]);
        for (const file of [...examples, ...fixtures]) {
            const one = await runCli(['validate', '--json', file]);
            expect(schemaErrors('validate.schema.json', JSON.parse(one.out)), file).toEqual([]);
        }
    }, 120_000);
});

describe('the results view\'s checks accept real results', () => {
    test('a real optimization result passes parseResult and, as a show message, the host-message schema', async () => {
        const loaded = await loadModelFile(join('examples', 'tandem.mlops'));
        const settings = resolveSettings(loaded.model!, { horizonSeconds: 3600, warmupSeconds: 600, replications: 2, population: 8, generations: 2, workers: 1 });
        const result = await optimize(loaded.model!, settings);
        const wire = JSON.parse(JSON.stringify({ type: 'show', result, running: false, selected: result.chosen, source: 'file:///w/tandem.mlops' }));
        expect(schemaErrors('host-message.schema.json', wire)).toEqual([]);
        expect(schemaErrors('optimization-result.schema.json', wire.result)).toEqual([]);
        const parsed = parseHostMessage(wire);
        expect(parsed.ok).toBe(true);
        expect(parseResult(wire.result).ok).toBe(true);
    }, 120_000);
});
