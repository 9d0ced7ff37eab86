/**
 * The version `mlops --version` prints: the package's, read from its
 * package.json, two folders up both from the sources (src/cli/) and from the
 * bundle (out/cli/), so there is no second copy of the number to update.
 */
import { readFileSync } from 'node:fs';

export function packageVersion(): string {
    try {
        const json = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
        return typeof json.version === 'string' ? json.version : 'unknown';
    } catch {
        return 'unknown';
    }
}
