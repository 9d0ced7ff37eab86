/**
 * bench:editor — latency of the language server's editing features on the
 * example and on a large generated file (what a user waits for while typing).
 * Prints median and 95th percentile per feature, plus the machine.
 *
 *   npm run bench:editor            (or: npx tsx bench/editor.ts [scale])
 */
import os from 'node:os';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { EmptyFileSystem, URI, type LangiumDocument } from 'langium';
import { createMlopsServices } from '../src/language/mlops-module.js';

const scale = Number(process.argv[2] ?? 100);
const { Mlops: services, shared } = createMlopsServices(EmptyFileSystem);

/** A valid system with `n` server kinds, 3n components and steps, n processes and one allocation. */
function generate(n: number): string {
    const lines = ['system big', ''];
    for (let i = 0; i < n; i++) {
        lines.push(`server s${i} {`, `    cpu ${16 + (i % 4) * 16} GHz`, `    ram ${64 + (i % 3) * 64} GB`,
            '    net in 10 Gbps out 10 Gbps', `    price ${(1 + i % 5) / 2} EUR/h`, '    count 4', '}', '');
    }
    for (let i = 0; i < 3 * n; i++) {
        lines.push(`/** Component ${i}. */`, `component c${i} {`, '    idle cpu 0.1 GHz ram 512 MB', '    startup 2 s', '}', '');
        lines.push(`step t${i} {`, `    runs on c${i}`, `    cpu lognormal(mean ${1 + i % 7} GHz*s, cv 0.5)`, '    ram 256 MB', '}', '');
    }
    for (let i = 0; i < n; i++) {
        lines.push(`process p${i} {`, `    steps t${3 * i} -> t${3 * i + 1} -> t${3 * i + 2}`,
            '    every exponential(mean 10 min)', '    deadline 5 min', '}', '');
    }
    lines.push('allocation now {');
    for (let i = 0; i < 3 * n; i++) {
        lines.push(`    c${i} on s${i % n} x 1`);
    }
    lines.push('}', '');
    return lines.join('\n');
}

let counter = 0;
async function open(text: string): Promise<LangiumDocument> {
    const document = shared.workspace.LangiumDocumentFactory.fromString(text, URI.parse(`memory:///bench-${++counter}.mlops`));
    shared.workspace.LangiumDocuments.addDocument(document);
    await shared.workspace.DocumentBuilder.build([document], { validation: true });
    return document;
}

async function time(runs: number, action: () => Promise<unknown> | unknown): Promise<{ median: number; p95: number }> {
    const samples: number[] = [];
    await action(); // warm-up
    for (let i = 0; i < runs; i++) {
        const start = performance.now();
        await action();
        samples.push(performance.now() - start);
    }
    samples.sort((a, b) => a - b);
    return { median: samples[Math.floor(runs / 2)], p95: samples[Math.min(runs - 1, Math.floor(runs * 0.95))] };
}

/** A benchmark of a feature that silently returns nothing would measure nothing. */
function check<T>(value: T | undefined, what: string): T {
    if (value === undefined || (Array.isArray(value) && value.length === 0)) {
        throw new Error(`bench:editor: ${what} returned nothing`);
    }
    return value;
}

async function measure(label: string, text: string, runs: number): Promise<void> {
    const lsp = services.lsp;
    const build = await time(Math.max(3, Math.floor(runs / 4)), async () => {
        const d = await open(text);
        shared.workspace.LangiumDocuments.deleteDocument(d.uri);
    });
    const document = await open(text);
    const textDocument = { uri: document.uri.toString() };
    const at = (needle: string, delta = 0) => document.textDocument.positionAt(text.lastIndexOf(needle) + needle.length + delta);
    const lastStep = text.lastIndexOf('runs on ');
    const refPosition = document.textDocument.positionAt(lastStep + 9);
    check(await lsp.HoverProvider!.getHoverContent(document, { textDocument, position: refPosition }), 'hover on a reference');
    check(await lsp.HoverProvider!.getHoverContent(document, { textDocument, position: at('lognormal', -3) }), 'hover on a distribution');
    check((await lsp.CompletionProvider!.getCompletion(document, { textDocument, position: at('ram 256 ') }))?.items, 'unit completion');
    check((await lsp.CompletionProvider!.getCompletion(document, { textDocument, position: document.textDocument.positionAt(lastStep + 8) }))?.items, 'reference completion');
    check(await lsp.RenameProvider!.rename(document, { textDocument, position: refPosition, newName: 'renamed' }), 'rename');
    const rows: Array<[string, { median: number; p95: number }]> = [
        ['parse + link + validate', build],
        ['completion: unit after `ram 256 `', await time(runs, () => lsp.CompletionProvider!.getCompletion(document, { textDocument, position: at('ram 256 ') }))],
        ['completion: reference after `runs on `', await time(runs, () => lsp.CompletionProvider!.getCompletion(document, { textDocument, position: document.textDocument.positionAt(lastStep + 8) }))],
        ['hover: reference', await time(runs, () => lsp.HoverProvider!.getHoverContent(document, { textDocument, position: document.textDocument.positionAt(lastStep + 9) }))],
        ['hover: distribution', await time(runs, () => lsp.HoverProvider!.getHoverContent(document, { textDocument, position: at('lognormal', -3) }))],
        ['semantic tokens (whole file)', await time(runs, () => lsp.SemanticTokenProvider!.semanticHighlight(document, { textDocument }))],
        ['outline', await time(runs, () => lsp.DocumentSymbolProvider!.getSymbols(document, { textDocument }))],
        ['format document', await time(Math.max(3, Math.floor(runs / 4)), () => lsp.Formatter!.formatDocument(document, { textDocument, options: { tabSize: 4, insertSpaces: true } }))],
        ['rename (declaration + references)', await time(runs, () => lsp.RenameProvider!.rename(document, { textDocument, position: document.textDocument.positionAt(lastStep + 9), newName: 'renamed' }))]
    ];
    console.log(`\n${label}: ${text.split('\n').length} lines, ${text.length} characters`);
    console.log('| feature | median ms | p95 ms |');
    console.log('|---|---:|---:|');
    for (const [name, t] of rows) {
        console.log(`| ${name} | ${t.median.toFixed(2)} | ${t.p95.toFixed(2)} |`);
    }
    shared.workspace.LangiumDocuments.deleteDocument(document.uri);
}

console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown'}, ${os.cpus().length} cores, node ${process.version}`);
await measure('examples/retail.mlops', readFileSync('examples/retail.mlops', 'utf8'), 40);
await measure(`generated (scale ${scale})`, generate(scale), 20);

// The extension host's responsiveness while an optimization runs (issue 5).
await import('./editor-responsiveness.js');
