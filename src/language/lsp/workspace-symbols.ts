/**
 * Go to Symbol in Workspace (Ctrl+T). Langium's default lists the exported
 * symbols of the index, but a .mlops file exports none (scope-computation.ts:
 * each file is its own system), so this provider lists the named elements of
 * every open or loaded .mlops document instead, filtered by the fuzzy query.
 */
import { interruptAndCheck, type LangiumDocuments } from 'langium';
import type { FuzzyMatcher, LangiumSharedServices, NodeKindProvider, WorkspaceSymbolProvider } from 'langium/lsp';
import { CancellationToken, type WorkspaceSymbol, type WorkspaceSymbolParams } from 'vscode-languageserver';
import * as ast from '../generated/ast.js';

export class MlopsWorkspaceSymbolProvider implements WorkspaceSymbolProvider {
    protected readonly documents: LangiumDocuments;
    protected readonly nodeKinds: NodeKindProvider;
    protected readonly fuzzy: FuzzyMatcher;

    constructor(services: LangiumSharedServices) {
        this.documents = services.workspace.LangiumDocuments;
        this.nodeKinds = services.lsp.NodeKindProvider;
        this.fuzzy = services.lsp.FuzzyMatcher;
    }

    async getSymbols(params: WorkspaceSymbolParams, cancelToken = CancellationToken.None): Promise<WorkspaceSymbol[]> {
        const symbols: WorkspaceSymbol[] = [];
        for (const document of this.documents.all) {
            await interruptAndCheck(cancelToken);
            const root = document.parseResult.value;
            if (!ast.isModel(root)) {
                continue;
            }
            for (const element of root.elements) {
                const name = 'name' in element ? element.name : undefined;
                const range = element.$cstNode?.range;
                if (!name || !range || !this.fuzzy.match(params.query, name)) {
                    continue;
                }
                symbols.push({
                    name,
                    kind: this.nodeKinds.getSymbolKind(element),
                    containerName: root.name,
                    location: { uri: document.uri.toString(), range }
                });
            }
        }
        return symbols;
    }
}
