import type { LangiumDocument, MaybePromise } from 'langium';
import type { CodeActionProvider } from 'langium/lsp';
import type { CodeAction, CodeActionParams, Command } from 'vscode-languageserver';
import type { MlopsServices } from '../mlops-module.js';

export class MlopsCodeActionProvider implements CodeActionProvider {
    constructor(protected readonly services: MlopsServices) {}

    getCodeActions(_document: LangiumDocument, _params: CodeActionParams): MaybePromise<Array<Command | CodeAction> | undefined> {
        return undefined;
    }
}
