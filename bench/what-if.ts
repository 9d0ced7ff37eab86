/**
 * bench:what-if — the editor's "Simulate" lens (src/language/lsp/what-if*.ts)
 * as the language server runs it, on examples/retail.mlops and on the
 * generated 30 x 10 x 12 platform (bench/models.ts, first-fit allocation):
 *
 * - the estimate: from the command to the lens's figures (build the model,
 *   prepare the analytic estimate, estimate; the first of the "within
 *   a second"), and the what-if part of an allocation line's hover;
 * - the server while the simulation runs: its event-loop delay (p99, max)
 *   while the simulation runs on the worker thread, beside running the same
 *   simulation in the server's thread (what the worker avoids), in one run.
 *
 * Prints the machine (CPU model, cores, load average) beside the figures.
 *
 *   npm run bench:what-if        (or: npx tsx bench/what-if.ts [runs])
 */
import os from 'node:os';
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { DocumentState, EmptyFileSystem, URI } from 'langium';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createMlopsServices } from '../src/language/mlops-module.js';
import { loadModel } from '../src/language/load.js';
import { firstFit } from '../src/model/first-fit.js';
import { applyTextEdit, upsertAllocationEdit } from '../src/model/allocation-edit.js';
import { prepareWhatIf } from '../src/language/lsp/what-if-run.js';
import { createSimulator } from '../src/sim/index.js';
import { generatedModelText } from './models.js';

const runs = Number(process.argv[2] ?? 15);
const machine = () => `${os.cpus()[0].model}, ${os.cpus().length} cores, load average ${os.loadavg().map(x => x.toFixed(2)).join(' ')}`;

async function generatedWithAllocation(): Promise<string> {
    const text = generatedModelText({ optimize: 'horizon 2 h warmup 10 min replications 2 seed 1' });
    const loaded = await loadModel(text);
    if (!('model' in loaded) || !loaded.model) {
        throw new Error('the generated model does not load');
    }
    const allocation = firstFit(loaded.model).allocation;
    return applyTextEdit(text, upsertAllocationEdit(text, { ...allocation, name: 'current' }));
}

const retail = readFileSync('examples/retail.mlops', 'utf8');
const cases: [string, string][] = [['retail.mlops (128 lines)', retail], ['generated 30 x 10 x 12', await generatedWithAllocation()]];

const quantiles = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return { median: s[Math.floor(s.length / 2)], p95: s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] };
};
const ms = (x: number) => x.toFixed(x < 10 ? 2 : 0);

console.log(`bench:what-if — ${machine()}, Node ${process.version}, ${runs} runs per figure`);
let n = 0;
for (const [label, text] of cases) {
    const { shared, Mlops } = createMlopsServices(EmptyFileSystem);
    const uri = URI.parse(`file:///bench-what-if-${++n}.mlops`);
    shared.workspace.TextDocuments!.set(TextDocument.create(uri.toString(), 'mlops', 1, text));
    await shared.workspace.WorkspaceLock.write(token => shared.workspace.DocumentBuilder.update([uri], [], token));
    await shared.workspace.DocumentBuilder.waitUntil(DocumentState.Validated, uri);
    const document = shared.workspace.LangiumDocuments.getDocument(uri)!;
    const whatIf = Mlops.whatIf.WhatIf;
    const name = /^allocation\s+(\w+)/m.exec(text)![1];

    // The estimate: the command returns once the lens's figures are there.
    const estimate: number[] = [];
    for (let i = 0; i <= runs; i++) {
        whatIf.stop(uri.toString(), name);
        const started = performance.now();
        await whatIf.simulate(uri.toString(), name);
        const took = performance.now() - started;
        if (whatIf.view(uri.toString(), name)?.outcome?.kind !== 'estimate') {
            throw new Error(`${label}: no estimate on the lens (${whatIf.view(uri.toString(), name)?.error})`);
        }
        if (i > 0) { estimate.push(took); } // the first warms up
    }
    whatIf.stop(uri.toString(), name);

    // The hover of an allocation line (not followed: the estimate is computed for it).
    const line = text.split('\n').findIndex(l => /^\s+\w+ on \w+ x \d+/.test(l) && text.indexOf(l) > text.search(/^allocation/m));
    const character = text.split('\n')[line].indexOf(' x ') + 1;
    const hover: number[] = [];
    for (let i = 0; i <= runs; i++) {
        const started = performance.now();
        const h = await Mlops.lsp.HoverProvider!.getHoverContent(document, { textDocument: { uri: uri.toString() }, position: { line, character } });
        if (!JSON.stringify(h?.contents ?? '').includes('What-if')) {
            throw new Error(`${label}: the hover has no what-if figures`);
        }
        if (i > 0) { hover.push(performance.now() - started); }
    }

    // The server thread while the simulation runs on the worker, then the same simulation in this thread.
    const onWorker = monitorEventLoopDelay({ resolution: 10 });
    const loadBefore = os.loadavg()[0];
    onWorker.enable();
    const workerStarted = performance.now();
    await whatIf.simulate(uri.toString(), name);
    await new Promise<void>(resolve => {
        const done = () => whatIf.view(uri.toString(), name)?.outcome?.kind === 'simulated' || whatIf.view(uri.toString(), name)?.error;
        const sub = whatIf.onDidChange(() => { if (done()) { sub.dispose(); resolve(); } });
        if (done()) { sub.dispose(); resolve(); }
    });
    const workerSeconds = (performance.now() - workerStarted) / 1000;
    onWorker.disable();
    whatIf.stop(uri.toString(), name);

    const model = Mlops.model.ModelBuilder.build(document.parseResult.value as never);
    const run = prepareWhatIf(model, name);
    if (typeof run === 'string') {
        throw new Error(run);
    }
    const inThread = monitorEventLoopDelay({ resolution: 10 });
    inThread.enable();
    const threadStarted = performance.now();
    await new Promise(resolve => setTimeout(resolve, 20));
    createSimulator(run.model, run.settings).simulate(run.allocation);
    await new Promise(resolve => setTimeout(resolve, 20));
    const threadSeconds = (performance.now() - threadStarted) / 1000;
    inThread.disable();

    const e = quantiles(estimate);
    const h = quantiles(hover);
    const delay = (hist: ReturnType<typeof monitorEventLoopDelay>) => `p99 ${ms(hist.percentile(99) / 1e6)} ms, max ${ms(hist.max / 1e6)} ms`;
    console.log(`\n${label}, allocation ${name} (${run.settings.replications} x ${run.settings.horizonSeconds / 3600} h)`);
    console.log(`  Simulate -> estimate on the lens: median ${ms(e.median)} ms, p95 ${ms(e.p95)} ms`);
    console.log(`  hover of an allocation line (with the estimate): median ${ms(h.median)} ms, p95 ${ms(h.p95)} ms`);
    console.log(`  simulation on the worker: ${workerSeconds.toFixed(1)} s; server event-loop delay meanwhile ${delay(onWorker)} (load ${loadBefore.toFixed(1)})`);
    console.log(`  same simulation in the server thread: ${threadSeconds.toFixed(1)} s; event-loop delay ${delay(inThread)}`);
    whatIf.dispose();
}
console.log(`\n(end: ${machine()})`);
