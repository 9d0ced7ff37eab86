/**
 * The CLI's cache of checked models (src/cli/model-cache.ts): a command on
 * an unchanged file reuses what loading it gave before. It must never serve
 * another text's or another build's result, and anything wrong with it must
 * only cost the cache.
 */
import { mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serialize } from 'node:v8';
import { afterEach, describe, expect, test } from 'vitest';
import { BUNDLE_INFO, cliModelCache, MAX_ENTRIES, ModelCache } from '../../src/cli/model-cache.js';
import { sourceKey } from '../../src/language/compile-cache.js';
import { loadModelCore } from '../../src/language/load-core.js';

const fresh = () => mkdtempSync(join(tmpdir(), 'mlops-model-cache-'));
const retail = readFileSync('examples/retail.mlops', 'utf8');

describe('the cache of checked models', () => {
    afterEach(() => { delete (globalThis as Record<symbol, unknown>)[BUNDLE_INFO]; });

    test('gives back exactly what loading gave: the diagnostics and the model, or the errors without a model', async () => {
        const loaded = await loadModelCore(retail);
        expect(loaded.model).toBeDefined();
        const cache = new ModelCache(fresh(), 'bundle-a');
        expect(cache.get(retail)).toBeUndefined();
        cache.set(retail, { diagnostics: loaded.diagnostics, model: loaded.model });
        const hit = cache.get(retail);
        expect(hit?.model).toStrictEqual(loaded.model);
        expect(hit?.diagnostics).toStrictEqual(loaded.diagnostics);
        const invalid = await loadModelCore('system s\nserver a { cpu -1 GHz }\n');
        expect(invalid.diagnostics.some(d => d.severity === 1)).toBe(true);
        cache.set('system s\nserver a { cpu -1 GHz }\n', { diagnostics: invalid.diagnostics, model: invalid.model });
        expect(cache.get('system s\nserver a { cpu -1 GHz }\n')).toStrictEqual({ diagnostics: invalid.diagnostics, model: undefined });
    });

    test('another text, another build or another Node never reads an entry', () => {
        const dir = fresh();
        const a = new ModelCache(dir, 'bundle-a');
        a.set(retail, { diagnostics: [] });
        expect(a.get(retail)).toBeDefined();
        // One character changed.
        expect(a.get(retail.replace('retail', 'retaiL'))).toBeUndefined();
        // A rebuilt bundle (another key) does not see the entry of the old one.
        expect(new ModelCache(dir, 'bundle-b').get(retail)).toBeUndefined();
        // The bundle key covers the bundle's source, Node's version and the architecture.
        expect(sourceKey('x')).not.toBe(sourceKey('y'));
        const version = Object.getOwnPropertyDescriptor(process, 'version')!;
        const before = sourceKey('x');
        Object.defineProperty(process, 'version', { ...version, value: 'v99.0.0' });
        try {
            expect(sourceKey('x')).not.toBe(before);
        } finally {
            Object.defineProperty(process, 'version', version);
        }
        expect(sourceKey('x')).toBe(before);
    });

    test('a damaged or foreign entry is ignored, then replaced', () => {
        const dir = fresh();
        const cache = new ModelCache(dir, 'bundle-a');
        cache.set(retail, { diagnostics: [] });
        const [name] = readdirSync(dir);
        writeFileSync(join(dir, name), 'not a cache entry');
        expect(cache.get(retail)).toBeUndefined();
        // Under the right name but for another key (a collision of the name's 128 bits, or a foreign file).
        writeFileSync(join(dir, name), serialize({ key: 'another key', load: { diagnostics: [] } }));
        expect(cache.get(retail)).toBeUndefined();
        cache.set(retail, { diagnostics: [] });
        expect(cache.get(retail)).toEqual({ diagnostics: [] });
    });

    test('an unwritable cache directory costs only the cache', () => {
        const file = join(fresh(), 'a-file');
        writeFileSync(file, '');
        const cache = new ModelCache(join(file, 'cache'), 'bundle-a');
        expect(() => cache.set(retail, { diagnostics: [] })).not.toThrow();
        expect(cache.get(retail)).toBeUndefined();
    });

    test(`keeps at most ${MAX_ENTRIES} entries, the least recently used go first`, () => {
        const dir = fresh();
        const cache = new ModelCache(dir, 'bundle-a');
        const text = (k: number) => `system s${k}\n`;
        for (let k = 0; k < MAX_ENTRIES; k++) {
            const before = new Set(readdirSync(dir));
            cache.set(text(k), { diagnostics: [] });
            const [added] = readdirSync(dir).filter(n => !before.has(n));
            // Entry k was used at second 1000 + k.
            utimesSync(join(dir, added), 1000 + k, 1000 + k);
        }
        // Reading entry 0 makes it the most recent.
        expect(cache.get(text(0))).toBeDefined();
        for (let k = MAX_ENTRIES; k < MAX_ENTRIES + 5; k++) { cache.set(text(k), { diagnostics: [] }); }
        expect(readdirSync(dir)).toHaveLength(MAX_ENTRIES);
        expect(cache.get(text(0))).toBeDefined();
        for (let k = 1; k <= 5; k++) { expect(cache.get(text(k)), `entry ${k}`).toBeUndefined(); }
        for (let k = 6; k < MAX_ENTRIES + 5; k++) { expect(cache.get(text(k)), `entry ${k}`).toBeDefined(); }
    });

    test('only a bundle started by boot.ts has a cache', () => {
        expect(cliModelCache()).toBeUndefined();
        (globalThis as Record<symbol, unknown>)[BUNDLE_INFO] = { cacheDir: fresh(), key: 'k' };
        expect(cliModelCache()).toBeInstanceOf(ModelCache);
    });
});
