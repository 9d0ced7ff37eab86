/** Builds the results view bundle in memory (tests must not depend on, nor race for, out/). */
import * as esbuild from 'esbuild';
import type { ReportAssets } from '../../src/report/assets.js';

export async function buildWebviewAssets(): Promise<ReportAssets> {
    const out = await esbuild.build({
        bundle: true, platform: 'browser', format: 'iife', target: 'es2022', write: false, minify: true,
        entryPoints: { main: 'src/webview/main.ts' }, outdir: '/virtual', logLevel: 'silent'
    });
    const file = (ext: string) => out.outputFiles.find(f => f.path.endsWith(ext))!.text;
    return { script: file('.js'), style: file('.css') };
}
