/**
 * One diagnostic of a model file as `validate` reports it in every format
 * (the `FILE:LINE:COL: severity CODE: message` line, `--format json`,
 * `--format sarif`): lines and columns from 1, columns in UTF-16 code units
 * as in the editor, the end exclusive, the message on one line.
 */
import type { Diagnostic } from 'vscode-languageserver';
import type { DiagnosticJson } from '../schema/index.js';
import { TOO_MANY_DIAGNOSTICS, type OmittedCounts } from '../language/validation/diagnostic-cap.js';

export function diagnosticJson(d: Diagnostic): DiagnosticJson {
    const data = d.data as (Partial<OmittedCounts> & { code?: string }) | undefined;
    // One line per diagnostic: the parser's messages may span lines ("Expecting: one of these ...").
    const message = (typeof d.message === 'string' ? d.message : d.message.value).replace(/\s*[\r\n]+\s*/g, ' ').trim();
    return {
        severity: d.severity === 1 ? 'error' : d.severity === 2 ? 'warning' : 'info',
        code: data?.code ?? (typeof d.code === 'string' ? d.code : 'unknown'),
        message,
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        endLine: d.range.end.line + 1,
        endColumn: d.range.end.character + 1,
        ...(data?.code === TOO_MANY_DIAGNOSTICS ? { omitted: { errors: data.errors ?? 0, warnings: data.warnings ?? 0, others: data.others ?? 0 } } : {})
    };
}
