import { describe, expect, test } from 'vitest';
import { diffAllocations, isEmptyDiff } from '../../src/model/allocation-diff.js';
import type { AllocationMatrix } from '../../src/model/types.js';

const current: AllocationMatrix = {
    instances: { feature_store: { cpu: 1 }, scorer: { cpu: 4 }, trainer: { gpu: 2 }, monitor: { cpu: 3 } },
    permanent: { feature_store: ['cpu'], scorer: ['cpu'] },
    limits: { train: 2, score: 8 }
};

describe('diff of a solution against current', () => {
    test('the same allocation has no changes', () => {
        const same = JSON.parse(JSON.stringify(current)) as AllocationMatrix;
        expect(isEmptyDiff(diffAllocations(current, same))).toBe(true);
    });

    test('moved, added and removed instances, largest change first', () => {
        const after: AllocationMatrix = {
            // scorer: 2 of 4 move to gpu and 1 more is added there; monitor: 2 removed; trainer unchanged; feature_store moves entirely
            instances: { feature_store: { gpu: 1 }, scorer: { cpu: 2, gpu: 3 }, trainer: { gpu: 2 }, monitor: { cpu: 1 } },
            permanent: { feature_store: ['cpu'], scorer: ['cpu'] },
            limits: { train: 2, score: 8 }
        };
        const d = diffAllocations(current, after);
        expect(d.components).toEqual([
            { component: 'scorer', before: { cpu: 4, gpu: 0 }, after: { cpu: 2, gpu: 3 }, moved: 2, added: 1, removed: 0 },
            { component: 'monitor', before: { cpu: 3 }, after: { cpu: 1 }, moved: 0, added: 0, removed: 2 },
            { component: 'feature_store', before: { cpu: 1, gpu: 0 }, after: { cpu: 0, gpu: 1 }, moved: 1, added: 0, removed: 0 }
        ]);
        expect(d.permanent).toEqual([]);
        expect(d.limits).toEqual([]);
    });

    test('a component that appears or disappears; permanent flags switched; limits changed, set and dropped', () => {
        const after: AllocationMatrix = {
            instances: { feature_store: { cpu: 1 }, scorer: { cpu: 4 }, trainer: { gpu: 2 }, drift: { cpu: 1 } },
            permanent: { feature_store: [], scorer: ['cpu'], trainer: ['gpu'] },
            limits: { train: 3, evaluate: 1 }
        };
        const d = diffAllocations(current, after);
        expect(d.components).toEqual([
            { component: 'monitor', before: { cpu: 3 }, after: { cpu: 0 }, moved: 0, added: 0, removed: 3 },
            { component: 'drift', before: { cpu: 0 }, after: { cpu: 1 }, moved: 0, added: 1, removed: 0 }
        ]);
        expect(d.permanent).toEqual([
            { component: 'feature_store', server: 'cpu', permanent: false },
            { component: 'trainer', server: 'gpu', permanent: true }
        ]);
        expect(d.limits).toEqual([
            { step: 'train', before: 2, after: 3 },
            { step: 'score', before: 8, after: null },
            { step: 'evaluate', before: null, after: 1 }
        ]);
        expect(isEmptyDiff(d)).toBe(false);
    });
});
