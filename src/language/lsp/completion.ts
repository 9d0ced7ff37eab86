/**
 * Completion: Langium's keywords in context and references filtered by the
 * cross-reference type (`runs on` → components, `steps a -> b` → steps,
 * allocation lines → components then servers, `limit` → steps), plus units
 * after a number, chosen by the dimension of the field (language.md), and
 * for prices the currency already used in the file (EUR otherwise); the
 * distributions as snippets with the field's unit.
 *
 * Nothing is offered where no completion can be right, because in VS Code a
 * suggestion list that opens while typing is accepted by Tab and Enter, also
 * inside a snippet where Tab should move to the next stop: right after a
 * number (`price 1.2<|>`: keywords, names and units would be glued to it) and
 * at the name of a new element (`server c<|>`: words of the language are no
 * names to pick).
 */
import { AstUtils, GrammarAST, type AstNode, type AstNodeDescription, type CommentProvider, type LangiumDocument, type MaybePromise, type ReferenceInfo } from 'langium';
import { DefaultCompletionProvider, type CompletionAcceptor, type CompletionContext, type CompletionValueItem, type NextFeature } from 'langium/lsp';
import { CompletionItemKind, InsertTextFormat, type CompletionList, type CompletionParams } from 'vscode-languageserver';
import type { Cancellation } from 'langium';
import * as ast from '../generated/ast.js';
import type { MlopsServices } from '../mlops-module.js';
import { DIMENSION_NAME, lookupUnit, TIME_UNITS, unitsOf, type Dimension } from '../../model/units.js';
import { describeElement } from './describe.js';
import { dimensionOf, fieldDimension } from './fields.js';
import { distributionSnippet } from './distribution-snippets.js';

/** The currency offered when the file has no price with a currency yet. */
export const DEFAULT_CURRENCY = 'EUR';

export class MlopsCompletionProvider extends DefaultCompletionProvider {
    protected readonly comments: CommentProvider;

    constructor(services: MlopsServices) {
        super(services);
        this.comments = services.documentation.CommentProvider;
    }

    override async getCompletion(document: LangiumDocument, params: CompletionParams, cancelToken?: Cancellation.CancellationToken): Promise<CompletionList | undefined> {
        const text = document.textDocument.getText();
        if (touchesNumber(text, document.textDocument.offsetAt(params.position))) {
            return { isIncomplete: false, items: [] };
        }
        return super.getCompletion(document, params, cancelToken);
    }

    protected override completionFor(context: CompletionContext, next: NextFeature, acceptor: CompletionAcceptor): MaybePromise<void> {
        if (isUnitFeature(next)) {
            this.completionForUnit(context, acceptor);
            return;
        }
        return super.completionFor(context, next, acceptor);
    }

    /** A distribution keyword in a field whose unit is known becomes its snippet with that unit. */
    protected override completionForKeyword(context: CompletionContext, keyword: GrammarAST.Keyword, acceptor: CompletionAcceptor): MaybePromise<void> {
        const dimension = distributionFieldDimension(context);
        const snippet = dimension ? distributionSnippet(keyword.value, dimension) : undefined;
        if (!snippet || !this.filterKeyword(context, keyword)) {
            return super.completionForKeyword(context, keyword, acceptor);
        }
        acceptor(context, {
            label: keyword.value,
            kind: CompletionItemKind.Snippet,
            detail: snippet.detail,
            insertText: snippet.body,
            insertTextFormat: InsertTextFormat.Snippet,
            sortText: '0'
        });
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
        // The whole unit around the cursor is replaced (`U<|>/h` → `USD/h`, not `USD/h/h`).
        const start = context.offset - /[A-Za-z0-9_*/]*$/.exec(text.slice(0, context.offset))![0].length;
        const end = context.offset + /^[A-Za-z0-9_*/]*/.exec(text.slice(context.offset))![0].length;
        const typed = text.slice(start, context.offset);
        const typedCurrency = /^[A-Z]{3}/.exec(typed)?.[0];
        const units = unitsFor(dimension, currencyOf(AstUtils.findRootNode(node)) ?? typedCurrency);
        const range = { start: context.textDocument.positionAt(start), end: context.textDocument.positionAt(end) };
        units.forEach((unit, index) => {
            if (!this.fuzzyMatcher.match(typed, unit)) {
                return;
            }
            acceptor(context, {
                label: unit,
                textEdit: { newText: unit, range },
                kind: CompletionItemKind.Unit,
                detail: DIMENSION_NAME[dimension],
                // Keep the language's order (small to large) instead of alphabetical.
                sortText: String(index).padStart(3, '0')
            });
        });
    }

    /**
     * `limit <|>` also parses as the start of a placement of a component named
     * `limit`; offer the placement's `on` only after a declared component.
     */
    protected override filterKeyword(context: CompletionContext, keyword: GrammarAST.Keyword): boolean {
        if (!super.filterKeyword(context, keyword)) {
            return false;
        }
        // A word of the language where a Name is expected (`server c<|>`): only as a name, never to pick.
        if (AstUtils.getContainerOfType(keyword, GrammarAST.isParserRule)?.name === 'SoftKeyword') {
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

/** The cursor is right after a number (`4<|>`, `1.2<|>`): a word that starts with a digit or a dot. */
export function touchesNumber(text: string, offset: number): boolean {
    const word = /[A-Za-z0-9_.]*$/.exec(text.slice(Math.max(0, offset - 64), offset))![0];
    return /^[0-9.]/.test(word);
}

/**
 * The dimension of the field a distribution is being typed in (`cpu <|>` of
 * a step, `every <|>` of a process, `mtbf <|>` of a server), from the keyword before the cursor.
 */
function distributionFieldDimension(context: CompletionContext): Dimension | undefined {
    const field = /\b(cpu|gpu|every|mtbf|mttr)\s+[A-Za-z]*$/.exec(context.textDocument.getText().slice(Math.max(0, context.offset - 64), context.offset))?.[1];
    const element = context.node && AstUtils.getContainerOfType(context.node, n => ast.isStep(n) || ast.isProcess(n) || ast.isServer(n));
    return field && element ? fieldDimension(element.$type, field) : undefined;
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
