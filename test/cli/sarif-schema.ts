/**
 * The official SARIF 2.1.0 JSON Schema (OASIS; the copy shipped by
 * Microsoft's @microsoft/jest-sarif, which is draft-04, hence ajv-draft-04).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { ErrorObject } from 'ajv';

const schemaFile = createRequire(import.meta.url).resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
// unicodeRegExp false: the schema's pattern of `language` has a stray `]`, which only non-unicode regular expressions accept.
const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats.default(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')) as object);

export function sarifSchemaErrors(log: unknown): ErrorObject[] {
    return validate(log) ? [] : validate.errors ?? [];
}
