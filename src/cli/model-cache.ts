/**
 * The CLI's cache of checked models (docs/cli.md, "Start-up"): what loading
 * a model text gave (its diagnostics and, without errors, the model), kept in
 * the CLI's cache directory beside the code cache, so that a command on a
 * file that did not change since the last command skips building the
 * Langium parser and checking the file (about a third of a command's
 * start-up).
 *
 * A .mlops file refers to no other file, so what loading gives depends only
 * on its text and on the code that loads it: an entry is named and keyed by
 * a SHA-256 of the text and of the bundle's key (boot.ts: a hash of the
 * bundle's source, Node's version and the architecture; a new build or
 * another Node never reads an older entry). The full key is stored in the
 * entry and compared on reading. Entries are v8.serialize'd (the model is
 * plain data, given back structurally identical). Anything wrong with
 * the cache (no directory, unwritable, a damaged or foreign file) only costs
 * the cache. At most MAX_ENTRIES files are kept; the oldest go first.
 * Without boot.ts (tests, the language server) there is no cache.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { Diagnostic } from 'vscode-languageserver';
import type { Model } from '../model/types.js';

/** What loading a text gave. */
export interface CachedLoad {
    diagnostics: Diagnostic[];
    model?: Model;
}

/** Where boot.ts leaves the cache directory and the bundle's key for the bundle it runs. */
export const BUNDLE_INFO = Symbol.for('mlops-allocation.cli.bundle');
export interface BundleInfo { cacheDir: string; key: string }

export const MAX_ENTRIES = 64;
const PREFIX = 'model-';

export class ModelCache {
    constructor(private readonly dir: string, private readonly bundleKey: string) {}

    private keyOf(text: string): string {
        return createHash('sha256').update(this.bundleKey).update('\0').update(text).digest('hex');
    }

    private fileOf(key: string): string {
        return join(this.dir, `${PREFIX}${key.slice(0, 32)}.cache`);
    }

    /** What loading `text` gave, when a command of this bundle loaded the same text before. */
    get(text: string): CachedLoad | undefined {
        const key = this.keyOf(text);
        const file = this.fileOf(key);
        try {
            const entry = deserialize(readFileSync(file)) as { key?: unknown; load?: CachedLoad };
            if (entry?.key !== key || !entry.load || !Array.isArray(entry.load.diagnostics)) { return undefined; }
            try {
                // Recently used: pruned last.
                const now = new Date();
                utimesSync(file, now, now);
            } catch {
                // A read-only cache is still used.
            }
            return entry.load;
        } catch {
            return undefined;
        }
    }

    /** Keeps what loading `text` gave; written atomically, never throws. */
    set(text: string, load: CachedLoad): void {
        const key = this.keyOf(text);
        const file = this.fileOf(key);
        try {
            mkdirSync(this.dir, { recursive: true });
            const temporary = `${file}.${process.pid}.tmp`;
            writeFileSync(temporary, serialize({ key, load }));
            renameSync(temporary, file);
            this.prune();
        } catch {
            // An unwritable cache is only a slower next command.
        }
    }

    /** Removes the least recently used entries beyond MAX_ENTRIES. */
    private prune(): void {
        const names = readdirSync(this.dir).filter(n => n.startsWith(PREFIX) && n.endsWith('.cache'));
        if (names.length <= MAX_ENTRIES) { return; }
        const aged = names.map(n => {
            try {
                return { n, t: statSync(join(this.dir, n)).mtimeMs };
            } catch {
                return { n, t: 0 };
            }
        }).sort((a, b) => a.t - b.t);
        for (const { n } of aged.slice(0, names.length - MAX_ENTRIES)) { rmSync(join(this.dir, n), { force: true }); }
    }
}

/** The cache of the running bundle, when boot.ts started it with a cache directory. */
export function cliModelCache(): ModelCache | undefined {
    const info = (globalThis as Record<symbol, unknown>)[BUNDLE_INFO] as BundleInfo | undefined;
    return info && typeof info.cacheDir === 'string' && typeof info.key === 'string' && info.key.length > 0 ? new ModelCache(info.cacheDir, info.key) : undefined;
}
