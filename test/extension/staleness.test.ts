import { describe, expect, test } from 'vitest';
import { isStale } from '../../src/extension/staleness.js';

const origin = { uri: 'file:///w/fraud.mlops', version: 7 };

describe('results are stale when the model changed after the run', () => {
    test('an edit of the source document makes them stale; of another document it does not', () => {
        expect(isStale(origin, { uri: origin.uri, version: 8, edited: true })).toBe(true);
        expect(isStale(origin, { uri: 'file:///w/other.mlops', version: 8, edited: true })).toBe(false);
    });

    test('at the end of a run: the same version is fresh, another version (edited during the run) is stale', () => {
        expect(isStale(origin, { uri: origin.uri, version: 7, edited: false })).toBe(false);
        expect(isStale(origin, { uri: origin.uri, version: 9, edited: false })).toBe(true);
    });

    test('a revived view (version unknown) goes stale on the first edit only', () => {
        const revived = { uri: origin.uri, version: undefined };
        expect(isStale(revived, { uri: origin.uri, version: 3, edited: false })).toBe(false);
        expect(isStale(revived, { uri: origin.uri, version: 4, edited: true })).toBe(true);
    });
});
