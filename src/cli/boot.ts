/**
 * Entry of the `mlops` command (out/cli/boot.cjs, required by bin/mlops.cjs):
 * runs the CLI bundle beside it (main.cjs) with V8's code cache, so that a
 * command does not parse and compile its JavaScript (0.9 MB) at every start
 * (about a quarter of the start-up; Node 20 lacks module.enableCompileCache).
 * The loader is the language server's (src/language/compile-cache.ts); the
 * cache is written when the first run of a command exits, one per command
 * and installation, in the user's cache directory (cache-location.ts),
 * and anything wrong with it only costs the cache. Node built-ins only.
 */
import { fileURLToPath } from 'node:url';
import { prepareWithCompileCache, type PreparedModule } from '../language/compile-cache.js';
import { cacheDirectory, cacheFamily, userHome } from './cache-location.js';
import { BUNDLE_INFO, type BundleInfo } from './model-cache.js';

const bundle = fileURLToPath(new URL('./main.cjs', import.meta.url));
let prepared: PreparedModule | undefined;
const cacheDir = cacheDirectory(process.env, process.platform, userHome());
try {
    prepared = prepareWithCompileCache(bundle, cacheDir, 'exit', cacheFamily(process.argv.slice(2), bundle));
} catch {
    prepared = undefined;
}
if (cacheDir && prepared?.key) {
    // The bundle's cache of checked models (model-cache.ts) lives beside the code cache, keyed on the same hash.
    const info: BundleInfo = { cacheDir, key: prepared.key };
    (globalThis as Record<symbol, unknown>)[BUNDLE_INFO] = info;
}
if (prepared) {
    prepared.run();
} else {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(bundle);
}
