/**
 * Integration tests in a real VS Code extension host: everything goes through
 * the public vscode API (documents, diagnostics, the completion and hover
 * providers, the optimize command, the workspace edit of Apply). The workspace
 * is a copy of examples/ (test/integration/run.mjs makes it); the tests write
 * their own variants of examples/retail.mlops next to it.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { OptimizationResult } from '../../../src/opt/api.js';

const EXTENSION_ID = 'mlops-tools.mlops-allocation';

function workspaceDir(): string {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the integration suite needs a workspace folder (a copy of examples/)');
    return folder.uri.fsPath;
}

function retailText(): string {
    return fs.readFileSync(path.join(workspaceDir(), 'retail.mlops'), 'utf8');
}

/** Writes `name` into the workspace and opens it in an editor. */
async function openFixture(name: string, text: string): Promise<vscode.TextEditor> {
    const file = path.join(workspaceDir(), name);
    fs.writeFileSync(file, text);
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    assert.equal(document.languageId, 'mlops', `${name} should open as an MLOps document`);
    return vscode.window.showTextDocument(document);
}

/** Position (0-based) just after the first occurrence of `marker` (after `skip` characters into it, if given). */
function positionOf(document: vscode.TextDocument, marker: string, skip = marker.length): vscode.Position {
    const at = document.getText().indexOf(marker);
    assert.ok(at >= 0, `"${marker}" not found in ${path.basename(document.uri.fsPath)}`);
    return document.positionAt(at + skip);
}

async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const value = await probe();
        if (value) return value;
        if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
        await new Promise(resolve => setTimeout(resolve, 100));
    }
}

function errorsOf(uri: vscode.Uri): vscode.Diagnostic[] {
    return vscode.languages.getDiagnostics(uri).filter(d => d.severity === vscode.DiagnosticSeverity.Error);
}

/** A small optimization so the suite stays quick. */
function smallOptimizeBlock(text: string): string {
    return text
        .replace(/\breplications\s+\d+/, 'replications 2')
        .replace(/\bpopulation\s+\d+/, 'population 12')
        .replace(/\bgenerations\s+\d+/, 'generations 4')
        .replace(/\bhorizon\s+\d+(\.\d+)?\s*h\b/, 'horizon 4 h');
}

/** The quick fixes offered at a position. */
async function quickFixes(uri: vscode.Uri, at: vscode.Position): Promise<vscode.CodeAction[]> {
    return vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri,
        new vscode.Range(at, at), vscode.CodeActionKind.QuickFix.value);
}

function hoverText(hovers: vscode.Hover[]): string {
    return hovers.flatMap(h => h.contents).map(c => typeof c === 'string' ? c : c.value).join('\n');
}

