import { readdirSync, readFileSync } from 'node:fs';
import { CstUtils, isCompositeCstNode, type LangiumDocument } from 'langium';
import { afterEach, describe, expect, test } from 'vitest';
import { clearDocuments, expectHover, parseHelper } from 'langium/test';
import { services } from './helpers.js';

const hover = expectHover(services);

const text = `system s
/** Big machines for training. */
server big {
    label "Big box"
    cpu 32 GHz
    gpu 600 TOPS
    ram 64 G<|>B
    price 1.2 EUR/h
    count 4
}
component c<|>pu { idle cpu 0.5 GHz ram 512 MB }
step t {
    runs on <|>cpu
    cpu exponen<|>tial(mean 2 GHz*h)
    gpu uniform(1 TOPS*s, 3 TOPS*s)
    ram 1 GB
}
process p {
    steps t
    every constant(1 <|>min)
    deadline 800 ms
}
allocation a { cpu on b<|>ig x 2 }
optimize { <|>seed 4 }
`;

describe('hover', () => {
    afterEach(() => clearDocuments(services.shared));

    test('a quantity shows its value in base units', async () => {
        await hover({ text, index: 0, hover: /`64 GB` = \*\*64,000 MB\*\*/ });
    });

    test('a server reference shows the label, doc comment, one machine and all machines', async () => {
        // Check the pieces separately: 4 machines of 32 GHz, 64,000 MB, 1.2 EUR/h.
        await hover({ text, index: 5, hover: /\*\*server\*\* `big` — Big box/ });
        await hover({ text, index: 5, hover: /Big machines for training\./ });
        await hover({ text, index: 5, hover: /One machine: CPU 32 GHz · GPU 600 TOPS · RAM 64,000 MB · 1\.2 EUR\/h/ });
        await hover({ text, index: 5, hover: /All 4 machines: CPU 128 GHz · GPU 2,400 TOPS · RAM 256,000 MB · 4\.8 EUR\/h/ });
    });

    test('a component named like a keyword: declaration and reference show its summary', async () => {
        await hover({ text, index: 1, hover: /\*\*component\*\* `cpu`[\s\S]*Idle: CPU 0\.5 GHz · RAM 512 MB/ });
        await hover({ text, index: 2, hover: /\*\*component\*\* `cpu`/ });
    });

    test('a distribution shows mean, sd, p5 and p95 in base units', async () => {
        // exponential(mean 2 GHz*h): mean = sd = 7200 GHz*s, p5 = -7200 ln 0.95, p95 = -7200 ln 0.05.
        const p5 = (-7200 * Math.log(0.95)).toPrecision(6).replace(/\.?0+$/, '');
        const p95 = Math.round(-7200 * Math.log(0.05)).toLocaleString('en-US');
        await hover({ text, index: 3, hover: new RegExp(`mean 7,200 GHz\\\\\\*s · sd 7,200 GHz\\\\\\*s · p5 ${p5.replace('.', '\\.')} GHz\\\\\\*s · p95 ${p95}`) });
        await hover({ text, index: 3, hover: /cpu of step `t`/ });
    });

    test('a quantity inside a distribution shows both', async () => {
        await hover({ text, index: 4, hover: /`1 min` = \*\*60 s\*\*[\s\S]*mean 60 s · sd 0 s · p5 60 s · p95 60 s/ });
    });

    test('a keyword shows what it means', async () => {
        await hover({ text, index: 6, hover: /same seed gives the same results/ });
    });

    test('an allocation line shows how its instances spread over the machines', async () => {
        const model = `system s
server big { cpu 64 GHz ram 256 GB price 1 EUR/h count 2 }
component api { idle cpu 0.5 GHz ram 1 GB }
component db { idle cpu 1 GHz ram 8 GB }
allocation now {
    db on big x 1
    api on big <|>x 3
}`;
        // Fewest instances first, then most free idle CPU: db -> #1; api -> #2, #2 (more free CPU than #1), #1.
        await hover({ text: model, index: 0, hover: /\*\*3\*\* instances of `api` on 2 of the 2 `big` machines/ });
        await hover({ text: model, index: 0, hover: /\| big#1 \| 1 \| 2 \| 1\.5 \/ 64 GHz \| 9,000 \/ 256,000 MB \|/ });
        await hover({ text: model, index: 0, hover: /\| big#2 \| 2 \| 2 \| 1 \/ 64 GHz \| 2,000 \/ 256,000 MB \|/ });
    });

    test('the system name counts the elements; a keyword means what it means where it stands', async () => {
        const model = 'system s<|>hop\nserver a { c<|>pu 1 GHz }\ncomponent c {}\nstep t { runs on c c<|>pu 1 GHz*s }';
        await hover({ text: model, index: 0, hover: /1 server kind · 1 component · 1 step · 0 processes · 0 allocations/ });
        await hover({ text: model, index: 1, hover: /CPU speed of one machine/ });
        await hover({ text: model, index: 2, hover: /CPU work of one execution/ });
    });

    test('a missing unit is explained in the hover', async () => {
        await hover({ text: 'system s\nserver a { ram 6<|>4 }', index: 0, hover: /needs a unit: KB, MB, GB, TB/ });
    });

    test('a work unit keeps its * in Markdown: escaped in quantities, distributions, steps and keywords', async () => {
        const model = 'system s\ncomponent c {}\nstep t { runs on c c<|>pu 1 GHz*h gpu exponential(mean 2 TOPS*<|>s) }\nprocess p { steps <|>t every 1 s }';
        await hover({ text: model, index: 0, hover: /\(GHz\\\*s, GHz\\\*min, GHz\\\*h, MHz\\\*s\)/ });
        await hover({ text: model, index: 1, hover: /= \*\*2 TOPS\\\*s\*\*[\s\S]*mean 2 TOPS\\\*s/ });
        await hover({ text: model, index: 2, hover: /CPU work mean 3,600 GHz\\\*s · GPU work mean 2 TOPS\\\*s/ });
    });
});

/**
 * Every hover of the examples and of files with misspelt units: outside code
 * spans, no `*` stands between two word characters (an unescaped unit such as
 * GHz*s, which Markdown shows as "GHzs" with italics after it).
 */
describe('hover Markdown of every token', () => {
    const parse = parseHelper(services);
    afterEach(() => clearDocuments(services.shared));

    async function hoversOf(document: LangiumDocument): Promise<string[]> {
        const texts: string[] = [];
        const root = document.parseResult.value.$cstNode!;
        for (const leaf of CstUtils.streamCst(root)) {
            if (leaf.hidden || isCompositeCstNode(leaf)) {
                continue;
            }
            const hover = await services.lsp.HoverProvider!.getHoverContent(document, {
                textDocument: { uri: document.uri.toString() }, position: document.textDocument.positionAt(leaf.offset)
            });
            const contents = hover?.contents as { value?: string } | undefined;
            if (contents?.value) {
                texts.push(contents.value);
            }
        }
        return texts;
    }

    const stray = (markdown: string) => markdown.replace(/`[^`]*`/g, '').replace(/\\\*/g, '').match(/\w\*+\w/g) ?? [];

    const inputs = [
        ...readdirSync('examples').filter(f => f.endsWith('.mlops')).map(f => readFileSync(`examples/${f}`, 'utf8')),
        'system s\ncomponent c {}\nstep t { runs on c cpu 4 GHZ*s gpu 2 ram 1 GHz*s }\nprocess p { steps t every 1 }'
    ];

    test.each(inputs.map((text, i) => [i, text]))('input %i', async (_i, text) => {
        const document = await parse(text as string);
        const hovers = await hoversOf(document);
        expect(hovers.length).toBeGreaterThan(5);
        expect(hovers.flatMap(stray)).toEqual([]);
    });
});
