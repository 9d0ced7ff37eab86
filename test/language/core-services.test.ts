/**
 * The CLI loads models on Langium's core services (mlops-core-module.ts,
 * load-core.ts) so that it does not load the LSP at every start; the editor
 * uses the full services. Both must say the same about every file: the same
 * diagnostics (codes, ranges, messages, data) and the same model.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { loadModelCore } from '../../src/language/load-core.js';
import { loadModel } from '../../src/language/load.js';

const files = [
    ...readdirSync('examples').filter(n => n.endsWith('.mlops')).map(n => join('examples', n)),
    ...readdirSync('test/fixtures/invalid').map(n => join('test/fixtures/invalid', n)),
    ...readdirSync('test/fixtures/crashers').map(n => join('test/fixtures/crashers', n)),
    'language/template.mlops'
];

test('core and full services give the same diagnostics and model for every example and fixture', async () => {
    expect(files.length).toBeGreaterThan(30);
    let withErrors = 0;
    for (const file of files) {
        const text = readFileSync(file, 'latin1');
        const full = await loadModel(text);
        const core = await loadModelCore(text);
        expect(core.diagnostics, file).toEqual(full.diagnostics);
        expect(core.model, file).toEqual(full.model);
        withErrors += full.diagnostics.some(d => d.severity === 1) ? 1 : 0;
    }
    // Both kinds are compared: files with errors and files that give a model.
    expect(withErrors).toBeGreaterThan(10);
    expect(files.length - withErrors).toBeGreaterThan(3);
}, 120_000);
