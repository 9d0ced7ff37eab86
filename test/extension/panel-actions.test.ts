/**
 * Apply (issue 12.9): after a window reload the file comes from the view's
 * saved state; the confirmation names the file it will change, and a saved
 * state naming a file that is not .mlops, or one of another system, is
 * refused before anything is written. VS Code is replaced by a small fake.
 */
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import type { OptimizationResult } from '../../src/opt/api.js';
import type { ResultsPanel } from '../../src/extension/results-panel.js';
import { fixtureResult } from '../report/fixture.js';

const fake = vi.hoisted(() => ({
    documents: new Map<string, { text: string; version: number }>(),
    opened: [] as string[],
    questions: [] as string[],
    answer: 'Apply' as string | undefined,
    edits: [] as { uri: string; text: string }[]
}));

vi.mock('vscode', () => {
    class Range { constructor(readonly start: unknown, readonly end: unknown) {} }
    class WorkspaceEdit {
        readonly changes: { uri: string; text: string }[] = [];
        replace(uri: { toString(): string }, _range: Range, text: string) { this.changes.push({ uri: uri.toString(), text }); }
    }
    return {
        Range, WorkspaceEdit,
        TextEditorRevealType: { InCenterIfOutsideViewport: 2 },
        window: {
            visibleTextEditors: [],
            showWarningMessage: async (message: string) => { fake.questions.push(message); return fake.answer; }
        },
        workspace: {
            asRelativePath: (uri: { path: string }) => uri.path.replace(/^\/work\//, ''),
            openTextDocument: async (uri: { path: string; toString(): string }) => {
                fake.opened.push(uri.path);
                const doc = fake.documents.get(uri.path);
                if (!doc) { throw new Error('not found'); }
                return { uri, version: doc.version, getText: () => doc.text, positionAt: (offset: number) => ({ offset }) };
            },
            applyEdit: async (edit: WorkspaceEdit) => { fake.edits.push(...edit.changes); return true; }
        }
    };
});

const { applySolution } = await import('../../src/extension/panel-actions.js');

const retail = readFileSync('examples/retail.mlops', 'utf8');
const uri = (path: string) => ({ path, scheme: 'file', fsPath: path, toString: () => `file://${path}` });

function panel(source: string, sourceVersion?: number): { panel: ResultsPanel; notices: string[] } {
    const result: OptimizationResult = { ...fixtureResult(2), system: 'retail' };
    const notices: string[] = [];
    const p = {
        session: { result, running: false, selected: null, source: uri(source), sourceVersion },
        notice: (_level: string, text: string) => notices.push(text)
    } as unknown as ResultsPanel;
    return { panel: p, notices };
}

const output = { appendLine: () => undefined } as never;

beforeEach(() => {
    fake.documents.clear();
    fake.opened.length = 0;
    fake.questions.length = 0;
    fake.edits.length = 0;
    fake.answer = 'Apply';
});

describe('Apply', () => {
    test('after a reload the confirmation names the file it will change', async () => {
        fake.documents.set('/work/models/retail.mlops', { text: retail, version: 1 });
        const { panel: p, notices } = panel('/work/models/retail.mlops', undefined);
        expect(await applySolution(p, 1, output)).toBe(true);
        expect(fake.questions).toHaveLength(1);
        expect(fake.questions[0]).toMatch(/before the window was reloaded.*Write solution 2 into models\/retail\.mlops as allocation optimized/);
        expect(fake.edits.map(e => e.uri)).toEqual(['file:///work/models/retail.mlops']);
        expect(notices.at(-1)).toMatch(/written into models\/retail\.mlops/);
    });

    test('declining the named confirmation writes nothing', async () => {
        fake.documents.set('/work/models/retail.mlops', { text: retail, version: 1 });
        fake.answer = undefined;
        expect(await applySolution(panel('/work/models/retail.mlops', undefined).panel, 0, output)).toBe(false);
        expect(fake.edits).toEqual([]);
    });

    test('a saved state naming a file that is not .mlops is refused before the file is opened', async () => {
        fake.documents.set('/work/.bashrc', { text: 'export PATH=/x\n', version: 1 });
        const { panel: p, notices } = panel('/work/.bashrc', undefined);
        expect(await applySolution(p, 0, output)).toBe(false);
        expect(fake.opened).toEqual([]);
        expect(fake.questions).toEqual([]);
        expect(fake.edits).toEqual([]);
        expect(notices[0]).toMatch(/names \.bashrc, which is not a \.mlops file/);
    });

    test('a .mlops file of another system is refused, naming the file and both systems', async () => {
        fake.documents.set('/work/other.mlops', { text: '// system retail is elsewhere\nsystem mm1\n', version: 3 });
        const { panel: p, notices } = panel('/work/other.mlops', undefined);
        expect(await applySolution(p, 0, output)).toBe(false);
        expect(fake.edits).toEqual([]);
        expect(notices[0]).toBe('other.mlops declares system mm1, but this result is for system retail; nothing was written.');
    });

    test('the file unchanged since the run: no question, the edit goes to that file', async () => {
        fake.documents.set('/work/retail.mlops', { text: retail, version: 7 });
        expect(await applySolution(panel('/work/retail.mlops', 7).panel, 0, output)).toBe(true);
        expect(fake.questions).toEqual([]);
        expect(fake.edits).toHaveLength(1);
        expect(fake.edits[0].text).toMatch(/allocation optimized \{/);
    });
});
