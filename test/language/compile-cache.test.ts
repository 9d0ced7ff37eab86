/**
 * The language server's loader (compile-cache.ts): the bundle runs as
 * `require` would, its V8 code cache is written after the start, used at the
 * next start, replaced when the bundle changes, and a broken cache only costs
 * the cache.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { cacheFileOf, prepareWithCompileCache } from '../../src/language/compile-cache.js';

const runs = (globalThis as { __mlopsCacheTest?: string[] });

function bundle(dir: string, tag: string): string {
    const file = join(dir, 'server.cjs');
    // Uses what a CommonJS bundle uses: require, module, exports, __filename, __dirname.
    writeFileSync(file, `const path = require('node:path');
module.exports.tag = ${JSON.stringify(tag)};
(globalThis.__mlopsCacheTest ??= []).push(${JSON.stringify(tag)} + ':' + path.basename(__filename) + ':' + (__dirname === ${JSON.stringify(dir)}) + ':' + (exports === module.exports));
function work(n) { let s = 0; for (let i = 0; i < n; i++) { s += Math.sqrt(i); } return s; }
work(1000);
`);
    return file;
}

const waitFor = async (check: () => boolean) => {
    for (let i = 0; i < 200 && !check(); i++) {
        await new Promise(resolve => setTimeout(resolve, 10));
    }
    expect(check()).toBe(true);
};

describe('compile cache', () => {
    test('written after the first start, used by the next, replaced when the bundle changes', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'mlops-cc-'));
        const cacheDir = join(dir, 'cache');
        runs.__mlopsCacheTest = [];
        const file = bundle(dir, 'v1');
        const first = prepareWithCompileCache(file, cacheDir, 10);
        expect(first.outcome).toBe('absent');
        first.run();
        expect(runs.__mlopsCacheTest).toEqual(['v1:server.cjs:true:true']);
        const source = () => readFileSync(file, 'utf8');
        await waitFor(() => existsSync(cacheFileOf(cacheDir, source())));

        const second = prepareWithCompileCache(file, cacheDir, 10);
        expect(second.outcome).toBe('used');
        second.run();
        expect(runs.__mlopsCacheTest).toEqual(['v1:server.cjs:true:true', 'v1:server.cjs:true:true']);

        bundle(dir, 'v2');
        const changed = prepareWithCompileCache(file, cacheDir, 10);
        expect(changed.outcome).toBe('absent');
        changed.run();
        expect(runs.__mlopsCacheTest.at(-1)).toBe('v2:server.cjs:true:true');
        await waitFor(() => existsSync(cacheFileOf(cacheDir, source())));
        await waitFor(() => readdirSync(cacheDir).length === 1);
    });

    test('a damaged cache is rejected, the bundle still runs, and the cache is rewritten', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'mlops-cc-'));
        const cacheDir = join(dir, 'cache');
        runs.__mlopsCacheTest = [];
        const file = bundle(dir, 'v1');
        const source = readFileSync(file, 'utf8');
        mkdirSync(cacheDir);
        writeFileSync(cacheFileOf(cacheDir, source), Buffer.from('not a code cache at all'));
        const damaged = prepareWithCompileCache(file, cacheDir, 10);
        expect(damaged.outcome).toBe('rejected');
        damaged.run();
        expect(runs.__mlopsCacheTest).toEqual(['v1:server.cjs:true:true']);
        await waitFor(() => prepareWithCompileCache(file, cacheDir, 60_000).outcome === 'used');
    });

    test('no directory, no cache; a syntax error throws before anything runs', () => {
        const dir = mkdtempSync(join(tmpdir(), 'mlops-cc-'));
        runs.__mlopsCacheTest = [];
        const off = prepareWithCompileCache(bundle(dir, 'v1'), undefined);
        expect(off.outcome).toBe('off');
        off.run();
        expect(runs.__mlopsCacheTest).toEqual(['v1:server.cjs:true:true']);
        const broken = join(dir, 'broken.cjs');
        writeFileSync(broken, 'globalThis.__mlopsCacheTest.push("ran"); function (');
        expect(() => prepareWithCompileCache(broken, join(dir, 'cache'))).toThrow(SyntaxError);
        expect(runs.__mlopsCacheTest).toEqual(['v1:server.cjs:true:true']);
    });
});
