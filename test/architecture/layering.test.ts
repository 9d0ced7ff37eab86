/**
 * The layering of src/, checked on every import of every file (not by memory):
 * - the core (src/model, src/sim, src/opt, src/platform, src/polyfill) imports
 *   neither `vscode` nor Langium, nor any folder outside the core, and model
 *   imports no other folder at all;
 * - the results view (src/webview, a browser bundle) imports no Node.js module;
 * - a folder reaches another only through that folder's entry files
 *   (ENTRIES below), so a folder's insides can change without its callers.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(__dirname, '../../src');

const CORE = new Set(['model', 'sim', 'opt', 'platform', 'polyfill']);

/**
 * Files of a folder that other folders may import. A folder not listed is
 * open (model: a library of small pure modules; language: its own
 * sub-folders). Each exception says why it is an entry.
 */
const ENTRIES: Record<string, string[]> = {
    sim: ['index.ts', 'api.ts'],
    // result.ts: the choice rule, which the extension applies to partial
    // results without loading the search; pool.ts: the extension's optimize
    // worker builds the evaluation threads itself; distributed/url.ts: the
    // extension checks the mlops.optimizer.redis URL without loading the optimizer.
    opt: ['index.ts', 'api.ts', 'result.ts', 'pool.ts', 'distributed/url.ts'],
    webview: ['protocol.ts'],
    schema: ['index.ts']
};

interface Import { file: string; specifier: string }

function sourceFiles(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) {
            return entry.name === 'generated' ? [] : sourceFiles(path);
        }
        return /\.(ts|mts|cts)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
    });
}

/** Static imports, re-exports and dynamic import() of string literals. */
function importsOf(file: string): Import[] {
    const text = readFileSync(file, 'utf8');
    const found: Import[] = [];
    const pattern = /(?:^|\n)\s*(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;
    for (const match of text.matchAll(pattern)) {
        found.push({ file: relative(SRC, file), specifier: match[1] ?? match[2] ?? match[3] });
    }
    return found;
}

const folderOf = (pathInSrc: string) => pathInSrc.split(sep)[0];

const all = sourceFiles(SRC).flatMap(importsOf);

function violations(check: (imp: Import) => string | undefined): string[] {
    return all.flatMap(imp => {
        const why = check(imp);
        return why ? [`${imp.file}: ${imp.specifier} (${why})`] : [];
    });
}

const isPackage = (specifier: string) => !specifier.startsWith('.');
const isNodeBuiltin = (specifier: string) => specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0]);

describe('layering of src/', () => {
    it('finds the imports it checks', () => {
        expect(all.length).toBeGreaterThan(200);
        expect(all.some(i => i.file.startsWith(`sim${sep}`) && i.specifier.includes('model/types'))).toBe(true);
    });

    it('the core imports neither vscode nor Langium, nor a folder outside the core', () => {
        expect(violations(({ file, specifier }) => {
            const folder = folderOf(file);
            if (!CORE.has(folder)) {
                return undefined;
            }
            if (isPackage(specifier)) {
                return specifier === 'vscode' || specifier.startsWith('vscode-') || specifier.startsWith('langium') || specifier.startsWith('chevrotain')
                    ? 'editor or language library in the core' : undefined;
            }
            const target = folderOf(relative(SRC, resolve(SRC, dirname(file), specifier)));
            if (!CORE.has(target)) {
                return `core folder ${folder} reaches ${target}`;
            }
            return folder === 'model' && target !== 'model' ? 'model depends on nothing else' : undefined;
        })).toEqual([]);
    });

    it('the results view imports no Node.js module', () => {
        expect(violations(({ file, specifier }) =>
            folderOf(file) === 'webview' && isNodeBuiltin(specifier) ? 'Node.js module in a browser bundle' : undefined)).toEqual([]);
    });

    it('a folder reaches another only through its entry files', () => {
        expect(violations(({ file, specifier }) => {
            if (isPackage(specifier)) {
                return undefined;
            }
            const target = relative(SRC, resolve(SRC, dirname(file), specifier)).replace(/\.js$/, '.ts');
            const [targetFolder, ...rest] = target.split(sep);
            if (targetFolder === folderOf(file) || !(targetFolder in ENTRIES)) {
                return undefined;
            }
            return ENTRIES[targetFolder].includes(rest.join('/')) ? undefined : `not an entry of ${targetFolder}: ${ENTRIES[targetFolder].join(', ')}`;
        })).toEqual([]);
    });
});
