import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, test } from 'vitest';
import { clearDocuments } from 'langium/test';
import { services } from './helpers.js';
import { loadModel } from '../../../src/language/load.js';

interface Snippet { prefix: string; body: string | string[]; description: string }

const snippets = JSON.parse(readFileSync('language/snippets.json', 'utf8')) as Record<string, Snippet>;
const configuration = JSON.parse(readFileSync('language/language-configuration.json', 'utf8')) as Record<string, unknown>;

/** The text a snippet inserts when every placeholder keeps its default. */
function expand(snippet: Snippet): string {
    const body = Array.isArray(snippet.body) ? snippet.body.join('\n') : snippet.body;
    return body.replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\d+/g, '');
}

describe('snippets', () => {
    afterEach(() => clearDocuments(services.shared));

    test('the system snippet expands to a model without errors', async () => {
        const result = await loadModel(expand(snippets.System));
        expect(result.diagnostics.filter(d => d.severity === 1).map(d => d.message)).toEqual([]);
        expect(result.model?.allocations).toHaveLength(1);
    });

    test.each(Object.entries(snippets).filter(([name]) => name !== 'System'))('%s expands to text without syntax errors', async (_name, snippet) => {
        const isDistribution = !/^(server|component|step|process|allocation|optimize)/.test(snippet.prefix);
        const text = isDistribution
            ? `system s\nprocess p { every ${expand(snippet)} }`
            : `system s\n${expand(snippet)}`;
        const result = await loadModel(text);
        const syntax = result.diagnostics.filter(d => (d.data as { code?: string } | undefined)?.code === 'syntax-error'
            || /Expecting|Unexpected/.test(String(d.message)));
        expect(syntax.map(d => d.message)).toEqual([]);
        // Units in a snippet are units of the right dimension.
        expect(result.diagnostics.filter(d => /unit/.test(String((d.data as { code?: string } | undefined)?.code))).map(d => d.message)).toEqual([]);
    });
});

describe('language configuration', () => {
    test('its patterns are valid regular expressions, and words are the language names and numbers', () => {
        const word = new RegExp(`^(?:${configuration.wordPattern as string})$`);
        for (const w of ['feature_store', 'load-features', 'x1', '1.5', '.5', '2e3']) {
            expect(word.test(w), w).toBe(true);
        }
        expect(word.test('a->b')).toBe(false);
        const rules = configuration.indentationRules as Record<string, string>;
        expect(new RegExp(rules.increaseIndentPattern).test('server a {')).toBe(true);
        expect(new RegExp(rules.decreaseIndentPattern).test('    }')).toBe(true);
        expect(configuration.comments).toEqual({ lineComment: '//', blockComment: ['/*', '*/'] });
    });
});
