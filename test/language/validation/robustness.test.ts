/**
 * Bad input gives diagnostics, never a throw or a hang: binary garbage, a
 * 10 MB file, deeply nested and unterminated comments, huge and negative
 * numbers, deep nesting of braces.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { loadModel } from '../../../src/language/load.js';
import { Codes } from '../../../src/language/validation/codes.js';
import { MAX_SYNTAX_ERRORS } from '../../../src/language/validation/document-validator.js';
import { clear, codeOf } from './helpers.js';

afterEach(clear);

/** A deterministic pseudo-random byte string (xorshift), so failures reproduce. */
function garbage(length: number, seed = 12345): string {
    let x = seed;
    let out = '';
    for (let i = 0; i < length; i++) {
        x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
        out += String.fromCharCode((x >>> 0) % 256);
    }
    return out;
}

describe('robustness', () => {
    test('binary garbage: syntax errors, capped, no model', async () => {
        const result = await loadModel(garbage(100_000));
        expect(result.model).toBeUndefined();
        expect(result.diagnostics.length).toBeGreaterThan(0);
        expect(result.diagnostics.length).toBeLessThanOrEqual(MAX_SYNTAX_ERRORS + 1);
        expect(result.diagnostics.every(d => codeOf(d) === Codes.syntax)).toBe(true);
    });

    test('an empty file and a file of whitespace: one syntax error', async () => {
        for (const text of ['', '   \n\n\t']) {
            const result = await loadModel(text);
            expect(result.diagnostics.map(codeOf)).toEqual([Codes.syntax]);
        }
    });

    test('a 10 MB file (10k servers, each with a 1 kB doc comment) is parsed and checked', async () => {
        // Mostly comments, so that the test stays in seconds on a shared machine; the element-dense
        // case is measured by bench/language.ts (linear, see docs/benchmarks.md).
        const doc = `/** ${'x'.repeat(1000)} */\n`;
        const parts: string[] = ['system big\noptimize { seed 1 }\n'];
        let size = parts[0].length;
        for (let i = 0; size < 10_000_000; i++) {
            const l = `${doc}server s${i} { cpu 32 GHz ram 64 GB price 1 EUR/h count 2 }\n`;
            parts.push(l);
            size += l.length;
        }
        const result = await loadModel(parts.join(''));
        expect(result.diagnostics).toEqual([]);
        expect(result.model!.servers.length).toBe(parts.length - 1);
        expect(result.model!.servers[0].doc).toBe('x'.repeat(1000));
    }, 300_000);

    test('an unterminated comment is one error and takes linear time (no retry at every /*)', async () => {
        const text = 'system s\nserver a { cpu 1 GHz ram 1 GB price 1 EUR/h }\n/* never closed ' + '/* /* '.repeat(200_000);
        const result = await loadModel(text);
        const syntax = result.diagnostics.filter(d => codeOf(d) === Codes.syntax);
        expect(syntax).toHaveLength(1);
        expect(syntax[0].message).toContain("never closed");
        expect(syntax[0].range.start).toEqual({ line: 2, character: 0 });
    });

    test('nested block comments do not nest: the first */ closes', async () => {
        const result = await loadModel('system s /* a /* b */ c */\nserver a { cpu 1 GHz ram 1 GB price 1 EUR/h }');
        expect(result.diagnostics.some(d => codeOf(d) === Codes.syntax)).toBe(true);
        const ok = await loadModel('system s /* a /* b */\nserver a { cpu 1 GHz ram 1 GB price 1 EUR/h }');
        expect(ok.diagnostics).toEqual([]);
    });

    test('deeply nested braces and parentheses: syntax errors, no stack overflow', async () => {
        const result = await loadModel('system s\nserver a ' + '{'.repeat(50_000) + '}'.repeat(50_000) + '\nstep x { cpu ' + 'constant('.repeat(10_000) + '1 GHz*s' + ')'.repeat(10_000) + ' }');
        expect(result.diagnostics.length).toBeGreaterThan(0);
        expect(result.diagnostics.every(d => codeOf(d) === Codes.syntax || d.severity === 1)).toBe(true);
    });

    test('1e400, -1 and 1e308 * 3600 are diagnostics, not Infinity in the model', async () => {
        const result = await loadModel(`system s
server a { cpu 1e400 GHz ram 64 GB price 1 EUR/h count -1 }
component c { idle cpu 0.1 GHz ram 1 GB startup 1e308 h }
step st { runs on c cpu 1 GHz*s threads -2 }
process p { steps st every exponential(mean 10 s) }`);
        expect(result.model).toBeUndefined();
        const codes = result.diagnostics.map(d => `${codeOf(d)}@${d.range.start.line + 1}`).sort();
        expect(codes).toEqual([`${Codes.invalidNumber}@2`, `${Codes.invalidNumber}@3`, `${Codes.nonPositive}@2`, `${Codes.nonPositive}@4`]);
    });

    test('a truncated file (every prefix of the retail example) never throws', async () => {
        const { readFileSync } = await import('node:fs');
        const text = readFileSync('examples/retail.mlops', 'utf8');
        for (let end = 0; end <= text.length; end += 97) {
            const result = await loadModel(text.slice(0, end));
            expect(Array.isArray(result.diagnostics)).toBe(true);
        }
    }, 120_000);
});

describe('a failing check', () => {
    test('becomes one internal-error diagnostic; the other checks still report', async () => {
        const { EmptyFileSystem } = await import('langium');
        const { validationHelper } = await import('langium/test');
        const { createMlopsServices } = await import('../../../src/language/mlops-module.js');
        const { INTERNAL_ERROR } = await import('../../../src/language/validation/mlops-validator.js');
        const broken = createMlopsServices(EmptyFileSystem).Mlops;
        broken.model.ModelBuilder.build = () => { throw new Error('boom'); };
        const result = await validationHelper(broken)('system s\nserver a { cpu 4 ram 1 GB price 1 EUR/h }');
        const codes = result.diagnostics.map(codeOf).sort();
        expect(codes).toEqual([INTERNAL_ERROR, Codes.missingUnit]);
        expect(result.diagnostics.find(d => codeOf(d) === INTERNAL_ERROR)!.message).toContain('boom');
    });
});

describe('validation categories', () => {
    test('the unterminated-comment error comes with the built-in category only, so it is never doubled', async () => {
        const { services } = await import('./helpers.js');
        const { URI } = await import('langium');
        const document = services.shared.workspace.LangiumDocumentFactory.fromString('system s /* open', URI.parse('memory:///categories.mlops'));
        services.shared.workspace.LangiumDocuments.addDocument(document);
        await services.shared.workspace.DocumentBuilder.build([document], { validation: false });
        const validator = services.Mlops.validation.DocumentValidator;
        const builtIn = await validator.validateDocument(document, { categories: ['built-in', 'fast'] });
        const slow = await validator.validateDocument(document, { categories: ['slow'] });
        expect(builtIn.filter(d => String(d.message).includes('never closed'))).toHaveLength(1);
        expect(slow).toEqual([]);
    });
});
