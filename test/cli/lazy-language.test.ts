/**
 * The CLI bundle evaluates the language (Langium, Chevrotain, the grammar)
 * only when a command checks a model text: src/cli imports load-core.ts
 * with import() where it is needed, which esbuild bundles as a module run
 * on first use. A command whose model comes from the cache of checked
 * models (src/cli/model-cache.ts) then never runs them. A static import of
 * any of them on the CLI's start path would undo that silently: this test
 * follows the bundle's static imports from src/cli/main.ts.
 */
import * as esbuild from 'esbuild';
import { expect, test } from 'vitest';

test('no static import path leads from the CLI entry to Langium, Chevrotain or the parser', async () => {
    const result = await esbuild.build({
        entryPoints: ['src/cli/main.ts'], bundle: true, platform: 'node', format: 'cjs', target: 'node20',
        write: false, metafile: true, logLevel: 'silent', outfile: 'out/lazy-language-check.cjs'
    });
    const inputs = result.metafile.inputs;
    const reached = new Set<string>();
    const stack = ['src/cli/main.ts'];
    while (stack.length > 0) {
        const file = stack.pop()!;
        if (reached.has(file)) { continue; }
        reached.add(file);
        for (const imported of inputs[file]?.imports ?? []) {
            if (imported.kind !== 'dynamic-import' && !imported.external) { stack.push(imported.path); }
        }
    }
    const language = [...reached].filter(f => /node_modules\/(langium|chevrotain)|src\/language\/(load-core|mlops-core-module|generated|parser)/.test(f));
    expect(language).toEqual([]);
    // The check sees the whole bundle: the language is in it, behind import().
    expect(Object.keys(inputs).some(f => f.includes('node_modules/langium/'))).toBe(true);
    expect(reached.has('src/cli/load-file.ts')).toBe(true);
}, 60_000);
