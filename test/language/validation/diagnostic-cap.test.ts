/**
 * A file with more diagnostics than the cap keeps the first MAX_DIAGNOSTICS
 * and one summary that counts the rest by severity, and is still a file with
 * errors (issue 12, item 2: beyond about 100,000 diagnostics Langium's
 * collection overflowed the stack and the file looked clean).
 */
import { EmptyFileSystem } from 'langium';
import { parseHelper } from 'langium/test';
import { afterEach, describe, expect, test } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver';
import { validateFiles } from '../../../src/cli/validate.js';
import type * as ast from '../../../src/language/generated/ast.js';
import { createMlopsServices } from '../../../src/language/mlops-module.js';
import { capDiagnostics, MAX_DIAGNOSTICS, TOO_MANY_DIAGNOSTICS } from '../../../src/language/validation/diagnostic-cap.js';
import { INTERNAL_ERROR } from '../../../src/language/validation/mlops-validator.js';
import { clear, codeOf } from './helpers.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

afterEach(clear);

const at = (line: number, severity: 1 | 2): Diagnostic => ({
    severity, message: `d${line}`, range: { start: { line, character: 0 }, end: { line, character: 1 } }
});

/** `components` components with three unit-less quantities each: three missing-unit errors per line. */
function manyErrors(components: number): string {
    const lines = ['system big', 'server n { cpu 8 GHz ram 16 GB price 1 EUR/h }'];
    for (let i = 0; i < components; i++) {
        lines.push(`component c${i} { idle cpu 1 ram 1 startup 1 }`);
    }
    return lines.join('\n') + '\n';
}

describe('capDiagnostics', () => {
    test('keeps the first N in order and summarizes the rest as an error when an error was left out', () => {
        const all = [at(0, 2), at(1, 1), at(2, 2), at(3, 2), at(4, 1)];
        const capped = capDiagnostics(all, 2);
        expect(capped.slice(0, 2)).toEqual(all.slice(0, 2));
        expect(capped).toHaveLength(3);
        const summary = capped[2];
        expect(summary.severity).toBe(1);
        expect(summary.range).toEqual(all[2].range);
        expect(summary.data).toEqual({ code: TOO_MANY_DIAGNOSTICS, errors: 1, warnings: 2, others: 0 });
        expect(summary.message).toBe('3 more diagnostics not shown (1 error, 2 warnings); only the first 2 are listed');
    });

    test('only warnings left out: the summary is a warning; nothing left out: no summary', () => {
        expect(capDiagnostics([at(0, 1), at(1, 2)], 1)[1].severity).toBe(2);
        expect(capDiagnostics([at(0, 1), at(1, 2)], 2)).toHaveLength(2);
    });

    test('a summary from an earlier cap is merged into the next one, not counted as one diagnostic', () => {
        const first = capDiagnostics([at(0, 1), at(1, 1), at(2, 1)], 1);
        const again = capDiagnostics([at(5, 2), ...first], 1);
        expect(again).toHaveLength(2);
        expect(again[1].data).toEqual({ code: TOO_MANY_DIAGNOSTICS, errors: 3, warnings: 0, others: 0 });
    });
});

describe('a file with 150,000 errors (beyond what Langium could collect)', () => {
    test('mlops validate lists the capped diagnostics, counts all the errors and exits 1', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'mlops-cap-'));
        const file = join(dir, 'big.mlops');
        writeFileSync(file, manyErrors(50_000));
        const out: string[] = [];
        const err: string[] = [];
        const code = await validateFiles([file], { out: l => out.push(l), err: l => err.push(l) });
        expect(code).toBe(1);
        expect(out).toHaveLength(MAX_DIAGNOSTICS + 1);
        expect(out.slice(0, MAX_DIAGNOSTICS).every(l => l.includes(' error missing-unit: '))).toBe(true);
        expect(out[MAX_DIAGNOSTICS]).toContain(`error ${TOO_MANY_DIAGNOSTICS}: 149,000 more diagnostics not shown (149,000 errors)`);
        expect(err).toEqual(['1 file checked: 150000 errors, 0 warnings']);
    }, 120_000);
});

describe('a failure while checking', () => {
    test('becomes an internal-error on the file instead of a clean file', async () => {
        const services = createMlopsServices(EmptyFileSystem);
        // A failure of the traversal itself (Langium wraps each registered check, not the walk over the tree).
        const validator = services.Mlops.validation.DocumentValidator as unknown as { validateAstNodes: () => Promise<void> };
        validator.validateAstNodes = () => Promise.reject(new RangeError('Maximum call stack size exceeded'));
        const parse = parseHelper<ast.Model>(services.Mlops);
        const document = await parse('system s\nserver n { cpu 8 GHz ram 16 GB price 1 EUR/h }\n', { validation: true });
        const internal = (document.diagnostics ?? []).filter(d => codeOf(d) === INTERNAL_ERROR);
        expect(internal).toHaveLength(1);
        expect(internal[0].severity).toBe(1);
        expect(internal[0].message).toContain('Maximum call stack size exceeded');
    });
});
