/**
 * Langium's document validator, with the project's codes on its built-in
 * diagnostics: lexing and parsing errors become `syntax-error`, linking
 * errors become `unresolved-name` with `suggestions` (nearest names of the
 * expected kind first, by edit distance) and a "did you mean" message. The
 * quick fixes (src/language/lsp/code-actions.ts) read exactly this data.
 */
import {
    AstUtils, Cancellation, DefaultDocumentValidator, DocumentValidator, isCompositeCstNode, isLeafCstNode, isOperationCancelled,
    type AstNode, type AstReflection, type CstNode, type LangiumCoreServices, type LangiumDocument, type ValidationAcceptor, type ValidationOptions
} from 'langium';
import type { Diagnostic, Range } from 'vscode-languageserver';
import { Codes } from './codes.js';
import { nearestNames } from './suggest.js';
import { CappedDiagnostics, capDiagnostics, MAX_DIAGNOSTICS } from './diagnostic-cap.js';
import { INTERNAL_ERROR } from './mlops-validator.js';

const SYNTAX_CODES = new Set<string>([DocumentValidator.LexingError, DocumentValidator.ParsingError]);

export class MlopsDocumentValidator extends DefaultDocumentValidator {
    protected readonly reflection: AstReflection;

    constructor(services: LangiumCoreServices) {
        super(services);
        this.reflection = services.shared.AstReflection;
    }

    override async validateDocument(document: LangiumDocument, options?: ValidationOptions, cancelToken?: Parameters<DefaultDocumentValidator['validateDocument']>[2]): Promise<Diagnostic[]> {
        const diagnostics = await super.validateDocument(document, options, cancelToken);
        // Built-in diagnostics come once, with the 'built-in' category (a later build may validate other categories only).
        const builtIn = !options?.categories || options.categories.includes('built-in');
        const unterminated = builtIn ? unterminatedComment(document) : undefined;
        if (unterminated) {
            diagnostics.unshift({
                severity: 1, range: unterminated, source: this.getSource(),
                message: "comment '/*' is never closed with '*/'; the rest of the file is ignored",
                code: Codes.syntax, data: { code: Codes.syntax }
            });
        }
        for (const d of diagnostics) {
            const data = d.data as { code?: string } | undefined;
            if (data?.code && SYNTAX_CODES.has(data.code)) {
                d.data = { ...data, code: Codes.syntax, langiumCode: data.code };
                d.code = Codes.syntax;
                if (data.code === DocumentValidator.LexingError) {
                    d.message = lexingMessage(document, d);
                }
            }
        }
        return capDiagnostics(capSyntaxErrors(diagnostics));
    }

    /**
     * The checks' diagnostics, at most MAX_DIAGNOSTICS and a summary
     * (diagnostic-cap.ts: Langium's own collection overflows the stack on
     * huge counts). A check that throws (other than a cancellation) becomes
     * one `internal-error` instead of being logged and dropped, so the file
     * never looks clean because a check failed.
     */
    protected override async validateAst(rootNode: AstNode, options: ValidationOptions, cancelToken: Cancellation.CancellationToken = Cancellation.CancellationToken.None): Promise<Diagnostic[]> {
        const collected = new CappedDiagnostics();
        const acceptor: ValidationAcceptor = (severity, message, info) => collected.add(this.toDiagnostic(severity, message, info));
        try {
            await this.validateAstBefore(rootNode, options, acceptor, cancelToken);
            await this.validateAstNodes(rootNode, options, acceptor, cancelToken);
            await this.validateAstAfter(rootNode, options, acceptor, cancelToken);
        } catch (error) {
            if (isOperationCancelled(error)) {
                throw error;
            }
            collected.add(this.toDiagnostic('error', `internal error while checking the file (please report it): ${error instanceof Error ? error.message : String(error)}`, {
                node: rootNode, code: INTERNAL_ERROR, data: { code: INTERNAL_ERROR }
            }));
        }
        return collected.result();
    }

