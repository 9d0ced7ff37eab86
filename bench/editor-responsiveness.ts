/**
 * Editor responsiveness while the extension optimizes (issue 5): the
 * event-loop delay (monitorEventLoopDelay, p99) of the thread that plays the
 * extension host while an optimization of examples/retail.mlops runs the way
 * the extension runs it (optimize() on a thread of its own, progress
 * messages serialized for the results view every 250 ms), and the time from
 * cancel to the optimizer stopping. For contrast, the same with optimize()
 * called on the host thread itself (evaluation still on worker threads).
 *
 *   npx tsx bench/editor-responsiveness.ts   (MLOPS_BENCH_GENERATIONS=N to change the generations)
 * Also run at the end of `npm run bench:editor`.
 * Targets: p99 < 50 ms, cancel < 1 s.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import * as esbuild from 'esbuild';
import { parseModel } from '../src/language/load.js';
import { resolveEditorSettings } from '../src/extension/settings.js';
import { runOptimizer } from '../src/extension/optimizer-runner.js';
import type { RunSettings } from '../src/model/settings.js';
import type { Model } from '../src/model/types.js';
import { optimize } from '../src/opt/index.js';
import type { Progress } from '../src/opt/api.js';

const generationsArg = process.env.MLOPS_BENCH_GENERATIONS ? Number(process.env.MLOPS_BENCH_GENERATIONS) : undefined;

async function buildScripts(): Promise<{ runnerScript: string; workerScript: string }> {
    const dir = mkdtempSync(join(os.tmpdir(), 'mlops-bench-editor-'));
    await esbuild.build({
        bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning', minify: true,
        define: { 'import.meta.url': '__mlopsImportMetaUrl' },
        banner: { js: "const __mlopsImportMetaUrl = require('url').pathToFileURL(__filename).href;" },
        entryPoints: { 'extension/optimize-worker': 'src/extension/optimize-worker.ts', 'opt/worker': 'src/opt/worker.ts' },
        outdir: dir, outExtension: { '.js': '.cjs' }
    });
    return { runnerScript: join(dir, 'extension', 'optimize-worker.cjs'), workerScript: join(dir, 'opt', 'worker.cjs') };
}

/** What the host does with each progress report: throttle, then serialize it for the webview. */
function hostProgressSink(): (p: Progress, history: number[]) => void {
    let last = 0;
    return (p, history) => {
        const now = performance.now();
        if (now - last >= 250) {
            last = now;
            JSON.stringify({ type: 'progress', generation: p.generation, generations: p.generations, evaluations: p.evaluations,
                hypervolume: p.hypervolume, hypervolumeByGeneration: history, front: p.front });
        }
    };
}

interface Delay { p50: number; p99: number; max: number; seconds: number; generations: number; evaluations: number }

async function withDelayMonitor(run: () => Promise<{ generations: number; evaluations: number }>): Promise<Delay> {
    const histogram = monitorEventLoopDelay({ resolution: 10 });
    histogram.enable();
    const start = performance.now();
    const outcome = await run();
    histogram.disable();
    const ms = (ns: number) => ns / 1e6;
    return { p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max),
        seconds: (performance.now() - start) / 1000, ...outcome };
}

async function cancelLatency(scripts: { runnerScript: string; workerScript: string }, model: Model, settings: RunSettings, afterGeneration: number): Promise<number> {
    let cancelledAt = 0;
    const handle = runOptimizer({
        ...scripts, model, settings: { ...settings, generations: 100_000 },
        onProgress: p => {
            if (p.generation >= afterGeneration && cancelledAt === 0) {
                cancelledAt = performance.now();
                handle.cancel();
            }
        }
    });
    const result = await handle.result;
    if (result.stoppedBy !== 'cancelled') {
        throw new Error(`expected a cancelled run, got ${result.stoppedBy}`);
    }
    return performance.now() - cancelledAt;
}

const model = await parseModel(readFileSync('examples/retail.mlops', 'utf8'));
// no mlops.optimizer.* settings: the defaults, then the file's optimize block, as the extension resolves them
const settings = resolveEditorSettings(model, {});
const run: RunSettings = generationsArg ? { ...settings, generations: generationsArg } : settings;
const scripts = await buildScripts();
const cores = os.cpus().length;
console.log(`\n## Editor responsiveness while optimizing\nmachine: ${os.cpus()[0]?.model ?? 'unknown'}, ${cores} cores, node ${process.version}`);
console.log(`model: examples/retail.mlops, population ${run.population}, generations ${run.generations}, replications ${run.replications}, `
    + `horizon ${run.horizonSeconds} s, workers ${run.workers || cores} (0 = one per core)`);

const threaded = await withDelayMonitor(async () => {
    const result = await runOptimizer({ ...scripts, model, settings: run, onProgress: hostProgressSink() }).result;
    return { generations: result.hypervolumeByGeneration.length - 1, evaluations: result.evaluations };
});
const inline = await withDelayMonitor(async () => {
    const sink = hostProgressSink();
    const history: number[] = [];
    const result = await optimize(model, run, { onProgress: p => { history[p.generation] = p.hypervolume; sink(p, history); } },
        { workerScript: scripts.workerScript });
    return { generations: result.hypervolumeByGeneration.length - 1, evaluations: result.evaluations };
});
const cancels: number[] = [];
for (let i = 0; i < 5; i++) {
    cancels.push(await cancelLatency(scripts, model, run, 2 + i));
}
cancels.sort((a, b) => a - b);

console.log('\n| how the optimization runs | wall s | generations | evaluations | event-loop delay p50 ms | p99 ms | max ms |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const [name, d] of [['on its own thread (the extension)', threaded], ['on the host thread (contrast)', inline]] as const) {
    console.log(`| ${name} | ${d.seconds.toFixed(1)} | ${d.generations} | ${d.evaluations} | ${d.p50.toFixed(1)} | ${d.p99.toFixed(1)} | ${d.max.toFixed(1)} |`);
}
console.log(`\ncancel -> optimizer stopped (5 runs, cancelled after generation 2..6): median ${cancels[2].toFixed(0)} ms, max ${cancels[4].toFixed(0)} ms`);
console.log(`targets: p99 < 50 ms (${threaded.p99 < 50 ? 'met' : 'NOT met'}), cancel < 1 s (${cancels[4] < 1000 ? 'met' : 'NOT met'})`);
