/**
 * "MLOps: New MLOps Model" (the walkthrough's first step, and File > New
 * File...): opens an untitled `.mlops` document holding the packaged template
 * (language/template.mlops), so a newcomer starts from a model that
 * validates and can be optimized at once.
 */
import * as vscode from 'vscode';

export async function newModel(extensionUri: vscode.Uri): Promise<vscode.TextEditor> {
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'language', 'template.mlops'));
    const document = await vscode.workspace.openTextDocument({ language: 'mlops', content: new TextDecoder().decode(bytes) });
    return vscode.window.showTextDocument(document);
}
