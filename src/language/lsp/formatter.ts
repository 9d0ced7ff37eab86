import type { AstNode } from 'langium';
import { AbstractFormatter } from 'langium/lsp';

export class MlopsFormatter extends AbstractFormatter {
    protected format(_node: AstNode): void {
        // Filled in by the editor-features work (issue 2).
    }
}
