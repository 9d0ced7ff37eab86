/**
 * Completion: Langium's keywords in context and references filtered by the
 * cross-reference type (`runs on` → components, `steps a -> b` → steps,
 * allocation lines → components then servers, `limit` → steps), plus units
 * after a number, chosen by the dimension of the field (language.md), and
 * for prices the currency already used in the file (EUR otherwise).
 */
import { AstUtils, GrammarAST, type AstNode, type AstNodeDescription, type CommentProvider, type MaybePromise, type ReferenceInfo } from 'langium';
import { DefaultCompletionProvider, type CompletionAcceptor, type CompletionContext, type CompletionValueItem, type NextFeature } from 'langium/lsp';
import { CompletionItemKind } from 'vscode-languageserver';
import * as ast from '../generated/ast.js';
import type { MlopsServices } from '../mlops-module.js';
import { DIMENSION_NAME, lookupUnit, TIME_UNITS, unitsOf, type Dimension } from '../../model/units.js';
import { describeElement } from './describe.js';
import { dimensionOf } from './fields.js';

/** The currency offered when the file has no price with a currency yet. */
export const DEFAULT_CURRENCY = 'EUR';

export class MlopsCompletionProvider extends DefaultCompletionProvider {
    protected readonly comments: CommentProvider;

    constructor(services: MlopsServices) {
        super(services);
        this.comments = services.documentation.CommentProvider;
    }

    protected override completionFor(context: CompletionContext, next: NextFeature, acceptor: CompletionAcceptor): MaybePromise<void> {
        if (isUnitFeature(next)) {
            this.completionForUnit(context, acceptor);
            return;
        }
        return super.completionFor(context, next, acceptor);
    }

    /** Units of the field the number stands in; nothing when the field is unknown. */
    protected completionForUnit(context: CompletionContext, acceptor: CompletionAcceptor): void {
        const node = context.node;
        if (!node || !ast.isQuantity(node)) {
            return;
        }
        const dimension = dimensionOf(node);
        if (!dimension) {
            return;
        }
        const text = context.textDocument.getText();
        const typed = text.slice(context.tokenOffset, context.offset);
        // `4<|>`: the unit needs a space before it (the formatter would add it anyway).
        const space = /[0-9.]$/.test(text.slice(0, context.tokenOffset)) ? ' ' : '';
        const typedCurrency = /^[A-Z]{3}/.exec(typed)?.[0];
        const units = unitsFor(dimension, currencyOf(AstUtils.findRootNode(node)) ?? typedCurrency);
        units.forEach((unit, index) => acceptor(context, {
            label: unit,
            insertText: space + unit,
            kind: CompletionItemKind.Unit,
            detail: DIMENSION_NAME[dimension],
            // Keep the language's order (small to large) instead of alphabetical.
            sortText: String(index).padStart(3, '0')
        }));
    }

    /**
     * `limit <|>` also parses as the start of a placement of a component named
     * `limit`; offer the placement's `on` only after a declared component.
     */
    protected override filterKeyword(context: CompletionContext, keyword: GrammarAST.Keyword): boolean {
        if (!super.filterKeyword(context, keyword)) {
            return false;
        }
        if (keyword.value === 'on' && AstUtils.getContainerOfType(keyword, GrammarAST.isParserRule)?.name === 'Placement') {
            const before = context.textDocument.getText().slice(0, context.tokenOffset);
            const previous = /([A-Za-z_][A-Za-z0-9_-]*)\s*$/.exec(before)?.[1];
            const root = context.document.parseResult.value;
            return ast.isModel(root) && root.elements.some(e => ast.isComponent(e) && e.name === previous);
        }
        return true;
    }

    protected override createReferenceCompletionItem(nodeDescription: AstNodeDescription, refInfo: ReferenceInfo, context: CompletionContext): CompletionValueItem {
        const item = super.createReferenceCompletionItem(nodeDescription, refInfo, context);
        const target = nodeDescription.node;
        const summary = target ? describeElement(target, this.comments) : undefined;
        return summary ? { ...item, documentation: { kind: 'markdown', value: summary } } : item;
    }
}

/** True when `next` is the ID of the `Unit` data type rule (the unit after a number). */
function isUnitFeature(next: NextFeature): boolean {
    const feature = next.feature;
    return GrammarAST.isRuleCall(feature)
        && AstUtils.getContainerOfType(feature, GrammarAST.isParserRule)?.name === 'Unit';
}

/** The currency of the first price that has one. */
export function currencyOf(root: AstNode): string | undefined {
    if (!ast.isModel(root)) {
        return undefined;
    }
    for (const server of root.elements.filter(ast.isServer)) {
        const currency = server.price?.unit ? lookupUnit(server.price.unit)?.currency : undefined;
        if (currency) {
            return currency;
        }
    }
    return undefined;
}

/** Offered after EUR in a file without prices (one currency per file, any 3-letter code is valid). */
const OTHER_CURRENCIES = ['USD', 'GBP', 'PLN', 'CHF', 'JPY'];

/**
 * The units to offer for a dimension. For money, `CUR/<time>` in the file's
 * currency; without one, EUR first, then a few common currencies.
 */
export function unitsFor(dimension: Dimension, currency: string | undefined): string[] {
    if (dimension === 'money') {
        const currencies = currency ? [currency] : [DEFAULT_CURRENCY, ...OTHER_CURRENCIES];
        // Per hour first: what cloud price lists use.
        const times = ['h', ...Object.keys(TIME_UNITS).filter(t => t !== 'h' && t !== 'ms')];
        return currencies.flatMap(cur => times.map(t => `${cur}/${t}`));
    }
    return unitsOf(dimension);
}
