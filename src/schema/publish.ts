/**
 * The text of each JSON Schema file of docs/schema/ (scripts/write-schemas.ts
 * writes them; test/schema/published.test.ts fails when the checked-in files
 * differ). TypeBox schemas are JSON Schema already: JSON.stringify drops the
 * symbols TypeBox keeps on them (kinds, decoders).
 */
import { PUBLISHED } from './index.js';

const BASE = 'https://raw.githubusercontent.com/mlops-tools/mlops-allocation/main/docs/schema/';

export function publishedFiles(): { file: string; text: string }[] {
    return PUBLISHED.map(({ file, title, schema }) => ({
        file,
        text: JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', $id: BASE + file, title, ...schema }, null, 2) + '\n'
    }));
}