describe('MLOps extension in VS Code', () => {
    before(async () => {
        await openFixture('itest-retail.mlops', retailText());
        const extension = vscode.extensions.getExtension(EXTENSION_ID);
        assert.ok(extension, `${EXTENSION_ID} is not installed in this VS Code`);
        await extension.activate();
        assert.equal(extension.isActive, true);
    });

    after(async () => {
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    it('reports an unresolved component name as an error at its place', async () => {
        const text = retailText().replace(/runs on trainer\b/, 'runs on trainr');
        const editor = await openFixture('itest-typo.mlops', text);
        const typo = positionOf(editor.document, 'runs on trainr', 'runs on '.length);
        const errors = await waitFor('an error diagnostic on itest-typo.mlops', () => {
            const found = errorsOf(editor.document.uri);
            return found.length > 0 && found;
        });
        const atTypo = errors.find(d => d.range.contains(typo));
        assert.ok(atTypo, `no error at line ${typo.line + 1}; got ${JSON.stringify(errors.map(e => [e.range.start.line + 1, e.message]))}`);
        assert.match(atTypo.message, /trainr/);
        assert.equal(atTypo.source, 'mlops');
        // The code quick fixes switch on (language.md: every diagnostic has one).
        const code = typeof atTypo.code === 'object' ? atTypo.code.value : atTypo.code;
        assert.equal(code, 'unresolved-name');
    });

    it('offers a quick fix for the unresolved name that repairs it', async () => {
        const editor = await openFixture('itest-quickfix.mlops', retailText().replace(/runs on trainer\b/, 'runs on trainr'));
        await waitFor('the error before the quick fix', () => errorsOf(editor.document.uri).length > 0);
        const at = positionOf(editor.document, 'runs on trainr', 'runs on tr'.length);
        const actions = await waitFor('a quick fix at "trainr"', async () => {
            const found = await quickFixes(editor.document.uri, at);
            return found.length > 0 && found;
        });
        const fix = actions.find(a => /trainer/.test(a.title));
        assert.ok(fix?.edit, `no quick fix naming "trainer": ${JSON.stringify(actions.map(a => a.title))}`);
        assert.ok(await vscode.workspace.applyEdit(fix.edit), 'the quick fix edit was refused');
        assert.match(editor.document.getText(), /runs on trainer\b/);
        await waitFor('no error after the quick fix', () => errorsOf(editor.document.uri).length === 0);
    });

    it('clears the error once the name is fixed by an edit', async () => {
        const editor = await openFixture('itest-fix.mlops', retailText().replace(/runs on trainer\b/, 'runs on trainr'));
        await waitFor('the error before the fix', () => errorsOf(editor.document.uri).length > 0);
        const at = positionOf(editor.document, 'runs on trainr', 'runs on train'.length);
        assert.ok(await editor.edit(b => b.insert(at, 'e')), 'the edit was refused');
        assert.match(editor.document.lineAt(at.line).text, /runs on trainer\b/);
        await waitFor('no error after the fix', () => errorsOf(editor.document.uri).length === 0);
    });

    it('completes component names after "runs on"', async () => {
        const text = retailText().replace(/runs on trainer\b/, 'runs on ');
        const editor = await openFixture('itest-complete.mlops', text);
        const at = positionOf(editor.document, 'runs on \n', 'runs on '.length);
        const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, at);
        const labels = list.items.map(i => typeof i.label === 'string' ? i.label : i.label.label);
        for (const component of ['trainer', 'scorer', 'feature_store']) {
            assert.ok(labels.includes(component), `completion after "runs on" lacks ${component}: ${JSON.stringify(labels.slice(0, 30))}`);
        }
        assert.ok(!labels.includes('cpu_node'), 'a server kind is offered where a component is expected');
    });

    it('shows a hover for a component reference', async () => {
        const editor = await openFixture('itest-hover.mlops', retailText());
        const at = positionOf(editor.document, 'runs on trainer', 'runs on tra'.length);
        const hovers = await waitFor('a hover on "trainer"', async () => {
            const found = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, at);
            return found.length > 0 && found;
        });
        const text = hoverText(hovers);
        assert.match(text, /trainer/i, `hover text: ${text}`);
    });

    it('optimizes from the command and returns the OptimizationResult', async function () {
        this.timeout(300_000);
        const editor = await openFixture('itest-optimize.mlops', smallOptimizeBlock(retailText()));
        await waitFor('the file without errors', () => errorsOf(editor.document.uri).length === 0);
        const result = await vscode.commands.executeCommand<OptimizationResult | undefined>('mlops.optimizeAllocation', editor.document.uri);
        assert.ok(result, 'the command returned nothing (refused? see the "MLOps" output)');
        assert.equal(result.system, 'retail');
        assert.ok(result.front.length > 0, 'empty Pareto front');
        assert.notEqual(result.stoppedBy, 'error', `the optimization failed: ${result.warnings.join('; ')}`);
        assert.ok(result.chosen >= 0 && result.chosen < result.front.length, `chosen index ${result.chosen} outside the front`);
        for (const solution of result.front) {
            for (const key of ['time', 'variance', 'violations', 'cost'] as const) {
                assert.ok(Number.isFinite(solution.objectives[key]), `objective ${key} is ${solution.objectives[key]}`);
            }
            assert.ok(result.components.every(c => Object.values(solution.allocation.instances[c] ?? {}).some(n => n > 0)),
                'a solution on the front leaves a component without an instance');
        }
    });

    it('applies a solution as "allocation optimized" with a workspace edit', async function () {
        this.timeout(300_000);
        const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
        const api = extension.exports as { apply?: (index?: number) => Promise<boolean> } | undefined;
        assert.equal(typeof api?.apply, 'function', 'the extension API has no apply(index)');
        const commands = await vscode.commands.getCommands(true);
        assert.ok(commands.includes('mlops.applySolution'), 'the command mlops.applySolution is not registered');
        const editor = await openFixture('itest-apply.mlops', smallOptimizeBlock(retailText()));
        await waitFor('the file without errors', () => errorsOf(editor.document.uri).length === 0);
        const result = await vscode.commands.executeCommand<OptimizationResult | undefined>('mlops.optimizeAllocation', editor.document.uri);
        assert.ok(result && result.front.length > 0, 'the optimization gave no front to apply');
        const ok = await vscode.commands.executeCommand<boolean>('mlops.applySolution', result.chosen);
        assert.equal(ok, true, 'Apply reported failure');
        const text = editor.document.getText();
        assert.match(text, /\ballocation\s+optimized\s*\{/);
        assert.match(text, /\ballocation\s+current\s*\{/, 'Apply must leave the existing allocation in place');
        await waitFor('the applied allocation without errors', () => errorsOf(editor.document.uri).length === 0);
        // The same solution through the API: idempotent, one block, the same text.
        const applied = editor.document.getText();
        assert.equal(await api!.apply!(result.chosen), true, 'Apply through the API reported failure');
        assert.equal(editor.document.getText(), applied, 'applying the same solution twice changed the file');
        assert.equal(applied.match(/\ballocation\s+optimized\b/g)?.length, 1);
    });

    it('gives the same front on 1 and 2 workers (mlops.optimizer.workers), same model, seed and settings', async function () {
        this.timeout(600_000);
        const api = vscode.extensions.getExtension(EXTENSION_ID)!.exports as { optimize?: (uri?: vscode.Uri) => Promise<WorkersRun | undefined> } | undefined;
        assert.equal(typeof api?.optimize, 'function', 'the extension API has no optimize(uri)');
        // The file's optimize block sets the seed and the budget but not the workers: the setting decides them.
        const editor = await openFixture('itest-workers.mlops', smallOptimizeBlock(retailText()));
        assert.doesNotMatch(editor.document.getText(), /^\s*workers\b/m);
        await waitFor('the file without errors', () => errorsOf(editor.document.uri).length === 0);
        const config = () => vscode.workspace.getConfiguration('mlops.optimizer', editor.document.uri);
        const target = vscode.ConfigurationTarget.Workspace;
        const before = config().inspect<number>('workers')?.workspaceValue;
        const runs: WorkersRun[] = [];
        try {
            for (const workers of [1, 2]) {
                await config().update('workers', workers, target);
                await waitFor(`mlops.optimizer.workers = ${workers} in the workspace settings`, () => config().inspect<number>('workers')?.workspaceValue === workers);
                const result = await api!.optimize!(editor.document.uri);
                assert.ok(result, `the optimization with ${workers} worker(s) returned nothing (refused? see the "MLOps" output)`);
                // A run cut short (time limit, error) stops at a point that depends on speed, not on the seed.
                assert.equal(result.stoppedBy, 'generations', `the run with ${workers} worker(s) stopped by ${result.stoppedBy}: ${result.warnings.join('; ')}`);
                assert.equal(result.evaluationThreads, workers, `mlops.optimizer.workers = ${workers}, but the optimizer evaluated on ${result.evaluationThreads} thread(s)`);
                runs.push(result);
            }
        } finally {
            await config().update('workers', before, target);
        }
        assert.equal(config().inspect<number>('workers')?.workspaceValue, before, 'mlops.optimizer.workers was not restored');
        const [one, two] = runs.map(frontOf);
        assert.ok(one.front.length > 0, 'empty front');
        assert.deepStrictEqual(two.front, one.front, 'the fronts on 1 and 2 workers differ (objectives or allocations)');
        assert.equal(two.chosen, one.chosen, 'the chosen solution differs');
        assert.deepStrictEqual(two.rest, one.rest, 'evaluations, hypervolumes or baselines differ');
    });
});

/** What the extension's optimize() returns: the OptimizationResult and the evaluation threads it used. */
type WorkersRun = OptimizationResult & { evaluationThreads?: number };

/** The parts of a result that the seed and the settings decide (not the wall time or the thread count). */
function frontOf(result: WorkersRun) {
    return {
        front: result.front.map(s => ({ objectives: s.objectives, allocation: s.allocation })),
        chosen: result.chosen,
        rest: {
            seed: result.seed,
            evaluations: result.evaluations,
            generations: result.generations,
            hypervolume: result.hypervolume,
            hypervolumeByGeneration: result.hypervolumeByGeneration,
            baselines: result.baselines.map(b => ({ name: b.name, objectives: b.objectives }))
        }
    };
}
