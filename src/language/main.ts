/**
 * Entry of the language server process (out/language/main.cjs, started by
 * the extension over IPC): runs the server bundle beside it (server.cjs)
 * with V8's code cache in the directory the extension names in
 * MLOPS_LS_CACHE_DIR (compile-cache.ts; no variable, no cache). If the cache
 * machinery fails before the server runs, the server is simply required.
 */
import { fileURLToPath } from 'node:url';
import { prepareWithCompileCache, type PreparedModule } from './compile-cache.js';
import { startupMark } from './startup-timing.js';

const server = fileURLToPath(new URL('./server.cjs', import.meta.url));
let prepared: PreparedModule | undefined;
try {
    prepared = prepareWithCompileCache(server, process.env.MLOPS_LS_CACHE_DIR || undefined);
} catch {
    prepared = undefined;
}
startupMark(`server bundle compiled (code cache: ${prepared?.outcome ?? 'failed'})`);
if (prepared) {
    prepared.run();
} else {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(server);
}
