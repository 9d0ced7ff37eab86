/**
 * One kind per element, shared by the outline (SymbolKind), completion
 * (CompletionItemKind) and semantic tokens (token type), so that a server
 * looks the same everywhere: server = class, component = struct,
 * step = function, process = event, allocation = object/variable,
 * system = namespace, optimize block = package.
 */
import type { AstNode, AstNodeDescription } from 'langium';
import type { NodeKindProvider } from 'langium/lsp';
import { CompletionItemKind, SemanticTokenTypes, SymbolKind } from 'vscode-languageserver';
import * as ast from '../generated/ast.js';

interface Kinds {
    symbol: SymbolKind;
    completion: CompletionItemKind;
    token: SemanticTokenTypes;
}

const KINDS: Record<string, Kinds> = {
    [ast.Model.$type]: { symbol: SymbolKind.Namespace, completion: CompletionItemKind.Module, token: SemanticTokenTypes.namespace },
    [ast.Server.$type]: { symbol: SymbolKind.Class, completion: CompletionItemKind.Class, token: SemanticTokenTypes.class },
    [ast.Component.$type]: { symbol: SymbolKind.Struct, completion: CompletionItemKind.Struct, token: SemanticTokenTypes.struct },
    [ast.Step.$type]: { symbol: SymbolKind.Function, completion: CompletionItemKind.Function, token: SemanticTokenTypes.function },
    [ast.Process.$type]: { symbol: SymbolKind.Event, completion: CompletionItemKind.Event, token: SemanticTokenTypes.event },
    [ast.Allocation.$type]: { symbol: SymbolKind.Object, completion: CompletionItemKind.Variable, token: SemanticTokenTypes.variable },
    [ast.OptimizeBlock.$type]: { symbol: SymbolKind.Package, completion: CompletionItemKind.Module, token: SemanticTokenTypes.namespace },
    [ast.Placement.$type]: { symbol: SymbolKind.Field, completion: CompletionItemKind.Field, token: SemanticTokenTypes.property },
    [ast.Limit.$type]: { symbol: SymbolKind.Constant, completion: CompletionItemKind.Constant, token: SemanticTokenTypes.property }
};

const FALLBACK: Kinds = { symbol: SymbolKind.Field, completion: CompletionItemKind.Reference, token: SemanticTokenTypes.variable };

export function kindsOf(type: string): Kinds {
    return KINDS[type] ?? FALLBACK;
}

export class MlopsNodeKindProvider implements NodeKindProvider {
    getSymbolKind(node: AstNode | AstNodeDescription): SymbolKind {
        return kindsOf(typeOf(node)).symbol;
    }

    getCompletionItemKind(node: AstNode | AstNodeDescription): CompletionItemKind {
        return kindsOf(typeOf(node)).completion;
    }
}

function typeOf(node: AstNode | AstNodeDescription): string {
    return '$type' in node ? node.$type : node.type;
}
