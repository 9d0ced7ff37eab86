/**
 * The parser builds its lookahead functions when a decision is first taken
 * (src/language/parser/lazy-lookahead.ts) instead of all at construction.
 * It must parse every input exactly as the eager parser does: the same
 * tree, the same node locations, the same lexer and parser errors (messages,
 * tokens, recovery), also on broken input, whatever the order of the files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EmptyFileSystem, type AstNode, type LangiumParser, type ParseResult } from 'langium';
import { describe, expect, test } from 'vitest';
import { createMlopsCoreServices } from '../../src/language/mlops-core-module.js';
import { createMlopsParser } from '../../src/language/parser/parser.js';
import { LazyLookaheadStrategy } from '../../src/language/parser/lazy-lookahead.js';

const files = [
    ...readdirSync('examples').filter(n => n.endsWith('.mlops')).map(n => join('examples', n)),
    ...readdirSync('test/fixtures/invalid').map(n => join('test/fixtures/invalid', n)),
    ...readdirSync('test/fixtures/crashers').map(n => join('test/fixtures/crashers', n)),
    'language/template.mlops'
];

/** Every file, and each example cut at seven places (error recovery mid-element). */
function inputs(): [string, string][] {
    const all: [string, string][] = files.map(f => [f, readFileSync(f, 'latin1')]);
    for (const f of files.filter(n => n.startsWith('examples/'))) {
        const text = readFileSync(f, 'latin1');
        for (let k = 1; k <= 7; k++) {
            const at = Math.floor(text.length * k / 8);
            all.push([`${f} cut at ${at}`, text.slice(0, at)]);
            // A token dropped: the rest of the file must be recovered the same way.
            all.push([`${f} without ${at}..${at + 7}`, text.slice(0, at) + text.slice(at + 7)]);
        }
    }
    return all;
}

/** The tree as plain data: types, properties, reference texts and each node's offsets. */
function plain(node: unknown): unknown {
    if (Array.isArray(node)) { return node.map(plain); }
    if (node === null || typeof node !== 'object') { return node; }
    const n = node as AstNode & { $refText?: string };
    if (n.$refText !== undefined && n.$type === undefined) { return { ref: n.$refText }; }
    const out: Record<string, unknown> = { type: n.$type, at: n.$cstNode ? [n.$cstNode.offset, n.$cstNode.end] : undefined };
    for (const [key, value] of Object.entries(n)) {
        if (!key.startsWith('$')) { out[key] = plain(value); }
    }
    return out;
}

function summary(result: ParseResult): unknown {
    return {
        tree: plain(result.value),
        lexerErrors: result.lexerErrors.map(e => ({ message: e.message, offset: e.offset, length: e.length })),
        parserErrors: result.parserErrors.map(e => ({
            name: e.name, message: e.message, token: [e.token.image, e.token.startOffset, e.token.tokenType?.name],
            previous: (e as { previousToken?: { image: string; startOffset: number } }).previousToken?.startOffset,
            ruleStack: e.context?.ruleStack
        }))
    };
}

function strategyOf(parser: LangiumParser): unknown {
    return (parser as unknown as { wrapper: { lookaheadStrategy: unknown } }).wrapper.lookaheadStrategy;
}

describe('lookahead built on demand', () => {
    const services = createMlopsCoreServices(EmptyFileSystem).Mlops;

    test('parses every example, fixture and broken example as the eager parser does', () => {
        const all = inputs();
        expect(all.length).toBeGreaterThan(60);
        const eager = createMlopsParser(services, { lazyLookahead: false });
        expect(strategyOf(eager)).not.toBeInstanceOf(LazyLookaheadStrategy);
        // Two lazy parsers fed in opposite orders: a decision first taken by another file gives the same result.
        const forward = createMlopsParser(services);
        const backward = createMlopsParser(services);
        const expected = all.map(([, text]) => summary(eager.parse(text)));
        let withErrors = 0;
        all.forEach(([name, text], k) => {
            expect(summary(forward.parse(text)), name).toEqual(expected[k]);
            withErrors += eager.parse(text).parserErrors.length > 0 ? 1 : 0;
        });
        for (let k = all.length - 1; k >= 0; k--) {
            expect(summary(backward.parse(all[k][1])), all[k][0]).toEqual(expected[k]);
        }
        // Recovery is compared too: many inputs have syntax errors.
        expect(withErrors).toBeGreaterThan(30);
    }, 120_000);

    test('builds no lookahead at construction, and only the decisions a file reaches', () => {
        const parser = createMlopsParser(services);
        const strategy = strategyOf(parser) as LazyLookaheadStrategy;
        expect(strategy).toBeInstanceOf(LazyLookaheadStrategy);
        expect(strategy.decisions).toBeGreaterThan(30);
        expect(strategy.built).toBe(0);
        parser.parse('system s\nserver a { cpu 1 GHz ram 1 GB price 1 EUR/h }\n');
        expect(strategy.built).toBeGreaterThan(0);
        expect(strategy.built).toBeLessThan(strategy.decisions / 2);
    });
});
