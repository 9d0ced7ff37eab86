/**
 * The text of what travels through Redis (a run's model and settings, an
 * allocation, a result): JSON, except that numbers JSON cannot hold
 * (Infinity, NaN, -0: a criterion of an allocation that cannot be served is
 * Infinity) are written as one-key objects and read back as they were, and
 * `undefined` array entries read back as undefined (holes), not as null. A result decoded on the optimizer's side is then
 * exactly what the worker's simulator returned, so a front does not depend
 * on where it was computed. Pure.
 */

const NUMBER = '$mlopsNumber';
const UNDEFINED = '$mlopsUndefined';

function replace(this: unknown, _key: string, value: unknown): unknown {
    if (typeof value === 'number' && (!Number.isFinite(value) || Object.is(value, -0))) {
        return { [NUMBER]: Object.is(value, -0) ? '-0' : String(value) };
    }
    if (value === undefined && Array.isArray(this)) {
        return { [UNDEFINED]: true };
    }
    return value;
}

function revive(_key: string, value: unknown): unknown {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        const keys = Object.keys(value);
        if (keys.length === 1) {
            const record = value as Record<string, unknown>;
            if (keys[0] === NUMBER && typeof record[NUMBER] === 'string') {
                return Number(record[NUMBER]);
            }
            if (keys[0] === UNDEFINED) {
                return undefined;
            }
        }
    }
    return value;
}

export function encode(value: unknown): string {
    return JSON.stringify(value, replace);
}

export function decode<T>(text: string): T {
    return JSON.parse(text, revive) as T;
}
