/**
 * A diagnostic found by a check, before it is handed to Langium's acceptor.
 * Checks return problems (plain data) so that other checks can ask "is this
 * element valid?" without reporting twice.
 */
import type { AstNode, ValidationAcceptor } from 'langium';
import type { Range } from 'vscode-languageserver';
import type { DiagnosticData } from './codes.js';

export interface Problem {
    severity: 'error' | 'warning';
    message: string;
    node: AstNode;
    /** The offending property (its text range is marked). */
    property?: string;
    index?: number;
    /** An explicit range, when neither the node nor a property fits. */
    range?: Range;
    data: DiagnosticData;
}

export function report(accept: ValidationAcceptor, problems: Iterable<Problem>): void {
    for (const p of problems) {
        accept(p.severity, p.message, {
            node: p.node,
            property: p.property as never,
            index: p.index,
            range: p.range,
            data: p.data,
            // Also the LSP `code`: VS Code shows it beside the message in the Problems view.
            code: p.data.code
        });
    }
}
