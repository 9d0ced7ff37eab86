/**
 * Where boot.ts keeps the CLI's code cache, and which cache a command line
 * uses. Node built-ins only (it runs before the bundle).
 */
import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { COMMAND_NAMES } from './command-names.js';

/**
 * MLOPS_DISABLE_COMPILE_CACHE=1: none; MLOPS_COMPILE_CACHE=DIR: that
 * directory; else the user's cache directory (never a shared one such as
 * /tmp: the cache is code that this process runs).
 */
export function cacheDirectory(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, home: string): string | undefined {
    if (env.MLOPS_DISABLE_COMPILE_CACHE && env.MLOPS_DISABLE_COMPILE_CACHE !== '0') {
        return undefined;
    }
    if (env.MLOPS_COMPILE_CACHE) {
        return env.MLOPS_COMPILE_CACHE;
    }
    const base = platform === 'win32' ? env.LOCALAPPDATA || (home && join(home, 'AppData', 'Local'))
        : platform === 'darwin' ? home && join(home, 'Library', 'Caches')
            : env.XDG_CACHE_HOME || (home && join(home, '.cache'));
    return base ? join(base, 'mlops-allocation', 'compile-cache') : undefined;
}

/** The cache family of a command line: the command and the bundle's path (two installations keep their own caches). */
export function cacheFamily(argv: string[], bundle: string): string {
    const word = argv[0];
    const command = (COMMAND_NAMES as readonly string[]).includes(word) ? word : 'other';
    return `cli-${command}-${createHash('sha256').update(bundle).digest('hex').slice(0, 8)}`;
}

export function userHome(): string {
    try {
        return homedir();
    } catch {
        return '';
    }
}
