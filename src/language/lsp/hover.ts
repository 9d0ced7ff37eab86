import { AstNodeHoverProvider } from 'langium/lsp';
import type { AstNode, MaybePromise } from 'langium';
import type { Hover } from 'vscode-languageserver';
import type { MlopsServices } from '../mlops-module.js';

export class MlopsHoverProvider extends AstNodeHoverProvider {
    constructor(services: MlopsServices) {
        super(services);
    }

    protected getAstNodeHoverContent(_node: AstNode): MaybePromise<string | undefined> {
        return undefined;
    }

    protected override getKeywordHoverContent(): MaybePromise<Hover | undefined> {
        return undefined;
    }
}
