import { afterEach, describe, expect, test } from 'vitest';
import { clearDocuments, parseHelper } from 'langium/test';
import { services, retail } from './helpers.js';

const parse = parseHelper(services);

describe('code lens', () => {
    afterEach(() => clearDocuments(services.shared));

    test('Optimize Allocation above the optimize block, with the document URI', async () => {
        const document = await parse(retail);
        const lenses = (await services.lsp.CodeLensProvider!.provideCodeLens(document, { textDocument: { uri: document.uri.toString() } }))!
            .filter(l => l.command?.command === 'mlops.optimizeAllocation');
        expect(lenses).toHaveLength(1);
        const line = retail.split('\n').findIndex(l => l.startsWith('optimize'));
        expect(lenses![0].range.start.line).toBe(line);
        expect(lenses![0].command).toEqual({ title: 'Optimize Allocation', command: 'mlops.optimizeAllocation', arguments: [document.uri.toString()] });
    });

    test('Simulate above each allocation block, with the URI and the allocation name', async () => {
        const document = await parse(retail);
        const lenses = (await services.lsp.CodeLensProvider!.provideCodeLens(document, { textDocument: { uri: document.uri.toString() } }))!
            .filter(l => l.command?.title === 'Simulate');
        const lines = retail.split('\n');
        const blocks = lines.flatMap((l, i) => /^allocation\s+(\w+)/.test(l) ? [{ line: i, name: /^allocation\s+(\w+)/.exec(l)![1] }] : []);
        expect(blocks.length).toBeGreaterThan(0);
        expect(lenses.map(l => ({ line: l.range.start.line, name: l.command!.arguments![1] }))).toEqual(blocks);
        expect(lenses.every(l => l.command!.command === 'mlops.simulateAllocation' && l.command!.arguments![0] === document.uri.toString())).toBe(true);
    });

    test('above the system line when there is no optimize block', async () => {
        const document = await parse('// header\n\nsystem s\nserver a {}');
        const lenses = await services.lsp.CodeLensProvider!.provideCodeLens(document, { textDocument: { uri: document.uri.toString() } });
        expect(lenses![0].range.start.line).toBe(2);
    });
});

describe('folding', () => {
    afterEach(() => clearDocuments(services.shared));

    test('every multi-line block folds', async () => {
        const text = 'system s\nserver a {\n    cpu 1 GHz\n    ram 1 GB\n}\ncomponent c { }\nallocation x {\n    c on a x 1\n}\n';
        const document = await parse(text);
        const ranges = await services.lsp.FoldingRangeProvider!.getFoldingRanges(document, { textDocument: { uri: document.uri.toString() } });
        const starts = ranges.map(r => r.startLine);
        expect(starts).toContain(1);
        expect(starts).toContain(6);
        expect(starts).not.toContain(5);
    });
});
