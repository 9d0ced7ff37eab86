/**
 * The outline: the system, then servers, components, steps, processes,
 * allocations (with one child per line) and the optimize block. Langium's
 * default shows only named nodes; allocation lines and the optimize block
 * have no name, so they get one from their text.
 */
import { GrammarUtils, type AstNode, type LangiumDocument } from 'langium';
import { DefaultDocumentSymbolProvider } from 'langium/lsp';
import type { DocumentSymbol } from 'vscode-languageserver';
import * as ast from '../generated/ast.js';
import type { MlopsServices } from '../mlops-module.js';

export class MlopsDocumentSymbolProvider extends DefaultDocumentSymbolProvider {
    constructor(services: MlopsServices) {
        super(services);
    }

    protected override getSymbol(document: LangiumDocument, astNode: AstNode): DocumentSymbol[] {
        const cst = astNode.$cstNode;
        if (cst && (ast.isPlacement(astNode) || ast.isLimit(astNode) || ast.isOptimizeBlock(astNode))) {
            const name = ast.isOptimizeBlock(astNode) ? 'optimize' : cst.text.replace(/\s+/g, ' ').trim();
            const selection = (ast.isOptimizeBlock(astNode) ? GrammarUtils.findNodeForKeyword(cst, 'optimize') : undefined)?.range ?? cst.range;
            return [{
                kind: this.nodeKindProvider.getSymbolKind(astNode),
                name,
                range: cst.range,
                selectionRange: selection
            }];
        }
        if (ast.isServer(astNode) || ast.isComponent(astNode) || ast.isStep(astNode) || ast.isProcess(astNode)) {
            // Their children (quantities, distributions) are not symbols.
            const nameNode = this.nameProvider.getNameNode(astNode);
            if (!cst || !nameNode) {
                return [];
            }
            return [{
                kind: this.nodeKindProvider.getSymbolKind(astNode),
                name: astNode.name,
                detail: astNode.label,
                range: cst.range,
                selectionRange: nameNode.range
            }];
        }
        return super.getSymbol(document, astNode);
    }
}
