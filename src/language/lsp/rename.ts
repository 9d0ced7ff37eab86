/**
 * Rename: Langium's (declaration plus every reference in the file), after
 * checking the new name: it must be an identifier (language.md), must not be
 * one of the words that start an element (those are never names), and must
 * not already name another element of the same kind.
 */
import { AstUtils, CstUtils, type LangiumDocument } from 'langium';
import { DefaultRenameProvider } from 'langium/lsp';
import { ResponseError, type RenameParams, type WorkspaceEdit } from 'vscode-languageserver';
import * as ast from '../generated/ast.js';
import type { MlopsServices } from '../mlops-module.js';

const NAME = /^[A-Za-z_](?:[A-Za-z0-9_]|-(?!>))*$/;
/** Keywords that are not soft keywords (grammar `SoftKeyword`): never valid names. */
const RESERVED = new Set(['system', 'server', 'component', 'step', 'process', 'allocation', 'optimize']);
/** LSP error code for a request the server cannot fulfil (`RequestFailed`). */
const REQUEST_FAILED = -32803;

export class MlopsRenameProvider extends DefaultRenameProvider {
    constructor(services: MlopsServices) {
        super(services);
    }

    override async rename(document: LangiumDocument, params: RenameParams): Promise<WorkspaceEdit | undefined> {
        const newName = params.newName;
        if (!NAME.test(newName)) {
            throw new ResponseError(REQUEST_FAILED, `'${newName}' is not a valid name: use letters, digits, '_' and '-', starting with a letter or '_'`);
        }
        if (RESERVED.has(newName)) {
            throw new ResponseError(REQUEST_FAILED, `'${newName}' is a keyword that starts an element and cannot be a name`);
        }
        const target = this.targetAt(document, params);
        if (target) {
            const root = AstUtils.findRootNode(target);
            const clash = ast.isModel(root)
                && root.elements.some(e => e !== target && e.$type === target.$type && (e as { name?: string }).name === newName);
            if (clash) {
                throw new ResponseError(REQUEST_FAILED, `another ${target.$type.toLowerCase()} is already named '${newName}'`);
            }
        }
        return super.rename(document, params);
    }

    protected targetAt(document: LangiumDocument, params: RenameParams): ast.Element | undefined {
        const root = document.parseResult.value.$cstNode;
        if (!root) {
            return undefined;
        }
        const leaf = CstUtils.findDeclarationNodeAtOffset(root, document.textDocument.offsetAt(params.position), this.grammarConfig.nameRegexp);
        const target = leaf ? this.references.findDeclarations(leaf)[0] : undefined;
        return target && ast.isElement(target) ? target : undefined;
    }
}
