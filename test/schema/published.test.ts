/**
 * docs/schema/ holds exactly what scripts/write-schemas.ts writes from
 * src/schema (the one definition of the JSON formats), and each file is a
 * valid JSON Schema that Ajv compiles in strict mode.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { publishedFiles } from '../../src/schema/publish.js';
import { schemaErrors } from './ajv.js';

const files = publishedFiles();

describe('docs/schema/', () => {
    test('has one file per published schema and no other', () => {
        const checkedIn = readdirSync(join('docs', 'schema')).filter(f => f.endsWith('.json')).sort();
        expect(checkedIn).toEqual(files.map(f => f.file).sort());
    });

    test.each(files.map(f => [f.file, f.text]))('%s is what `npm run schema` writes (run it after changing src/schema)', (file, text) => {
        expect(readFileSync(join('docs', 'schema', file), 'utf8')).toBe(text);
    });

    test.each(files.map(f => [f.file]))('%s compiles in strict mode and rejects a value of the wrong type', (file) => {
        expect(schemaErrors(file, 'not an object').length).toBeGreaterThan(0);
    });
});
