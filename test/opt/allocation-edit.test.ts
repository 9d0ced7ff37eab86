import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyTextEdit, upsertAllocationEdit } from '../../src/model/allocation-edit.js';
import type { AllocationDef } from '../../src/model/types.js';
import { parseModel } from '../../src/language/load.js';

const optimized: AllocationDef = {
    name: 'optimized',
    placements: [
        { component: 'a', server: 'big', instances: 2, permanent: true },
        { component: 'bb', server: 'small', instances: 1, permanent: false }
    ],
    limits: { s1: 2 }
};
const block = 'allocation optimized {\n    a  on big x 2 permanent\n    bb on small x 1\n    limit s1 to 2\n}';

function upsert(text: string, allocation = optimized): string {
    return applyTextEdit(text, upsertAllocationEdit(text, allocation));
}

describe('upsertAllocationEdit', () => {
    it('replaces an existing block of the same name and keeps everything else byte for byte', () => {
        const before = 'system s\n/** doc */\nallocation optimized {\n  x on y x 9 // old { }\n  label "a } b"\n}\n// tail\n';
        const after = upsert(before);
        expect(after).toBe(`system s\n/** doc */\n${block}\n// tail\n`);
    });

    it('ignores the name inside comments and strings and in other block kinds', () => {
        const before = 'system s\n// allocation optimized { }\n/* allocation optimized {} */\n'
            + 'server optimized { label "allocation optimized {" }\nallocation current {\n}\n';
        const after = upsert(before);
        expect(after).toBe(before.replace('allocation current {\n}', `allocation current {\n}\n\n${block}`));
    });

    it('inserts after the last allocation when there is none of that name', () => {
        const before = 'system s\nallocation a1 { }\nallocation a2 {\n}\n\noptimize { seed 1 }\n';
        expect(upsert(before)).toBe(`system s\nallocation a1 { }\nallocation a2 {\n}\n\n${block}\n\noptimize { seed 1 }\n`);
    });

    it('inserts before the optimize block and the comments leading into it', () => {
        const before = 'system s\nserver x { } // trailing\n// settings\n/* more */\noptimize {\n}\n';
        expect(upsert(before)).toBe(`system s\nserver x { } // trailing\n${block}\n\n// settings\n/* more */\noptimize {\n}\n`);
    });

    it('appends at the end otherwise, with or without a final newline', () => {
        expect(upsert('system s\n')).toBe(`system s\n\n${block}\n`);
        expect(upsert('system s')).toBe(`system s\n\n${block}\n`);
    });

    it('keeps CRLF line endings', () => {
        const after = upsert('system s\r\nserver x { }\r\n');
        expect(after).toBe(`system s\r\nserver x { }\r\n\r\n${block.replace(/\n/g, '\r\n')}\r\n`);
    });

    it('is idempotent: writing the same allocation twice gives the same text', () => {
        const text = readFileSync('examples/retail.mlops', 'utf8');
        const retail: AllocationDef = {
            name: 'optimized',
            placements: [
                { component: 'feature_store', server: 'cpu_node', instances: 1, permanent: false },
                { component: 'trainer', server: 'gpu_node', instances: 1, permanent: false },
                { component: 'scorer', server: 'cpu_node', instances: 2, permanent: true },
                { component: 'monitor', server: 'cpu_node', instances: 1, permanent: false }
            ],
            limits: {}
        };
        const once = upsert(text, retail);
        expect(upsert(once, retail)).toBe(once);
        const edit = upsertAllocationEdit(text, retail);
        expect(edit.length).toBe(0);
        expect(once.slice(0, edit.offset) + once.slice(edit.offset + edit.newText.length)).toBe(text);
    });

    it('produces a file that parses, with the allocation in the model', async () => {
        const text = readFileSync('examples/retail.mlops', 'utf8');
        const current = (await parseModel(text)).allocations[0];
        const retail: AllocationDef = {
            name: 'optimized',
            placements: current.placements.map((p, i) => ({ ...p, instances: p.instances + (i % 2), permanent: i === 0 })),
            limits: {}
        };
        const model = await parseModel(upsert(text, retail));
        const found = model.allocations.find(a => a.name === 'optimized');
        expect(found?.placements).toEqual(retail.placements);
        expect(found?.limits).toEqual({});
        expect(model.allocations.map(a => a.name)).toEqual([...(await parseModel(text)).allocations.map(a => a.name), 'optimized']);
    });
});
