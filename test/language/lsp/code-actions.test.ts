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

/** Issue 13, item 5: the quick fixes of the performance-risk warnings and of over-capacity lines. */
describe('quick fixes for performance risks and capacity', () => {
    afterEach(() => clearDocuments(services.shared));

    const fraud = `system fraud
server node { cpu 32 GHz ram 64 GB price 1 EUR/h count 2 }
component scorer { idle cpu 0.1 GHz ram 1 GB startup 5 s }
step score { runs on scorer cpu 0.01 GHz*s }
process scoring { steps score every exponential(mean 50 ms) deadline 200 ms }
allocation current { scorer on node x 2 }
`;

    test('cold-start-risk: make the component permanent; both fixes clear the warning', async () => {
        const actions = await actionsForCode(fraud, Codes.coldStartRisk);
        expect(actions.map(a => a.title)).toEqual([
            'Make component scorer permanent (always up)',
            'Add an optimize block with keepalive 1 s: idle instances stay up 1 s'
        ]);
        expect(actions[0].isPreferred).toBe(true);
        const permanent = apply(fraud, actions[0]);
        expect(permanent).toContain('component scorer { permanent idle cpu 0.1 GHz');
        expect(await codesOf(permanent)).toEqual([]);
        const keepalive = apply(fraud, actions[1]);
        expect(keepalive.endsWith('\noptimize {\n    keepalive 1 s\n}\n')).toBe(true);
        expect(await codesOf(keepalive)).toEqual([]);
    });

    test('cold-start-risk: the keepalive goes into an existing optimize block, or replaces its 0', async () => {
        const withBlock = fraud + 'optimize {\n    seed 7\n}\n';
        const added = apply(withBlock, (await actionsForCode(withBlock, Codes.coldStartRisk))[1]);
        expect(added).toContain('optimize {\n    keepalive 1 s\n    seed 7\n}');
        const withZero = fraud + 'optimize { keepalive 0 s seed 7 }\n';
        const replaced = (await actionsForCode(withZero, Codes.coldStartRisk))[1];
        expect(replaced.title).toBe('Set keepalive 1 s in the optimize block: idle instances stay up 1 s');
        expect(apply(withZero, replaced)).toContain('optimize { keepalive 1 s seed 7 }');
    });

    test('server-overloaded: set the line to the most that fit; the error is gone', async () => {
        const text = `system s
server node { cpu 32 GHz ram 64 GB price 1 EUR/h count 7 }
component c { idle cpu 2 GHz ram 1 GB }
step st { runs on c cpu 1 GHz*s }
process p { steps st every exponential(mean 10 s) }
allocation now {
    c on node x 120
}
`;
        const actions = await actionsForCode(text, Codes.serverOverloaded);
        expect(actions.map(a => a.title)).toEqual(['Set c on node to x 105 (the most that fit beside the other lines)']);
        const fixed = apply(text, actions[0]);
        expect(fixed).toContain('    c on node x 105\n');
        expect(await codesOf(fixed)).toEqual([]);
    });

    test('gpu-step-no-gpu-instance: move the line to a server kind with a GPU', async () => {
        const text = `system s
server node { cpu 32 GHz ram 64 GB price 1 EUR/h }
server tiny_gpu { cpu 2 GHz gpu 10 TOPS ram 2 GB price 2 EUR/h }
server gpu_node { cpu 32 GHz gpu 100 TOPS ram 64 GB price 3 EUR/h }
component trainer { idle cpu 1 GHz ram 4 GB }
step train { runs on trainer cpu 1 GHz*s gpu 1 TOPS*s }
process p { steps train every exponential(mean 10 s) }
allocation now {
    trainer on node x 2
}
`;
        const actions = await actionsForCode(text, Codes.gpuStepNoGpuInstance);
        // tiny_gpu: the trainer's 4 GB of idle RAM does not fit in 2 GB, so it is no candidate.
        expect(actions.map(a => a.title)).toEqual(['Move trainer x 2 to gpu_node (it has a GPU)']);
        expect(actions[0].isPreferred).toBe(true);
        const fixed = apply(text, actions[0]);
        expect(fixed).toContain('    trainer on gpu_node x 2\n');
        expect((await codesOf(fixed)).filter(c => c !== Codes.unusedElement)).toEqual([]);
    });

    test('gpu-step-no-gpu-instance: a GPU kind where the moved line would overload a machine is offered last, not preferred', async () => {
        const text = `system s
server node { cpu 32 GHz ram 64 GB price 1 EUR/h }
server gpu_node { cpu 4 GHz gpu 100 TOPS ram 64 GB price 3 EUR/h }
component trainer { idle cpu 1.5 GHz ram 4 GB }
step train { runs on trainer cpu 1 GHz*s gpu 1 TOPS*s }
process p { steps train every exponential(mean 10 s) }
allocation now { trainer on node x 3 }
`;
        const actions = await actionsForCode(text, Codes.gpuStepNoGpuInstance);
        expect(actions.map(a => a.title)).toEqual(['Move trainer x 3 to gpu_node (it has a GPU) (it does not fit there: check the capacity)']);
        expect(actions[0].isPreferred).toBe(false);
    });
});

