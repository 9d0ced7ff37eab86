/**
 * Walks every stop of every snippet as VS Code does: the snippet is inserted
 * with its defaults and the cursor stands at the end of a stop's text (where
 * typing or Tab leaves it). What completion offers there is what Tab would
 * accept instead of moving on (issue 12, item 14): after a number nothing,
 * at the name of a new element nothing, at a unit only units of the field
 * (the default among them).
 */
import { readFileSync } from 'node:fs';
import { clearDocuments, parseHelper } from 'langium/test';
import { afterEach, describe, expect, test } from 'vitest';
import { lookupUnit } from '../../../src/model/units.js';
import { distributionSnippet } from '../../../src/language/lsp/distribution-snippets.js';
import { services } from './helpers.js';

interface Stop { start: number; end: number; value: string }

/** The text of a snippet body with every stop at its default, and where each stop's text lies. */
function expand(body: string): { text: string; stops: Stop[] } {
    const stops: Stop[] = [];
    let text = '';
    let last = 0;
    for (const m of body.matchAll(/\$\{(\d+):([^}]*)\}|\$(\d+)/g)) {
        text += body.slice(last, m.index);
        const value = m[2] ?? '';
        stops.push({ start: text.length, end: text.length + value.length, value });
        text += value;
        last = m.index! + m[0].length;
    }
    return { text: text + body.slice(last), stops };
}

const parse = parseHelper(services);

async function labelsAt(text: string, offset: number): Promise<string[]> {
    const document = await parse(text);
    const list = await services.lsp.CompletionProvider!.getCompletion(document, {
        textDocument: { uri: document.uri.toString() }, position: document.textDocument.positionAt(offset)
    });
    return (list?.items ?? []).map(i => i.label);
}

/** Checks every stop of `body` placed after `prefix` (and before `suffix`). */
async function walk(prefix: string, body: string, suffix = ''): Promise<string[]> {
    const { text, stops } = expand(body);
    const problems: string[] = [];
    for (const stop of stops) {
        const labels = await labelsAt(prefix + text + suffix, prefix.length + stop.end);
        const before = (prefix + text).slice(0, prefix.length + stop.start);
        const unit = lookupUnit(stop.value);
        const where = `${JSON.stringify(stop.value)} after ${JSON.stringify(before.slice(-24))}`;
        if (/^[0-9.]+$/.test(stop.value)) {
            if (labels.length > 0) { problems.push(`${where}: a number, offered ${labels.join(' ')}`); }
        } else if (unit) {
            const wrong = labels.filter(l => lookupUnit(l)?.dimension !== unit.dimension);
            if (!labels.includes(stop.value) || wrong.length > 0) { problems.push(`${where}: a unit, offered ${labels.join(' ') || 'nothing'}`); }
        } else if (/\b(system|server|component|step|process|allocation)\s+$/.test(before)) {
            if (labels.length > 0) { problems.push(`${where}: a new name, offered ${labels.join(' ')}`); }
        }
    }
    return problems;
}

interface Snippet { prefix: string; body: string | string[] }
const snippets = JSON.parse(readFileSync('language/snippets.json', 'utf8')) as Record<string, Snippet>;

describe('every stop of every snippet', () => {
    afterEach(() => clearDocuments(services.shared));

    test.each(Object.entries(snippets))('%s (language/snippets.json)', async (name, snippet) => {
        const body = Array.isArray(snippet.body) ? snippet.body.join('\n') : snippet.body;
        expect(await walk(name === 'System' ? '' : 'system s\n', body)).toEqual([]);
    });

    const fields: Array<[string, string, string, 'cpuWork' | 'gpuWork' | 'time']> = [
        ['a step cpu', 'system s\ncomponent c {}\nstep a {\n    runs on c\n    cpu ', '\n}', 'cpuWork'],
        ['a step gpu', 'system s\ncomponent c {}\nstep a {\n    runs on c\n    gpu ', '\n}', 'gpuWork'],
        ['a process every', 'system s\ncomponent c {}\nstep a { runs on c }\nprocess p {\n    steps a\n    every ', '\n}', 'time']
    ];
    const distributions = ['constant', 'exponential', 'uniform', 'normal', 'lognormal', 'gamma', 'erlang'];
    test.each(fields)('the distribution snippets in %s', async (_where, prefix, suffix, dimension) => {
        for (const d of distributions) {
            const snippet = distributionSnippet(d, dimension)!;
            expect(await walk(prefix, snippet.body, suffix), d).toEqual([]);
        }
    });
});
