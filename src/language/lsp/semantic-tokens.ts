/**
 * Semantic tokens: element names by kind (server = class, component =
 * struct, step = function, process = event, allocation = variable, system =
 * namespace; see node-kinds.ts) with the `declaration` modifier where they
 * are declared, references by the kind of their target, units as `type`,
 * numbers, strings, keywords, `->` as an operator, and the distribution names
 * as library functions. A soft keyword used as a name is a name, not a keyword.
 */
import { GrammarAST, isCompositeCstNode, type AstNode, type CstNode } from 'langium';
import { AbstractSemanticTokenProvider, type SemanticTokenAcceptor } from 'langium/lsp';
import { SemanticTokenModifiers, SemanticTokenTypes } from 'vscode-languageserver';
import * as ast from '../generated/ast.js';
import type { MlopsServices } from '../mlops-module.js';
import { isDistributionNode } from './fields.js';
import { kindsOf } from './node-kinds.js';

/** Reference properties and the element type they point to. */
const REFERENCES: Record<string, Record<string, string>> = {
    [ast.Step.$type]: { component: ast.Component.$type },
    [ast.Process.$type]: { steps: ast.Step.$type },
    [ast.Placement.$type]: { component: ast.Component.$type, server: ast.Server.$type },
    [ast.Limit.$type]: { step: ast.Step.$type }
};

export class MlopsSemanticTokenProvider extends AbstractSemanticTokenProvider {
    constructor(services: MlopsServices) {
        super(services);
    }

    protected highlightElement(node: AstNode, acceptor: SemanticTokenAcceptor): void {
        const cst = node.$cstNode;
        if (!cst) {
            return;
        }
        for (const child of ownChildren(cst)) {
            this.highlightChild(node, child, acceptor);
        }
    }

    protected highlightChild(node: AstNode, child: CstNode, acceptor: SemanticTokenAcceptor): void {
        const source = child.grammarSource;
        const feature = assignmentOf(source);
        if (GrammarAST.isKeyword(source) && !feature) {
            this.keywordToken(node, child, source.value, acceptor);
            return;
        }
        const property = feature?.feature;
        if (property === 'name') {
            acceptor({ cst: child, type: kindsOf(node.$type).token, modifier: SemanticTokenModifiers.declaration });
        } else if (property && REFERENCES[node.$type]?.[property]) {
            acceptor({ cst: child, type: kindsOf(REFERENCES[node.$type][property]).token });
        } else if (property === 'label') {
            acceptor({ cst: child, type: SemanticTokenTypes.string });
        } else if (property === 'unit' && ast.isQuantity(node)) {
            acceptor({ cst: child, type: SemanticTokenTypes.type });
        } else if (isNumberRule(child)) {
            acceptor({ cst: child, type: SemanticTokenTypes.number });
        } else if (GrammarAST.isKeyword(source)) {
            // A flag such as `permanent` or `net` (an assigned keyword).
            acceptor({ cst: child, type: SemanticTokenTypes.keyword });
        }
    }

    protected keywordToken(node: AstNode, leaf: CstNode, keyword: string, acceptor: SemanticTokenAcceptor): void {
        if (keyword === '->') {
            acceptor({ cst: leaf, type: SemanticTokenTypes.operator });
        } else if (isDistributionNode(node) && leaf === firstToken(node.$cstNode)) {
            acceptor({ cst: leaf, type: SemanticTokenTypes.function, modifier: SemanticTokenModifiers.defaultLibrary });
        } else if (/^[A-Za-z]/.test(keyword)) {
            acceptor({ cst: leaf, type: SemanticTokenTypes.keyword });
        }
    }
}

/**
 * The CST children that belong to `node` itself: wrapper nodes of the same
 * AST node are looked through, child AST nodes are left to their own call.
 */
function ownChildren(cst: CstNode): CstNode[] {
    if (!isCompositeCstNode(cst)) {
        return [cst];
    }
    const result: CstNode[] = [];
    for (const child of cst.content) {
        if (child.hidden) {
            continue;
        }
        if (child.astNode !== cst.astNode) {
            continue;
        }
        if (isCompositeCstNode(child) && !isDataTypeRuleCall(child) && !GrammarAST.isCrossReference(child.grammarSource)) {
            result.push(...ownChildren(child));
        } else {
            result.push(child);
        }
    }
    return result;
}

/** The assignment a token or rule call stands for (`name=Name`, `component=[Component:Name]`, `net?='net'`). */
function assignmentOf(source: AstNode | undefined): GrammarAST.Assignment | undefined {
    let current = source;
    while (current && !GrammarAST.isAssignment(current)
        && (GrammarAST.isRuleCall(current) || GrammarAST.isCrossReference(current) || GrammarAST.isKeyword(current))) {
        current = current.$container;
    }
    return GrammarAST.isAssignment(current) ? current : undefined;
}

function isDataTypeRuleCall(node: CstNode): boolean {
    const source = node.grammarSource;
    const call = GrammarAST.isRuleCall(source) ? source : GrammarAST.isAssignment(source) && GrammarAST.isRuleCall(source.terminal) ? source.terminal : undefined;
    const rule = call?.rule.ref;
    return GrammarAST.isParserRule(rule) && rule.dataType !== undefined;
}

function isNumberRule(node: CstNode): boolean {
    const source = node.grammarSource;
    const call = GrammarAST.isRuleCall(source) ? source : GrammarAST.isAssignment(source) && GrammarAST.isRuleCall(source.terminal) ? source.terminal : undefined;
    return call?.rule.ref?.name === 'Num' || call?.rule.ref?.name === 'NUMBER';
}

function firstToken(cst: CstNode | undefined): CstNode | undefined {
    let current = cst;
    while (current && isCompositeCstNode(current)) {
        current = current.content.find(c => !c.hidden);
    }
    return current;
}
