// Bundles the CLI, the language server, the extension, the optimizer worker
// and the webview with esbuild. `--production` minifies and drops source maps.
import { existsSync } from 'node:fs';
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
// Node bundles are CommonJS; sources are ESM and may use import.meta.url to find files beside them.
const common = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
    define: { 'import.meta.url': '__mlopsImportMetaUrl' },
    banner: { js: "const __mlopsImportMetaUrl = require('url').pathToFileURL(__filename).href;" }
};

// The results view runs in a browser (webview, HTML report): one IIFE script plus its CSS.
const webview = {
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    sourcemap: false,
    minify: production,
    logLevel: 'warning',
    entryPoints: { 'webview/main': 'src/webview/main.ts' },
    outdir: 'out'
};

const builds = [
    // The CLI: boot.cjs (a small loader with V8's code cache, required by bin/mlops.cjs) runs main.cjs.
    // Minified also in development builds (what `npm install` makes): less to read and hash at every
    // command's start (docs/cli.md, "Start-up"); the source map is kept beside it.
    { ...common, minify: true, entryPoints: { 'cli/boot': 'src/cli/boot.ts', 'cli/main': 'src/cli/main.ts' }, outdir: 'out', outExtension: { '.js': '.cjs' } },
    // The language server: main.cjs (a small loader with V8's code cache) runs server.cjs.
    { ...common, entryPoints: { 'language/main': 'src/language/main.ts', 'language/server': 'src/language/server.ts' }, outdir: 'out', outExtension: { '.js': '.cjs' } },
    {
        ...common,
        entryPoints: { 'extension/main': 'src/extension/main.ts', 'extension/optimize-worker': 'src/extension/optimize-worker.ts',
            'extension/explain-worker': 'src/extension/explain-worker.ts' },
        outdir: 'out',
        outExtension: { '.js': '.cjs' },
        external: ['vscode']
    },
    webview
];
// The optimizer's evaluation worker (out/opt/worker.cjs, found by src/opt/pool.ts).
if (existsSync('src/opt/worker.ts')) {
    builds.push({ ...common, entryPoints: { 'opt/worker': 'src/opt/worker.ts' }, outdir: 'out', outExtension: { '.js': '.cjs' } });
}
// Distributed evaluation on BullMQ (out/opt/distributed.cjs), loaded by src/opt/distributed/load.ts only
// when a run uses Redis: BullMQ and ioredis stay out of the CLI's and the extension's bundles.
if (existsSync('src/opt/distributed/index.ts')) {
    builds.push({ ...common, entryPoints: { 'opt/distributed': 'src/opt/distributed/index.ts' }, outdir: 'out', outExtension: { '.js': '.cjs' } });
}

const only = process.argv.find(a => a.startsWith('--only='))?.slice('--only='.length).split(',');
const selected = only ? builds.filter(b => Object.keys(b.entryPoints).some(e => only.includes(e.split('/')[0]))) : builds;
await Promise.all(selected.map(options => esbuild.build(options)));