    protected override processLinkingErrors(document: LangiumDocument, diagnostics: Diagnostic[], _options: ValidationOptions): void {
        const root = document.parseResult.value;
        // Names per type, read once per document (not once per unresolved name).
        const namesByType = new Map<string, string[]>();
        let reported = 0;
        for (const reference of document.references) {
            const error = reference.error;
            if (!error) {
                continue;
            }
            const info = error.info;
            const refText = info.reference.$refText;
            let targetType: string | undefined;
            try {
                targetType = this.reflection.getReferenceType(info);
            } catch {
                targetType = undefined;
            }
            const kind = (targetType ?? 'element').toLowerCase();
            let candidates: string[] = [];
            if (targetType) {
                candidates = namesByType.get(targetType) ?? namesOfType(root, targetType);
                namesByType.set(targetType, candidates);
            }
            // Beyond the cap the message is not shown (diagnostic-cap.ts): skip the edit distances.
            const suggestions = ++reported <= MAX_DIAGNOSTICS ? nearestNames(refText, candidates) : [];
            let message: string;
            if (suggestions.length > 0) {
                message = `unknown ${kind} '${refText}'; did you mean '${suggestions[0]}'?`;
            } else if (candidates.length > 0) {
                const shown = candidates.slice(0, 8).join(', ');
                message = `unknown ${kind} '${refText}' (declared: ${shown}${candidates.length > 8 ? ', ...' : ''})`;
            } else {
                message = `unknown ${kind} '${refText}': the file declares no ${kind}`;
            }
            diagnostics.push(this.toDiagnostic('error', message, {
                node: info.container,
                range: reference.$refNode?.range,
                property: info.property as never,
                index: info.index,
                code: Codes.unresolvedName,
                data: { code: Codes.unresolvedName, suggestions, refText, kind, property: info.property }
            }));
        }
    }
}

/** At most this many syntax errors per document: binary garbage would give one per byte. */
export const MAX_SYNTAX_ERRORS = 100;

function capSyntaxErrors(diagnostics: Diagnostic[]): Diagnostic[] {
    const syntax = diagnostics.filter(d => (d.data as { code?: string } | undefined)?.code === Codes.syntax);
    if (syntax.length <= MAX_SYNTAX_ERRORS) {
        return diagnostics;
    }
    const dropped = new Set(syntax.slice(MAX_SYNTAX_ERRORS));
    const last = syntax[MAX_SYNTAX_ERRORS - 1];
    const kept = diagnostics.filter(d => !dropped.has(d));
    kept.push({
        severity: 1, range: last.range, source: last.source,
        message: `${dropped.size} more syntax errors not shown; is this a .mlops text file?`,
        code: Codes.syntax, data: { code: Codes.syntax }
    });
    return kept;
}

/**
 * The range of the opening `/*` of an unterminated comment: such a comment
 * is one hidden token running to the end of the file (see the grammar), so it
 * is the last leaf of the tree.
 */
function unterminatedComment(document: LangiumDocument): Range | undefined {
    let node: CstNode | undefined = document.parseResult.value.$cstNode;
    while (node && isCompositeCstNode(node) && node.content.length > 0) {
        node = node.content[node.content.length - 1];
    }
    if (node && isLeafCstNode(node) && node.tokenType.name === 'UNTERMINATED_COMMENT') {
        const start = node.range.start;
        return { start, end: { line: start.line, character: start.character + 2 } };
    }
    return undefined;
}

/** "unexpected character '=' (skipped)" instead of Chevrotain's offset-based text. */
function lexingMessage(document: LangiumDocument, d: Diagnostic): Diagnostic['message'] {
    const text = document.textDocument.getText(d.range);
    if (!text) {
        return d.message;
    }
    const shown = text.length > 20 ? `${text.slice(0, 20)}...` : text;
    const printable = /^[\x20-\x7e]+$/.test(shown) ? `'${shown}'` : JSON.stringify(shown);
    return `unexpected ${text.length === 1 ? 'character' : 'characters'} ${printable}; skipped`;
}

/** Names of the root's elements of one type, in file order, without repeats. */
function namesOfType(root: AstNode, type: string): string[] {
    const names = new Set<string>();
    for (const node of AstUtils.streamContents(root)) {
        const name = (node as AstNode & { name?: unknown }).name;
        if (node.$type === type && typeof name === 'string' && name.length > 0) {
            names.add(name);
        }
    }
    return [...names];
}
