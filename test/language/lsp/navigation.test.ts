import { afterEach, describe, expect, test } from 'vitest';
import { clearDocuments, expectFindReferences, expectGoToDefinition, expectSymbols, parseHelper } from 'langium/test';
import { SymbolKind, type DocumentSymbol, type TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { services, retail } from './helpers.js';

const parse = parseHelper(services);

/** Applies a rename at `offset` and returns the new text (or undefined when refused). */
async function rename(text: string, offset: number, newName: string): Promise<string | undefined> {
    const document = await parse(text);
    const params = { textDocument: { uri: document.uri.toString() }, position: document.textDocument.positionAt(offset), newName };
    const edit = await services.lsp.RenameProvider!.rename(document, params);
    const changes = edit?.changes?.[document.uri.toString()];
    if (!changes) {
        return undefined;
    }
    return TextDocument.applyEdits(TextDocument.create('x', 'mlops', 0, text), changes as TextEdit[]);
}

describe('navigation', () => {
    afterEach(() => clearDocuments(services.shared));

    test('outline: elements with their kinds, allocation lines as children', async () => {
        await expectSymbols(services)({
            text: retail,
            assert: (symbols: DocumentSymbol[]) => {
                expect(symbols).toHaveLength(1);
                const system = symbols[0];
                expect(system.name).toBe('retail');
                expect(system.kind).toBe(SymbolKind.Namespace);
                const kinds = new Map(system.children!.map(s => [s.name, s.kind]));
                expect(kinds.get('cpu_node')).toBe(SymbolKind.Class);
                expect(kinds.get('trainer')).toBe(SymbolKind.Struct);
                expect(kinds.get('train')).toBe(SymbolKind.Function);
                expect(kinds.get('training')).toBe(SymbolKind.Event);
                expect(kinds.get('optimize')).toBe(SymbolKind.Package);
                const allocation = system.children!.find(s => s.kind === SymbolKind.Object)!;
                expect(allocation.children!.map(c => c.name)).toContain('trainer on gpu_node x 2');
                expect(allocation.children!.some(c => c.name.startsWith('limit train to'))).toBe(true);
            }
        });
    });

    test('go to definition from a reference whose name is a soft keyword', async () => {
        await expectGoToDefinition(services)({
            text: 'system s\ncomponent <|monitor|> {}\nstep check { runs on mon<|>itor }',
            index: 0, rangeIndex: 0
        });
        await expectGoToDefinition(services)({
            text: 'system s\ncomponent <|time|> {}\nstep check { runs on ti<|>me }',
            index: 0, rangeIndex: 0
        });
    });

    test('find references lists the declaration and every use', async () => {
        await expectFindReferences(services)({
            text: 'system s\nserver a {}\ncomponent <|c<|>pu|> {}\nstep t { runs on <|cpu|> cpu 1 GHz*s }\nallocation x { <|cpu|> on a x 1 }',
            includeDeclaration: true
        });
    });

    test('rename renames the declaration and all references, soft-keyword names included', async () => {
        const text = 'system s\nserver a {}\ncomponent cpu {}\nstep t { runs on cpu cpu 1 GHz*s }\nallocation x { cpu on a x 1 }';
        const renamed = await rename(text, text.indexOf('cpu {}') + 1, 'worker');
        expect(renamed).toBe('system s\nserver a {}\ncomponent worker {}\nstep t { runs on worker cpu 1 GHz*s }\nallocation x { worker on a x 1 }');
        const fromReference = await rename(retail, retail.indexOf('steps load_features') + 8, 'loader');
        expect(fromReference?.match(/\bload_features\b/g)).toBeNull();
        expect(fromReference?.match(/\bloader\b/g)).toHaveLength(retail.match(/\bload_features\b/g)!.length);
    });

    test('workspace symbols list the elements of every file, filtered by the query', async () => {
        const a = await parse('system one\nserver gpu_node {}\ncomponent trainer {}');
        const b = await parse('system two\nserver cpu_node {}\nstep train {}');
        const symbols = await services.shared.lsp.WorkspaceSymbolProvider!.getSymbols({ query: 'node' });
        expect(symbols.map(s => `${s.containerName}/${s.name}`).sort()).toEqual(['one/gpu_node', 'two/cpu_node']);
        const train = await services.shared.lsp.WorkspaceSymbolProvider!.getSymbols({ query: 'train' });
        expect(train.map(s => s.name).sort()).toEqual(['train', 'trainer']);
        expect(train.find(s => s.name === 'train')!.kind).toBe(SymbolKind.Function);
        expect(train.find(s => s.name === 'trainer')!.location).toMatchObject({ uri: a.uri.toString() });
        expect(b.uri.toString()).not.toBe(a.uri.toString());
    });

    test('rename refuses a name that is not an identifier', async () => {
        const text = 'system s\ncomponent c {}';
        await expect(rename(text, text.indexOf('c {}'), '9lives')).rejects.toThrow(/not a valid name/);
        await expect(rename(text, text.indexOf('c {}'), 'server')).rejects.toThrow(/keyword/);
    });
});
