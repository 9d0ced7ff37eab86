/** Builds the runner thread, the optimizer's worker and the explain thread into a private directory (tests must not race for out/). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';

export async function buildRunner(): Promise<{ runnerScript: string; workerScript: string; explainScript: string }> {
    const dir = mkdtempSync(join(tmpdir(), 'mlops-runner-'));
    await esbuild.build({
        bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'silent',
        define: { 'import.meta.url': '__mlopsImportMetaUrl' },
        banner: { js: "const __mlopsImportMetaUrl = require('url').pathToFileURL(__filename).href;" },
        entryPoints: { 'extension/optimize-worker': 'src/extension/optimize-worker.ts', 'opt/worker': 'src/opt/worker.ts',
            'extension/explain-worker': 'src/extension/explain-worker.ts' },
        outdir: dir, outExtension: { '.js': '.cjs' }
    });
    return { runnerScript: join(dir, 'extension', 'optimize-worker.cjs'), workerScript: join(dir, 'opt', 'worker.cjs'),
        explainScript: join(dir, 'extension', 'explain-worker.cjs') };
}
