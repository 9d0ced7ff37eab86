/** The JSON of `mlops validate --format json` (docs/cli.md "validate --format"). */
import { Type, type Static } from '@sinclair/typebox';
import { Whole } from './common.js';

export const Severity = Type.Union([Type.Literal('error'), Type.Literal('warning'), Type.Literal('info')]);

/** One diagnostic. Lines and columns count from 1; columns in UTF-16 code units (as the editor's); the end is exclusive. */
export const DiagnosticJson = Type.Object({
    severity: Severity,
    code: Type.String({ description: 'the diagnostic code (docs/language.md), e.g. missing-unit' }),
    message: Type.String(),
    line: Whole(1),
    column: Whole(1),
    endLine: Whole(1),
    endColumn: Whole(1, 'the column just after the last character'),
    omitted: Type.Optional(Type.Object({ errors: Whole(), warnings: Whole(), others: Whole() }, {
        additionalProperties: false,
        description: 'only on the too-many-diagnostics summary: how many diagnostics of each severity were left out'
    }))
}, { additionalProperties: false });

export const ValidateJson = Type.Object({
    files: Type.Array(Type.Object({
        file: Type.String({ description: 'the path as given (<stdin> for -, standard input)' }),
        readable: Type.Boolean(),
        error: Type.Optional(Type.String({ description: 'why the file could not be read (readable is false)' })),
        diagnostics: Type.Array(DiagnosticJson, { description: 'in text order' })
    }, { additionalProperties: false }), { description: 'in the order given' }),
    errors: Whole(0, 'errors over all files (counting those left out of a capped file)'),
    warnings: Whole(),
    unreadable: Whole()
}, { additionalProperties: false });

export type ValidateJson = Static<typeof ValidateJson>;
export type DiagnosticJson = Static<typeof DiagnosticJson>;
