/** The event list against a sorted reference: earliest time first, ties by entity number. */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { EventHeap } from '../../src/sim/heap.js';

describe('EventHeap', () => {
    test('set, reschedule and remove keep (time, entity) order', () => {
        const op = fc.oneof(
            fc.record({ kind: fc.constant('set' as const), entity: fc.integer({ min: 0, max: 19 }), time: fc.integer({ min: 0, max: 8 }) }),
            fc.record({ kind: fc.constant('remove' as const), entity: fc.integer({ min: 0, max: 19 }) }),
            fc.record({ kind: fc.constant('pop' as const) })
        );
        fc.assert(fc.property(fc.array(op, { maxLength: 200 }), ops => {
            const heap = new EventHeap(20);
            const reference = new Map<number, number>();
            for (const o of ops) {
                if (o.kind === 'set') {
                    heap.set(o.entity, o.time);
                    reference.set(o.entity, o.time);
                } else if (o.kind === 'remove') {
                    heap.remove(o.entity);
                    reference.delete(o.entity);
                } else if (reference.size > 0) {
                    const expected = [...reference].sort((a, b) => a[1] - b[1] || a[0] - b[0])[0][0];
                    expect(heap.top()).toBe(expected);
                    heap.remove(expected);
                    reference.delete(expected);
                }
                expect(heap.size).toBe(reference.size);
            }
        }), { numRuns: 300, seed: 7 });
    });
});
