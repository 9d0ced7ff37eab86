/**
 * Redis URLs as users write them (`--redis`, the `mlops.optimizer.redis`
 * setting): the check, and the form shown in messages (without the
 * password). Pure; no Redis client is loaded for it.
 */

/** Why `url` is not a Redis URL, or undefined when it is one. */
export function redisUrlProblem(url: string): string | undefined {
    let parsed: URL;
    try {
        parsed = new URL(url);
    } catch {
        return `'${url}' is not a URL; write redis://HOST:PORT (or rediss:// for TLS)`;
    }
    if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
        return `'${redact(url)}' is not a Redis URL; write redis://HOST:PORT (or rediss:// for TLS)`;
    }
    if (!parsed.hostname) {
        return `'${redact(url)}' names no host; write redis://HOST:PORT`;
    }
    return undefined;
}

/** The URL without its password, for messages and logs. */
export function redact(url: string): string {
    try {
        const parsed = new URL(url);
        if (parsed.password) {
            parsed.password = '***';
        }
        return parsed.toString().replace(/\/$/, '');
    } catch {
        return url;
    }
}

