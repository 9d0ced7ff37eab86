/** Ajv (a JSON Schema validator independent of TypeBox) loaded with the published schemas of docs/schema/. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';

export function docsSchema(file: string): Record<string, unknown> {
    return JSON.parse(readFileSync(join('docs', 'schema', file), 'utf8')) as Record<string, unknown>;
}

/** Validates `data` against the docs/schema/ file; returns ajv's errors (empty when valid). */
export function schemaErrors(file: string, data: unknown): ErrorObject[] {
    const ajv = new Ajv({ allErrors: true, strict: true });
    addFormats.default(ajv);
    const validate = ajv.compile(docsSchema(file));
    return validate(data) ? [] : validate.errors ?? [];
}
