/**
 * The CLI's start (src/cli/boot.ts, issue 18): bin/mlops.cjs runs the bundle
 * with V8's code cache, one cache per command in the user's cache directory;
 * the cache never changes what a command prints, and a damaged one is
 * replaced. Beside it, the cache of checked models (src/cli/model-cache.ts)
 * is used for an unchanged file and never after the file or the bundle
 * changed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { deserialize, serialize } from 'node:v8';
import { dirname, join, resolve } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { cacheDirectory, cacheFamily } from '../../src/cli/cache-location.js';
import { COMMAND_NAMES } from '../../src/cli/command-names.js';
import { createProgram } from '../../src/cli/program.js';

describe('where the cache is', () => {
    test('the user\'s cache directory per platform; MLOPS_COMPILE_CACHE moves it, MLOPS_DISABLE_COMPILE_CACHE turns it off', () => {
        expect(cacheDirectory({}, 'linux', '/home/u')).toBe('/home/u/.cache/mlops-allocation/compile-cache');
        expect(cacheDirectory({ XDG_CACHE_HOME: '/xdg' }, 'linux', '/home/u')).toBe('/xdg/mlops-allocation/compile-cache');
        expect(cacheDirectory({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Caches/mlops-allocation/compile-cache');
        expect(cacheDirectory({ LOCALAPPDATA: 'C:/Users/u/AppData/Local' }, 'win32', 'C:/Users/u')).toMatch(/^C:\/Users\/u\/AppData\/Local.mlops-allocation.compile-cache$/);
        expect(cacheDirectory({ MLOPS_COMPILE_CACHE: '/c' }, 'linux', '/home/u')).toBe('/c');
        expect(cacheDirectory({ MLOPS_DISABLE_COMPILE_CACHE: '1', MLOPS_COMPILE_CACHE: '/c' }, 'linux', '/home/u')).toBeUndefined();
        expect(cacheDirectory({ MLOPS_DISABLE_COMPILE_CACHE: '0' }, 'linux', '/home/u')).toBe('/home/u/.cache/mlops-allocation/compile-cache');
        // No home and no variable: no cache rather than a shared directory such as /tmp.
        expect(cacheDirectory({}, 'linux', '')).toBeUndefined();
    });

    test('one cache per command and installation; anything else shares one', () => {
        expect(cacheFamily(['simulate', 'a.mlops'], '/a/out/cli/main.cjs')).toMatch(/^cli-simulate-[0-9a-f]{8}$/);
        expect(cacheFamily(['validate'], '/a/out/cli/main.cjs')).toMatch(/^cli-validate-/);
        expect(cacheFamily(['--help'], '/a/out/cli/main.cjs')).toMatch(/^cli-other-/);
        expect(cacheFamily(['../../etc/passwd'], '/a/out/cli/main.cjs')).toMatch(/^cli-other-/);
        expect(cacheFamily(['simulate'], '/a/out/cli/main.cjs')).not.toBe(cacheFamily(['simulate'], '/b/out/cli/main.cjs'));
    });

    test('the names boot.ts knows are the program\'s commands', () => {
        expect(createProgram(() => undefined).commands.map(c => c.name()).sort()).toEqual([...COMMAND_NAMES].sort());
    });
});

describe('the command with its code cache', () => {
    let cli = '';
    beforeAll(() => {
        // bin/mlops.cjs and its bundle, built into a directory of this test's own (other tests rebuild out/).
        const root = mkdtempSync(join(tmpdir(), 'mlops-boot-'));
        for (const link of ['src', 'node_modules']) { symlinkSync(resolve(link), join(root, link)); }
        mkdirSync(join(root, 'bin'));
        copyFileSync('bin/mlops.cjs', join(root, 'bin', 'mlops.cjs'));
        execFileSync(process.execPath, [resolve('scripts/build.mjs'), '--only=cli'], { cwd: root, stdio: 'inherit' });
        cli = join(root, 'bin', 'mlops.cjs');
    }, 120_000);

    test('written by a command\'s first run, used by the next, replaced when damaged; the output never changes', () => {
        const cache = mkdtempSync(join(tmpdir(), 'mlops-boot-cache-'));
        const run = (env: NodeJS.ProcessEnv) => spawnSync(process.execPath, [cli, 'simulate', 'examples/mm1.mlops', '--json', '--replications', '2', '--horizon', '2h'],
            { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
        const withoutCache = run({ MLOPS_DISABLE_COMPILE_CACHE: '1' });
        expect(withoutCache.status, withoutCache.stderr).toBe(0);
        const numbers = (stdout: string) => ({ ...JSON.parse(stdout) as object, wallSeconds: 0 });
        expect(readdirSync(cache)).toEqual([]);

        const first = run({ MLOPS_COMPILE_CACHE: cache });
        expect(first.status, first.stderr).toBe(0);
        expect(numbers(first.stdout)).toEqual(numbers(withoutCache.stdout));
        // The code cache, and the checked model (next test).
        expect(readdirSync(cache).filter(n => n.startsWith('model-'))).toHaveLength(1);
        const files = readdirSync(cache).filter(n => n.startsWith('cli-'));
        expect(files).toHaveLength(1);
        expect(files[0]).toMatch(/^cli-simulate-[0-9a-f]{8}-[0-9a-f]{24}\.cache$/);
        const file = join(cache, files[0]);
        const written = statSync(file).mtimeMs;

        const second = run({ MLOPS_COMPILE_CACHE: cache });
        expect(numbers(second.stdout)).toEqual(numbers(withoutCache.stdout));
        // Used, so not rewritten.
        expect(statSync(file).mtimeMs).toBe(written);

        writeFileSync(file, 'not a code cache');
        const damaged = run({ MLOPS_COMPILE_CACHE: cache });
        expect(damaged.status, damaged.stderr).toBe(0);
        expect(numbers(damaged.stdout)).toEqual(numbers(withoutCache.stdout));
        expect(readFileSync(file).length).toBeGreaterThan(100_000);

        // Another command keeps its own cache beside it.
        const validate = spawnSync(process.execPath, [cli, 'validate', 'examples/mm1.mlops'], { encoding: 'utf8', env: { ...process.env, MLOPS_COMPILE_CACHE: cache } });
        expect(validate.status, validate.stderr).toBe(0);
        expect(readdirSync(cache).filter(n => n.startsWith('cli-')).sort().map(n => n.split('-')[1])).toEqual(['simulate', 'validate']);
    }, 120_000);

    test('a checked model is reused for the same text and bundle, never after either changed', () => {
        const dir = mkdtempSync(join(tmpdir(), 'mlops-model-cache-'));
        const cache = join(dir, 'cache');
        const file = join(dir, 'm.mlops');
        const original = readFileSync('examples/mm1.mlops', 'utf8');
        writeFileSync(file, original);
        const run = (env: NodeJS.ProcessEnv = { MLOPS_COMPILE_CACHE: cache }) => {
            const r = spawnSync(process.execPath, [cli, 'simulate', file, '--json', '--horizon', '1h'], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
            expect(r.status, r.stderr).toBe(0);
            return { ...JSON.parse(r.stdout) as { processes: { name: string }[] }, wallSeconds: 0 };
        };
        const plain = () => run({ MLOPS_DISABLE_COMPILE_CACHE: '1' });
        const expected = plain();
        expect(run()).toEqual(expected);
        const entries = readdirSync(cache).filter(n => n.startsWith('model-'));
        expect(entries).toHaveLength(1);

        // The next command takes the model from the entry: one altered here shows in its output.
        const entryFile = join(cache, entries[0]);
        const entry = deserialize(readFileSync(entryFile)) as { key: string; load: { model: { processes: { name: string }[] } } };
        entry.load.model.processes[0].name = 'from-the-cache';
        writeFileSync(entryFile, serialize(entry));
        expect(run().processes[0].name).toBe('from-the-cache');

        // The file changed: checked again, as without any cache.
        writeFileSync(file, original.replace(/\n/, '\n// edited\n'));
        expect(run()).toEqual(plain());
        writeFileSync(file, original);
        expect(run().processes[0].name).toBe('from-the-cache');

        // The bundle changed (a new build): the old entry is not read.
        const bundle = join(dirname(cli), '..', 'out', 'cli', 'main.cjs');
        const source = readFileSync(bundle, 'utf8');
        writeFileSync(bundle, source + '\n// rebuilt\n');
        try {
            expect(run()).toEqual(expected);
        } finally {
            writeFileSync(bundle, source);
        }
    }, 120_000);

    test('an unwritable cache directory costs only the cache', () => {
        const notADirectory = join(mkdtempSync(join(tmpdir(), 'mlops-boot-')), 'file');
        writeFileSync(notADirectory, '');
        const r = spawnSync(process.execPath, [cli, 'validate', 'examples/mm1.mlops'], { encoding: 'utf8', env: { ...process.env, MLOPS_COMPILE_CACHE: join(notADirectory, 'cache') } });
        expect(r.status).toBe(0);
        expect(r.stderr).toMatch(/1 file checked: 0 errors/);
    }, 60_000);
});
