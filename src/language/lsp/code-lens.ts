/**
 * Code lens "Optimize Allocation" above the `optimize` block, or above the
 * `system` line when the file has none. It runs the extension's command
 * `mlops.optimizeAllocation` with the document URI (a string) as argument.
 */
import type { LangiumDocument, MaybePromise } from 'langium';
import type { CodeLensProvider } from 'langium/lsp';
import type { CodeLens, CodeLensParams } from 'vscode-languageserver';
import * as ast from '../generated/ast.js';

export const OPTIMIZE_COMMAND = 'mlops.optimizeAllocation';

export class MlopsCodeLensProvider implements CodeLensProvider {
    provideCodeLens(document: LangiumDocument, _params: CodeLensParams): MaybePromise<CodeLens[] | undefined> {
        const root = document.parseResult.value;
        if (!ast.isModel(root) || !root.$cstNode) {
            return [];
        }
        const anchor = root.elements.find(ast.isOptimizeBlock)?.$cstNode ?? root.$cstNode;
        const line = anchor.range.start.line;
        return [{
            range: { start: { line, character: 0 }, end: { line, character: 0 } },
            command: { title: 'Optimize Allocation', command: OPTIMIZE_COMMAND, arguments: [document.uri.toString()] }
        }];
    }
}
