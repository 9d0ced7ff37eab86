/**
 * Test helpers: validate a text with the real services (langium/test's
 * validationHelper) and find diagnostics by code and by the text they mark.
 */
import { EmptyFileSystem, GrammarUtils, type AstNode } from 'langium';
import { clearDocuments, expectError, expectWarning, validationHelper, type ValidationResult } from 'langium/test';
import type { Diagnostic } from 'vscode-languageserver';
import { expect } from 'vitest';
import { createMlopsServices } from '../../../src/language/mlops-module.js';
import type * as ast from '../../../src/language/generated/ast.js';

export const services = createMlopsServices(EmptyFileSystem);
const validate = validationHelper<ast.Model>(services.Mlops);

export async function check(text: string): Promise<ValidationResult<ast.Model>> {
    return validate(text);
}

export async function clear(): Promise<void> {
    await clearDocuments(services.shared);
}

export function codeOf(d: Diagnostic): string | undefined {
    return (d.data as { code?: string } | undefined)?.code;
}

export function withCode(result: ValidationResult, code: string): Diagnostic[] {
    return result.diagnostics.filter(d => codeOf(d) === code);
}

/** The element of the file with this type and name. */
export function element<T extends AstNode>(result: ValidationResult<ast.Model>, type: string, name: string): T {
    const found = result.document.parseResult.value.elements.find(e => e.$type === type && (e as { name?: string }).name === name);
    if (!found) {
        throw new Error(`no ${type} ${name}`);
    }
    return found as unknown as T;
}

/** The text a diagnostic marks. */
export function marked(result: ValidationResult, d: Diagnostic): string {
    return result.document.textDocument.getText(d.range);
}

/**
 * Exactly one diagnostic with `code` and `severity` (1 error, 2 warning),
 * marking the text of `node`'s `property` (or the whole node); returns it.
 */
export function expectOne(result: ValidationResult, code: string, severity: 1 | 2, node: AstNode, property?: string, index?: number): Diagnostic {
    const found = withCode(result, code);
    expect(found.map(d => d.message), `diagnostics with code ${code}: ${JSON.stringify(result.diagnostics.map(d => [codeOf(d), d.message]))}`).toHaveLength(1);
    const d = found[0];
    expect(d.severity).toBe(severity);
    const cst = property ? GrammarUtils.findNodeForProperty(node.$cstNode, property, index) : node.$cstNode;
    expect(cst, `no text for ${property}`).toBeDefined();
    expect(d.range).toEqual(cst!.range);
    // The same through langium/test (the LSP `code` mirrors data.code).
    const expectIt = severity === 1 ? expectError : expectWarning;
    expectIt(result, d.message as string, property ? { node, property: { name: property as never, index }, code } : { node, code });
    return d;
}

/** A small valid model; `parts` replace its pieces by key. */
export function model(parts: Partial<Record<'servers' | 'components' | 'steps' | 'processes' | 'rest', string>> = {}): string {
    return [
        'system test',
        parts.servers ?? 'server node { cpu 32 GHz ram 64 GB price 1 EUR/h count 2 }',
        parts.components ?? 'component c { idle cpu 0.5 GHz ram 1 GB }',
        parts.steps ?? 'step st { runs on c cpu 1 GHz*s ram 100 MB }',
        parts.processes ?? 'process p { steps st every exponential(mean 10 s) deadline 5 s }',
        parts.rest ?? ''
    ].join('\n');
}
