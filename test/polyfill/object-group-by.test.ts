import { describe, expect, it } from 'vitest';
import '../../src/polyfill/object-group-by.js';

type WithGroupBy = { groupBy<T, K extends PropertyKey>(items: Iterable<T>, key: (item: T, index: number) => K): Partial<Record<K, T[]>> };

describe('Object.groupBy (polyfilled on Node.js 20, native later)', () => {
    const { groupBy } = Object as unknown as WithGroupBy;

    it('groups an iterable by key in order, passing the index', () => {
        const groups = groupBy(new Set(['a', 'bb', 'cc', 'd']), (word, i) => `${word.length}:${i < 2}`);
        expect(groups).toEqual({ '1:true': ['a'], '2:true': ['bb'], '2:false': ['cc'], '1:false': ['d'] });
    });

    it('returns an object with no prototype, so keys like "constructor" are plain groups', () => {
        const groups = groupBy(['constructor', 'toString'], word => word);
        expect(Object.getPrototypeOf(groups)).toBeNull();
        expect(groups.constructor).toEqual(['constructor']);
    });

    it('is not enumerable on Object', () => {
        expect(Object.keys(Object)).not.toContain('groupBy');
    });
});
