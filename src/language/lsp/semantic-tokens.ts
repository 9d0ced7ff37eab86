import { AbstractSemanticTokenProvider, type SemanticTokenAcceptor } from 'langium/lsp';
import type { AstNode } from 'langium';
import type { MlopsServices } from '../mlops-module.js';

export class MlopsSemanticTokenProvider extends AbstractSemanticTokenProvider {
    constructor(services: MlopsServices) {
        super(services);
    }

    protected highlightElement(_node: AstNode, _acceptor: SemanticTokenAcceptor): void {
        // Filled in by the editor-features work (issue 2).
    }
}
