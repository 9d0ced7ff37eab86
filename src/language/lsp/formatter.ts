/**
 * The formatter (Langium's AbstractFormatter):
 * - one element per block, a blank line between elements kept (at most one);
 * - inside braces a 4-space indent (the editor's tab size), one field per
 *   line (`idle cpu … ram …`, `net in … out …` and `weight time … variance …`
 *   are one field each), one allocation line per line, a blank line between
 *   fields kept (at most one);
 * - a single space between tokens, `->` with spaces, none inside `GHz*h` or
 *   `-3`, none inside parentheses or before a comma;
 * - comments stay where they are: a trailing comment keeps the spaces before
 *   it (aligned comments stay aligned), a comment on its own line is indented.
 * A document with syntax errors is not formatted (Langium's rule), so
 * formatting never changes the meaning of a file.
 */
import { GrammarAST, isCompositeCstNode, type AstNode, type CstNode, type LangiumDocument } from 'langium';
import { AbstractFormatter, Formatting, type FormattingAction, type FormattingContext } from 'langium/lsp';
import type { FormattingOptions, Range, TextEdit } from 'vscode-languageserver';
import * as ast from '../generated/ast.js';
import { isDistributionNode } from './fields.js';

/** The keywords that start a field, per element type (the other keywords continue a field). */
const FIELD_STARTS: Record<string, ReadonlySet<string>> = {
    [ast.Server.$type]: new Set(['label', 'cpu', 'gpu', 'ram', 'net', 'price', 'count']),
    [ast.Component.$type]: new Set(['label', 'idle', 'permanent', 'startup']),
    [ast.Step.$type]: new Set(['label', 'runs', 'cpu', 'gpu', 'ram', 'net', 'threads', 'data', 'split']),
    [ast.Process.$type]: new Set(['label', 'steps', 'every', 'deadline', 'weight']),
    [ast.Allocation.$type]: new Set(['label']),
    [ast.OptimizeBlock.$type]: new Set(['label', 'horizon', 'warmup', 'keepalive', 'replications', 'population',
        'generations', 'evaluations', 'timeout', 'stagnation', 'events', 'seed', 'prefer', 'latency'])
};

/** A new line (two when there was a blank line), at the current indentation. */
const LINE_KEEP_BLANK: FormattingAction = { options: {}, moves: [{ lines: 1 }, { lines: 2 }] };
/** The same, one level deeper. */
const INDENTED_LINE_KEEP_BLANK: FormattingAction = { options: {}, moves: [{ tabs: 1, lines: 1 }, { tabs: 1, lines: 2 }] };

export class MlopsFormatter extends AbstractFormatter {
    /** Langium writes `\n`; a file with CRLF line ends keeps them. */
    protected override doDocumentFormat(document: LangiumDocument, options: FormattingOptions, range?: Range): TextEdit[] {
        const edits = super.doDocumentFormat(document, options, range);
        if (!document.textDocument.getText().includes('\r\n')) {
            return edits;
        }
        return edits.map(edit => ({ ...edit, newText: edit.newText.replace(/\r?\n/g, '\r\n') }))
            .filter(edit => edit.newText !== document.textDocument.getText(edit.range));
    }

    protected format(node: AstNode): void {
        if (ast.isModel(node)) {
            this.formatModel(node);
        } else if (FIELD_STARTS[node.$type]) {
            this.formatBlock(node, FIELD_STARTS[node.$type]);
        } else if (ast.isPlacement(node) || ast.isLimit(node)) {
            this.spaceChildren(node);
        } else if (isDistributionNode(node)) {
            this.formatDistribution(node);
        } else if (ast.isQuantity(node)) {
            this.formatter(node).property('unit').prepend(Formatting.oneSpace());
        }
        this.tightenDataTypes(node);
    }

    protected formatter(node: AstNode) {
        return this.getNodeFormatter(node);
    }

    protected formatModel(model: ast.Model): void {
        const f = this.formatter(model);
        f.keyword('system').append(Formatting.oneSpace());
        f.keyword('label').prepend(Formatting.oneSpace()).append(Formatting.oneSpace());
        f.nodes(...model.elements).prepend(LINE_KEEP_BLANK);
        const cst = innermost(model.$cstNode);
        if (cst && isCompositeCstNode(cst)) {
            // Comments between elements (doc comments included): at most one blank line before them.
            f.cst(cst.content.filter(child => child.hidden)).prepend(LINE_KEEP_BLANK);
        }
    }

    /**
     * Langium only re-indents a comment on its own line; this also fits the
     * number of line breaks before it to the formatting asked for (at most
     * one blank line), leaving trailing comments alone.
     */
    protected override createHiddenTextEdits(previous: CstNode | undefined, hidden: CstNode, formatting: FormattingAction | undefined,
        context: FormattingContext): TextEdit[] {
        const edits = super.createHiddenTextEdits(previous, hidden, formatting, context);
        if (!previous || !formatting || previous.range.end.line >= hidden.range.start.line) {
            return edits;
        }
        const existing = hidden.range.start.line - previous.range.end.line;
        const wanted = formatting.moves.find(m => m.lines !== undefined && existing <= m.lines)?.lines
            ?? formatting.moves.at(-1)?.lines;
        if (wanted === undefined || wanted === existing) {
            return edits;
        }
        const lineBreaks: TextEdit = {
            range: { start: previous.range.end, end: { line: hidden.range.start.line, character: 0 } },
            newText: '\n'.repeat(wanted)
        };
        return [lineBreaks, ...edits];
    }

