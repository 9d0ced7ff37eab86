import { afterEach, describe, expect, test } from 'vitest';
import { clearDocuments, parseHelper, testCodeAction, validationHelper } from 'langium/test';
import { CodeAction, type Diagnostic, type TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { services } from './helpers.js';
import { Codes } from '../../../src/language/validation/codes.js';
import { loadModel } from '../../../src/language/load.js';

const validate = validationHelper(services);
const parse = parseHelper(services);

async function actionsFor(text: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
    const document = await parse(text);
    const actions = await services.lsp.CodeActionProvider!.getCodeActions(document, {
        textDocument: { uri: document.uri.toString() }, range: diagnostic.range,
        context: { diagnostics: [diagnostic], triggerKind: 1 }
    });
    return (actions ?? []).filter(CodeAction.is);
}

function apply(text: string, action: CodeAction): string {
    const edits = Object.values(action.edit?.changes ?? {})[0] as TextEdit[];
    return TextDocument.applyEdits(TextDocument.create('x', 'mlops', 0, text), edits);
}

/** Validates `text`, takes its one diagnostic with `code`, and returns the actions offered for it. */
async function actionsForCode(text: string, code: string): Promise<CodeAction[]> {
    const result = await validate(text);
    const relevant = result.diagnostics.filter(d => (d.data as { code?: string } | undefined)?.code === code);
    expect(relevant, `diagnostics with ${code}`).toHaveLength(1);
    return actionsFor(text, relevant[0]);
}

async function codesOf(text: string): Promise<string[]> {
    const result = await validate(text);
    return result.diagnostics.map(d => (d.data as { code: string }).code);
}

const base = `system s
server small { cpu 8 GHz ram 4 GB price 1 EUR/h count 1 }
server big { cpu 64 GHz ram 256 GB price 5 EUR/h count 2 }
component api { idle cpu 0.5 GHz ram 1 GB }
component db { idle cpu 1 GHz ram 8 GB }
step read { runs on db cpu 1 GHz*s ram 1 GB }
step serve { runs on api cpu 1 GHz*s }
process p { steps read -> serve every exponential(mean 10 s) }
`;

describe('quick fixes from constructed diagnostics', () => {
    afterEach(() => clearDocuments(services.shared));

    const at = (line: number, from: number, to: number) => ({ start: { line, character: from }, end: { line, character: to } });

    test('unresolved name: one action per suggestion, the first preferred', async () => {
        const text = 'system s\ncomponent worker {}\nstep a { runs on wroker }';
        const diagnostic: Diagnostic = { range: at(2, 17, 23), message: 'unknown', data: { code: Codes.unresolvedName, suggestions: ['worker', 'walker'] } };
        const actions = await actionsFor(text, diagnostic);
        expect(actions.map(a => a.title)).toEqual(["Change to 'worker'", "Change to 'walker'"]);
        expect(actions.map(a => a.isPreferred)).toEqual([true, false]);
        expect(apply(text, actions[0])).toBe('system s\ncomponent worker {}\nstep a { runs on worker }');
    });

    test('missing unit: inserts the unit after the number', async () => {
        const text = 'system s\nserver a { ram 64 }';
        const diagnostic: Diagnostic = { range: at(1, 15, 17), message: 'no unit', data: { code: Codes.missingUnit, units: ['GB', 'MB'] } };
        const actions = await actionsFor(text, diagnostic);
        expect(actions[0].isPreferred).toBe(true);
        expect(apply(text, actions[0])).toBe('system s\nserver a { ram 64 GB }');
        expect(apply(text, actions[1])).toBe('system s\nserver a { ram 64 MB }');
    });

    test('wrong unit: replaces the unit', async () => {
        const text = 'system s\nserver a { ram 4 GHz }';
        const diagnostic: Diagnostic = { range: at(1, 17, 20), message: 'wrong', data: { code: Codes.wrongUnit, units: ['GB'] } };
        expect(apply(text, (await actionsFor(text, diagnostic))[0])).toBe('system s\nserver a { ram 4 GB }');
    });

    test('missing instance: adds a line on a server kind where the component fits', async () => {
        const text = base + 'allocation now {\n    api on small x 1\n}\n';
        const diagnostic: Diagnostic = { range: at(9, 11, 14), message: 'missing', data: { code: Codes.missingInstance, component: 'db', allocation: 'now' } };
        const actions = await actionsFor(text, diagnostic);
        // db needs 8 GB idle RAM plus 1 GB for its step: it does not fit on `small` (4 GB).
        expect(actions.map(a => a.title)).toEqual(["Add 'db on big x 1' to allocation now"]);
        expect(apply(text, actions[0])).toBe(base + 'allocation now {\n    api on small x 1\n    db on big x 1\n}\n');
    });

    test('a diagnostic without a known code gets no action', async () => {
        const diagnostic: Diagnostic = { range: at(0, 0, 1), message: 'x', data: { code: 'something-else' } };
        expect(await actionsFor('system s', diagnostic)).toEqual([]);
    });
});

describe('quick fixes on real diagnostics', () => {
    afterEach(() => clearDocuments(services.shared));

    test('unresolved name: the fix resolves the name', async () => {
        await testCodeAction(services)(
            'system s\ncomponent worker {}\nstep a { runs on wroker }',
            Codes.unresolvedName,
            'system s\ncomponent worker {}\nstep a { runs on worker }'
        );
    });

    test('missing unit: the preferred fix removes the error', async () => {
        const text = base.replace('ram 4 GB', 'ram 4');
        const actions = await actionsForCode(text, Codes.missingUnit);
        const preferred = actions.find(a => a.isPreferred)!;
        expect(preferred.title).toMatch(/Add unit/);
        const fixed = apply(text, preferred);
        expect(fixed).toMatch(/ram 4 [A-Za-z]+B /);
        expect(await codesOf(fixed)).not.toContain(Codes.missingUnit);
    });

    test('wrong unit: the preferred fix removes the error', async () => {
        const text = base.replace('ram 256 GB', 'ram 256 GHz');
        const actions = await actionsForCode(text, Codes.wrongUnit);
        const fixed = apply(text, actions.find(a => a.isPreferred)!);
        expect(await codesOf(fixed)).not.toContain(Codes.wrongUnit);
    });

    test('missing instance: the fixed allocation is valid and places the component where it fits', async () => {
        const text = base + 'allocation now {\n    api on small x 1\n}\n';
        const actions = await actionsForCode(text, Codes.missingInstance);
        const fixed = apply(text, actions.find(a => a.isPreferred)!);
        expect(fixed).toContain('    db on big x 1\n}');
        const result = await loadModel(fixed);
        expect(result.diagnostics.filter(d => d.severity === 1)).toEqual([]);
    });

    test('missing runs on: one action per component, inserted as the first field', async () => {
        const text = base + 'step extra { // work without a component\n    cpu 1 GHz*s\n}\n';
        const actions = await actionsForCode(text, Codes.missingField);
        expect(actions.map(a => a.title)).toEqual(["Add 'runs on api'", "Add 'runs on db'"]);
        const fixed = apply(text, actions[1]);
        expect(fixed).toContain('step extra { // work without a component\n    runs on db\n    cpu 1 GHz*s\n}');
        expect(await codesOf(fixed)).not.toContain(Codes.missingField);
    });

    test('missing steps in a one-line process, with a single step: preferred', async () => {
        const text = 'system s\ncomponent c {}\nstep only { runs on c cpu 1 GHz*s }\nprocess p { every 1 s }\n';
        const actions = await actionsForCode(text, Codes.missingField);
        expect(actions.map(a => [a.title, a.isPreferred])).toEqual([["Add 'steps only'", true]]);
        expect(apply(text, actions[0])).toContain('process p { steps only every 1 s }');
    });

    test('missing instance in a one-line allocation', async () => {
        const text = base + 'allocation now { api on big x 1 }\n';
        const actions = await actionsForCode(text, Codes.missingInstance);
        const fixed = apply(text, actions.find(a => a.isPreferred)!);
        expect(fixed).toContain('allocation now { api on big x 1 db on big x 1 }');
        expect(await codesOf(fixed)).not.toContain(Codes.missingInstance);
    });
});
