/**
 * Langium's document validator, with the project's codes on its built-in
 * diagnostics: lexing and parsing errors become `syntax-error`, linking
 * errors become `unresolved-name` with `suggestions` (nearest names of the
 * expected kind first, by edit distance) and a "did you mean" message. The
 * quick fixes (src/language/lsp/code-actions.ts) read exactly this data.
 */
import { AstUtils, DefaultDocumentValidator, DocumentValidator, type AstNode, type AstReflection, type LangiumDocument, type ValidationOptions } from 'langium';
import type { LangiumServices } from 'langium/lsp';
import type { Diagnostic } from 'vscode-languageserver';
import { Codes } from './codes.js';
import { nearestNames } from './suggest.js';

const SYNTAX_CODES = new Set<string>([DocumentValidator.LexingError, DocumentValidator.ParsingError]);

export class MlopsDocumentValidator extends DefaultDocumentValidator {
    protected readonly reflection: AstReflection;

    constructor(services: LangiumServices) {
        super(services);
        this.reflection = services.shared.AstReflection;
    }

    override async validateDocument(document: LangiumDocument, options?: ValidationOptions, cancelToken?: Parameters<DefaultDocumentValidator['validateDocument']>[2]): Promise<Diagnostic[]> {
        const diagnostics = await super.validateDocument(document, options, cancelToken);
        for (const d of diagnostics) {
            const data = d.data as { code?: string } | undefined;
            if (data?.code && SYNTAX_CODES.has(data.code)) {
                d.data = { ...data, code: Codes.syntax, langiumCode: data.code };
            }
        }
        return diagnostics;
    }

    protected override processLinkingErrors(document: LangiumDocument, diagnostics: Diagnostic[], _options: ValidationOptions): void {
        const root = document.parseResult.value;
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
            const candidates = targetType ? namesOfType(root, targetType) : [];
            const suggestions = nearestNames(refText, candidates);
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
                data: { code: Codes.unresolvedName, suggestions, refText, kind, property: info.property }
            }));
        }
    }
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
