/**
 * Hovers: for a name (declaration or reference) the summary of the element
 * it names; for a quantity its value in base units; for a distribution its
 * mean, sd, p5 and p95; for an allocation line how its instances spread
 * over the machines; for a keyword a one-line explanation.
 */
import { AstUtils, CstUtils, GrammarAST, isCompositeCstNode, type AstNode, type CommentProvider, type CstNode, type LangiumDocument } from 'langium';
import { AstNodeHoverProvider } from 'langium/lsp';
import type { Hover, HoverParams } from 'vscode-languageserver';
import * as ast from '../generated/ast.js';
import type { MlopsServices } from '../mlops-module.js';
import { describeDistribution, describeElement, describeField, describePlacement, describeQuantity } from './describe.js';
import type { Model } from '../../model/types.js';
import { isDistributionNode } from './fields.js';
import { keywordDoc } from './keyword-docs.js';
import { profileHover } from './profile-hover.js';
import { whatIfHover } from './what-if-hover.js';

export class MlopsHoverProvider extends AstNodeHoverProvider {
    protected readonly comments: CommentProvider;
    protected readonly services: MlopsServices;

    constructor(services: MlopsServices) {
        super(services);
        this.services = services;
        this.comments = services.documentation.CommentProvider;
    }

    override async getHoverContent(document: LangiumDocument, params: HoverParams): Promise<Hover | undefined> {
        const root = document.parseResult.value.$cstNode;
        if (!root) {
            return undefined;
        }
        const offset = document.textDocument.offsetAt(params.position);
        const leaf = CstUtils.findLeafNodeAtOffset(root, offset);
        if (!leaf || leaf.hidden || offset >= leaf.end) {
            return undefined;
        }
        const markdown = this.nameHover(leaf) ?? this.valueHover(leaf.astNode) ?? this.placementHover(document, leaf.astNode) ?? this.keywordHoverOrProfile(leaf);
        return markdown ? { contents: { kind: 'markdown', value: markdown } } : undefined;
    }

    /** A declaration's name or a reference: the summary of the element it names. */
    protected nameHover(leaf: CstNode): string | undefined {
        const nameNode = nameCstNode(leaf);
        if (!nameNode) {
            return undefined;
        }
        const targets = this.references.findDeclarations(nameNode);
        const texts = targets.map(t => this.getAstNodeHoverContent(t)).filter((t): t is string => typeof t === 'string');
        return texts.length > 0 ? texts.join('\n\n---\n\n') : undefined;
    }

    /** A quantity (with the distribution it belongs to) or a distribution keyword. */
    protected valueHover(node: AstNode): string | undefined {
        const parts: string[] = [];
        if (ast.isQuantity(node)) {
            parts.push(describeQuantity(node));
        }
        const dist = isDistributionNode(node) ? node : AstUtils.getContainerOfType(node.$container, isDistributionNode);
        if (dist) {
            const text = describeDistribution(dist);
            if (text) {
                parts.push(text);
            }
        }
        if (parts.length === 0) {
            return undefined;
        }
        const field = describeField(dist ?? node);
        return (field ? [`*${field}*`, ...parts] : parts).join('\n\n');
    }

    /**
     * `C on S x N`: how the allocation's instances spread over the machines of
     * S, and their idle load; then the what-if figures of the processes C
     * serves (what-if-hover.ts).
     */
    protected placementHover(document: LangiumDocument, node: AstNode): string | undefined {
        if (!ast.isPlacement(node) || !ast.isAllocation(node.$container)) {
            return undefined;
        }
        const root = AstUtils.findRootNode(node);
        let model: Model | undefined;
        try {
            model = ast.isModel(root) ? this.services.model.ModelBuilder.build(root) : undefined;
        } catch {
            // A half-typed file may not build: no spreading to show.
            return undefined;
        }
        const allocation = model?.allocations.find(a => a.name === (node.$container as ast.Allocation).name);
        if (!model || !allocation) {
            return undefined;
        }
        const index = node.$container.placements.indexOf(node);
        const spread = describePlacement(model, allocation, index);
        const whatIf = whatIfHover(this.services.whatIf.WhatIf, document, model, allocation.name, allocation.placements[index]?.component);
        return [spread, whatIf].filter(Boolean).join('\n\n---\n\n') || undefined;
    }

    protected keywordHover(leaf: CstNode): string | undefined {
        if (!GrammarAST.isKeyword(leaf.grammarSource)) {
            return undefined;
        }
        return keywordDoc(leaf.text, leaf.astNode.$type);
    }

    /** `x` of a phase gets its keyword doc; the rest of a profile its summary. */
    protected keywordHoverOrProfile(leaf: CstNode): string | undefined {
        return (leaf.text === 'x' ? this.keywordHover(leaf) : undefined) ?? profileHover(leaf.astNode) ?? this.keywordHover(leaf);
    }

    protected getAstNodeHoverContent(node: AstNode): string | undefined {
        return describeElement(node, this.comments);
    }
}

/**
 * The CST node of a name (declaration or reference) that contains `leaf`:
 * names use the `Name` data type rule, so a name that is a soft keyword is a
 * keyword leaf inside a `Name` composite node.
 */
export function nameCstNode(leaf: CstNode): CstNode | undefined {
    let node: CstNode = leaf;
    while (node.container && isCompositeCstNode(node.container) && isNameRuleCall(node.container.grammarSource)) {
        node = node.container;
    }
    if (node.container && GrammarAST.isCrossReference(node.container.grammarSource)) {
        node = node.container;
    }
    return isNameRuleCall(node.grammarSource) || GrammarAST.isCrossReference(node.grammarSource) ? node : undefined;
}

function isNameRuleCall(source: unknown): boolean {
    return GrammarAST.isRuleCall(source) && (source.rule.ref?.name === 'Name' || source.rule.ref?.name === 'SoftKeyword');
}
