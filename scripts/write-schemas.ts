/**
 * `npm run schema`: writes the JSON Schema files of docs/schema/ from the
 * schemas of src/schema (the one definition of the JSON formats). Run it
 * after changing a schema; test/schema/published.test.ts fails until then.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { publishedFiles } from '../src/schema/publish.js';

const dir = join(import.meta.dirname, '..', 'docs', 'schema');
mkdirSync(dir, { recursive: true });
const files = publishedFiles();
// A schema no longer published must not linger.
for (const old of readdirSync(dir).filter(f => f.endsWith('.schema.json') && !files.some(p => p.file === f))) {
    rmSync(join(dir, old));
}
for (const { file, text } of files) {
    writeFileSync(join(dir, file), text);
    process.stdout.write(`wrote docs/schema/${file}\n`);
}