    /** `kind name {`, then one field per line, indented, and `}` on its own line. */
    protected formatBlock(node: AstNode, fieldStarts: ReadonlySet<string>): void {
        const cst = innermost(node.$cstNode);
        if (!cst || !isCompositeCstNode(cst)) {
            return;
        }
        const f = this.formatter(node);
        const open = f.keyword('{');
        const close = f.keyword('}');
        const openNode = open.nodes[0];
        const closeNode = close.nodes[0];
        if (!openNode || !closeNode) {
            return;
        }
        // Between the element keyword, its name and `{`.
        for (const child of cst.content) {
            if (child.offset >= openNode.offset) {
                break;
            }
            if (!child.hidden && child !== cst.content[0]) {
                f.cst([child]).prepend(Formatting.oneSpace());
            }
        }
        open.prepend(Formatting.oneSpace());
        const interior = cst.content.filter(child => child.offset > openNode.offset && child.end <= closeNode.offset);
        let hasContent = false;
        for (const child of interior) {
            if (child.hidden) {
                // A comment on its own line is indented like a field; a trailing one is left alone.
                f.cst([child]).prepend(INDENTED_LINE_KEEP_BLANK);
            } else if (this.startsField(child, fieldStarts)) {
                f.cst([child]).prepend(INDENTED_LINE_KEEP_BLANK);
                hasContent = true;
            } else {
                f.cst([child]).prepend(Formatting.oneSpace());
                hasContent = true;
            }
        }
        close.prepend(hasContent || interior.length > 0 ? Formatting.newLine() : Formatting.noSpace());
    }

    /** A field starts at one of the type's field keywords, or at an allocation line. */
    protected startsField(child: CstNode, fieldStarts: ReadonlySet<string>): boolean {
        if (GrammarAST.isKeyword(child.grammarSource)) {
            return fieldStarts.has(child.grammarSource.value);
        }
        return ast.isPlacement(child.astNode) || ast.isLimit(child.astNode);
    }

    /** `exponential(mean 4 h)`, `uniform(1 s, 2 s)`: no space inside the parentheses nor before a comma. */
    protected formatDistribution(node: ast.Distribution): void {
        const f = this.formatter(node);
        f.keyword('(').prepend(Formatting.noSpace()).append(Formatting.noSpace());
        f.keyword(')').prepend(Formatting.noSpace());
        f.keywords(',').prepend(Formatting.noSpace()).append(Formatting.oneSpace());
        for (const keyword of ['mean', 'sd', 'cv']) {
            f.keyword(keyword).append(Formatting.oneSpace());
        }
    }

    /** One space between every token of a single-line node (allocation lines). */
    protected spaceChildren(node: AstNode): void {
        const cst = innermost(node.$cstNode);
        if (!cst || !isCompositeCstNode(cst)) {
            return;
        }
        const f = this.formatter(node);
        cst.content.slice(1).filter(child => !child.hidden).forEach(child => f.cst([child]).prepend(Formatting.oneSpace()));
    }

    /** No space inside the data type rules `Num` (`-3`) and `Unit` (`GHz*h`, `PLN/h`). */
    protected tightenDataTypes(node: AstNode): void {
        const cst = innermost(node.$cstNode);
        if (!cst || !isCompositeCstNode(cst)) {
            return;
        }
        const f = this.formatter(node);
        for (const child of cst.content) {
            if (isCompositeCstNode(child) && isDataTypeCall(child, ['Num', 'Unit'])) {
                child.content.slice(1).filter(leaf => !leaf.hidden).forEach(leaf => f.cst([leaf]).prepend(Formatting.noSpace()));
            }
        }
    }
}

/**
 * The node whose children are the tokens: an element's CST node wraps the
 * rule call `Element` → `Server` in composite nodes with the same range.
 */
function innermost(node: CstNode | undefined): CstNode | undefined {
    let current = node;
    while (current && isCompositeCstNode(current) && current.content.filter(c => !c.hidden).length === 1
        && isCompositeCstNode(current.content.find(c => !c.hidden)!)
        && current.content.find(c => !c.hidden)!.astNode === current.astNode) {
        current = current.content.find(c => !c.hidden)!;
    }
    return current;
}

function isDataTypeCall(node: CstNode, names: string[]): boolean {
    const source = node.grammarSource;
    return GrammarAST.isRuleCall(source) && names.includes(source.rule.ref?.name ?? '')
        || (GrammarAST.isAssignment(source) && GrammarAST.isRuleCall(source.terminal) && names.includes(source.terminal.rule.ref?.name ?? ''));
}
