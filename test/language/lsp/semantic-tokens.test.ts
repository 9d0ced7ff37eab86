import { afterEach, describe, expect, test } from 'vitest';
import { clearDocuments, expectSemanticToken, highlightHelper } from 'langium/test';
import { SemanticTokenTypes } from 'vscode-languageserver';
import { services, retail } from './helpers.js';

const highlight = highlightHelper(services);

describe('semantic tokens', () => {
    afterEach(() => clearDocuments(services.shared));

    test('names by kind, references by target kind, units, numbers, keywords', async () => {
        const tokens = await highlight([
            '<|system|> <|s|>',
            'server <|big|> { cpu <|32|> <|GHz|> price 1 <|EUR/h|> count 2 }',
            'component <|time|> { <|permanent|> }',
            'step <|work|> { runs on <|time|> cpu <|exponential|>(mean 2 <|GHz*h|>) }',
            'process <|p|> { steps work <|->|> <|work|> every 1 s }',
            'allocation <|now|> { <|time|> on <|big|> x 1 }'
        ].join('\n'));
        const expected = [
            SemanticTokenTypes.keyword, SemanticTokenTypes.namespace,
            SemanticTokenTypes.class, SemanticTokenTypes.number, SemanticTokenTypes.type, SemanticTokenTypes.type,
            SemanticTokenTypes.struct, SemanticTokenTypes.keyword,
            SemanticTokenTypes.function, SemanticTokenTypes.struct, SemanticTokenTypes.function, SemanticTokenTypes.type,
            SemanticTokenTypes.event, SemanticTokenTypes.operator, SemanticTokenTypes.function,
            SemanticTokenTypes.variable, SemanticTokenTypes.struct, SemanticTokenTypes.class
        ];
        expect(tokens.ranges).toHaveLength(expected.length);
        expected.forEach((tokenType, rangeIndex) => expectSemanticToken(tokens, { rangeIndex, tokenType }));
    });

    test('a component named like a keyword is not highlighted as a keyword', async () => {
        const tokens = await highlight('system s\ncomponent <|cpu|> {}\nstep a { runs on <|cpu|> <|cpu|> 1 GHz*s }');
        expectSemanticToken(tokens, { rangeIndex: 0, tokenType: SemanticTokenTypes.struct });
        expectSemanticToken(tokens, { rangeIndex: 1, tokenType: SemanticTokenTypes.struct });
        expectSemanticToken(tokens, { rangeIndex: 2, tokenType: SemanticTokenTypes.keyword });
        const atName = tokens.tokens.filter(t => t.offset === tokens.ranges[0][0]);
        expect(atName.map(t => t.tokenType)).toEqual([SemanticTokenTypes.struct]);
    });

    test('the tokens of the example do not overlap', async () => {
        const { tokens } = await highlight(retail);
        const sorted = [...tokens].sort((a, b) => a.offset - b.offset);
        for (let i = 1; i < sorted.length; i++) {
            expect(sorted[i].offset).toBeGreaterThanOrEqual(sorted[i - 1].offset + sorted[i - 1].text.length);
        }
        expect(sorted.length).toBeGreaterThan(100);
    });
});
