/**
 * What the results view's buttons do: Apply writes the selected solution as
 * `allocation optimized` with one WorkspaceEdit (undoable; the rest of the
 * file untouched; a confirmation naming the file when it changed since the
 * run started or the run is from before a window reload; refused for a file
 * that is not .mlops or declares another system),
 * Export saves the front as JSON or CSV through a save dialog.
 */
import * as vscode from 'vscode';
import { frontToCsv, frontToJson } from './export-format.js';
import type { PanelActions, ResultsPanel } from './results-panel.js';
import { APPLIED_ALLOCATION_NAME, applyQuestion, applyRefusal, solutionEdit } from './solution-edit.js';

export function createPanelActions(output: vscode.OutputChannel): PanelActions {
    return {
        apply: (panel, index) => applySolution(panel, index, output),
        export: panel => exportFront(panel, output)
    };
}

export async function applySolution(panel: ResultsPanel, index: number, output: vscode.OutputChannel): Promise<boolean> {
    const session = panel.session;
    if (!session || session.running) {
        panel.notice('error', session?.running ? 'Wait for the optimization to finish (or cancel it) before applying.' : 'Nothing to apply.');
        return false;
    }
    if (!session.source) {
        panel.notice('error', 'This result is not linked to a .mlops file; run the optimization from the file.');
        return false;
    }
    if (index >= session.result.front.length) {
        panel.notice('error', `There is no solution ${index + 1} on the front.`);
        return false;
    }
    // After a reload the file comes from the view's saved state: check it before opening, and name it in every question.
    const shown = vscode.workspace.asRelativePath(session.source);
    const badPath = applyRefusal(session.source.path, shown, undefined, session.result);
    if (badPath) {
        panel.notice('error', badPath);
        return false;
    }
    let document: vscode.TextDocument;
    try {
        document = await vscode.workspace.openTextDocument(session.source);
    } catch (error) {
        panel.notice('error', `Cannot open ${shown}: ${String(error)}`);
        return false;
    }
    const otherSystem = applyRefusal(session.source.path, shown, document.getText(), session.result);
    if (otherSystem) {
        panel.notice('error', otherSystem);
        return false;
    }
    if (session.sourceVersion === undefined || document.version !== session.sourceVersion) {
        const choice = await vscode.window.showWarningMessage(applyQuestion(shown, index, session.sourceVersion === undefined),
            { modal: true, detail: document.uri.scheme === 'file' ? document.uri.fsPath : document.uri.toString() }, 'Apply');
        if (choice !== 'Apply') {
            return false;
        }
    }
    const edit = solutionEdit(document.getText(), session.result, index);
    const workspaceEdit = new vscode.WorkspaceEdit();
    workspaceEdit.replace(document.uri, new vscode.Range(document.positionAt(edit.offset), document.positionAt(edit.offset + edit.length)), edit.newText);
    const ok = await vscode.workspace.applyEdit(workspaceEdit);
    if (ok) {
        session.sourceVersion = document.version;
        output.appendLine(`applied solution ${index + 1} to ${vscode.workspace.asRelativePath(document.uri)} as allocation ${APPLIED_ALLOCATION_NAME}`);
        panel.notice('info', `Solution ${index + 1} written into ${shown} as allocation ${APPLIED_ALLOCATION_NAME} (undo with Ctrl+Z in the file).`);
        const editor = vscode.window.visibleTextEditors.find(e => e.document.uri.toString() === document.uri.toString());
        if (editor) {
            const start = document.positionAt(edit.offset + edit.newText.indexOf('allocation'));
            editor.revealRange(new vscode.Range(start, start), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
        }
    } else {
        panel.notice('error', 'VS Code refused the edit (is the file read-only?).');
    }
    return ok;
}

export async function exportFront(panel: ResultsPanel, output: vscode.OutputChannel): Promise<vscode.Uri | undefined> {
    const session = panel.session;
    if (!session) {
        panel.notice('error', 'Nothing to export yet.');
        return undefined;
    }
    const base = session.source ? vscode.Uri.joinPath(session.source, '..') : vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = `${session.result.system}-front.json`;
    const target = await vscode.window.showSaveDialog({
        title: 'Export the Pareto front',
        defaultUri: base ? vscode.Uri.joinPath(base, name) : undefined,
        filters: { 'JSON': ['json'], 'CSV': ['csv'] }
    });
    if (!target) {
        return undefined;
    }
    const text = target.path.toLowerCase().endsWith('.csv') ? frontToCsv(session.result) : frontToJson(session.result);
    try {
        await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    } catch (error) {
        panel.notice('error', `Cannot write ${target.fsPath}: ${String(error)}`);
        return undefined;
    }
    output.appendLine(`exported ${session.result.front.length} solution(s) to ${target.fsPath}`);
    panel.notice('info', `Exported ${session.result.front.length} solution(s) to ${target.fsPath}.`);
    return target;
}
