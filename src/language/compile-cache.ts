/**
 * Runs a CommonJS bundle with V8's code cache, so that a second start of the
 * language server skips parsing and compiling its 0.8 MB of JavaScript (on
 * Node 22 `module.enableCompileCache` does this; VS Code's extension host
 * runs Node 20, which lacks it). The cache is a file in a directory the
 * caller owns (the extension's global storage), named after a hash of the
 * bundle and the Node version, written once a few seconds after the start
 * (so it holds the functions the start compiled), and ignored when V8 rejects
 * it. Anything wrong with the cache only costs the cache: the bundle runs.
 * The `mlops` command uses it too (src/cli/boot.ts): a command ends before
 * any timer, so its cache is written when the process exits, one cache per
 * `family` (each command compiles other functions).
 * Node built-ins only: this runs before the bundle.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

/** What happened to the cache: used, rejected by V8 (stale; rewritten), absent (written later), off (no directory). */
export type CacheOutcome = 'used' | 'rejected' | 'absent' | 'off';

/** Wraps CommonJS source as Node does (Module.wrap). */
const wrap = (source: string) => `(function (exports, require, module, __filename, __dirname) { ${source}\n});`;

/**
 * The cache file of `source` in `dir`: `family` (default `code`) and a hash of
 * the source, the Node version and the architecture. A new cache of a family
 * replaces the family's other files (older bundles).
 */
export function cacheFileOf(dir: string, source: string, family = 'code'): string {
    return join(dir, cacheName(family, sourceKey(source)));
}

function cacheName(family: string, key: string): string {
    return `${family}-${key.slice(0, 24)}.cache`;
}

/** A hash of `source`, the Node version and the architecture: what a cache made from this code by this Node depends on. */
export function sourceKey(source: string): string {
    return createHash('sha256').update(source).update(process.version).update(process.arch).digest('hex');
}

/** When a missing or stale cache is written: milliseconds after run() (an unref'd timer), or when the process exits. */
export type WriteWhen = number | 'exit';

/** A CommonJS file compiled (with its code cache when there is one), ready to run once. */
export interface PreparedModule {
    outcome: CacheOutcome;
    /** sourceKey of the file (when it has a cache directory): other caches of what this code computes key on it. */
    key?: string;
    run(): void;
}

/**
 * Compiles the CommonJS file `file` with its code cache in `cacheDir` (none
 * when undefined); `run()` then runs it as `require` would. Throws only
 * before anything of `file` ran (unreadable file, syntax error).
 * `write`: when a missing or stale cache is written; `family`: see cacheFileOf.
 */
export function prepareWithCompileCache(file: string, cacheDir: string | undefined, write: WriteWhen = 3000, family = 'code'): PreparedModule {
    const source = readFileSync(file, 'utf8');
    const key = cacheDir ? sourceKey(source) : undefined;
    const cacheFile = cacheDir && key ? join(cacheDir, cacheName(family, key)) : undefined;
    let cachedData: Buffer | undefined;
    if (cacheFile) {
        try {
            cachedData = readFileSync(cacheFile);
        } catch {
            cachedData = undefined;
        }
    }
    const script = new Script(wrap(source), { filename: file, cachedData });
    const outcome: CacheOutcome = !cacheFile ? 'off' : !cachedData ? 'absent' : script.cachedDataRejected ? 'rejected' : 'used';
    return {
        outcome,
        key,
        run: () => {
            if (cacheFile && outcome !== 'used') {
                if (write === 'exit') {
                    process.once('exit', () => writeCache(script, cacheFile, family));
                } else {
                    setTimeout(() => writeCache(script, cacheFile, family), write).unref();
                }
            }
            const module = { exports: {}, id: file, filename: file, loaded: false, children: [], paths: [] };
            const body = script.runInThisContext() as (...args: unknown[]) => void;
            body.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
            module.loaded = true;
        }
    };
}

/** Writes the code cache atomically and removes the family's caches of other versions. */
function writeCache(script: Script, cacheFile: string, family: string): void {
    try {
        const dir = dirname(cacheFile);
        mkdirSync(dir, { recursive: true });
        const temporary = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(temporary, script.createCachedData());
        renameSync(temporary, cacheFile);
        for (const name of readdirSync(dir)) {
            if (name.startsWith(`${family}-`) && /^[0-9a-f]+\.cache$/.test(name.slice(family.length + 1)) && join(dir, name) !== cacheFile) {
                rmSync(join(dir, name), { force: true });
            }
        }
    } catch {
        // A cache that cannot be written is only a slower next start.
    }
}
