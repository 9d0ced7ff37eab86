// Cold start of the language server alone: spawn out/language/main.cjs over
// stdio, send initialize, open examples/retail.mlops, and time the first
// publishDiagnostics. Build first (`node scripts/build.mjs`). Two series: with
// no code cache (a first start), and with the code cache the extension gives
// the server (MLOPS_LS_CACHE_DIR, filled by one start that lives 5 s first).
// Usage: node bench/lsp-cold.mjs [runs] [--workspace DIR]   (default 5 runs, no workspace
// folder; with one, the server is told about DIR as VS Code does when a folder is open)
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import os from 'node:os';
import { pathToFileURL } from 'node:url';

const argv = process.argv.slice(2);
const at = argv.indexOf('--workspace');
const workspace = at >= 0 ? argv.splice(at, 2)[1] : undefined;
const folders = workspace ? [{ uri: pathToFileURL(workspace).href, name: 'workspace' }] : null;

const text = readFileSync('examples/retail.mlops', 'utf8');

function once(cacheDir, lingerMs = 0) {
    return new Promise((resolve, reject) => {
        const t0 = performance.now();
        const env = { ...process.env, MLOPS_LS_CACHE_DIR: cacheDir ?? '' };
        const server = spawn(process.execPath, ['out/language/main.cjs', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'], env });
        const marks = {};
        let buffer = Buffer.alloc(0);
        const send = message => {
            const body = JSON.stringify({ jsonrpc: '2.0', ...message });
            server.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
        };
        const timer = setTimeout(() => { server.kill(); reject(new Error('no diagnostics within 30 s')); }, 30_000);
        server.stdout.on('data', chunk => {
            buffer = Buffer.concat([buffer, chunk]);
            for (;;) {
                const end = buffer.indexOf('\r\n\r\n');
                if (end < 0) { return; }
                const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, end).toString())[1]);
                if (buffer.length < end + 4 + length) { return; }
                const message = JSON.parse(buffer.subarray(end + 4, end + 4 + length).toString());
                buffer = buffer.subarray(end + 4 + length);
                if (message.id === 1) {
                    marks.initializeMs = performance.now() - t0;
                    send({ method: 'initialized', params: {} });
                    send({ method: 'textDocument/didOpen', params: { textDocument: { uri: 'file:///bench/retail.mlops', languageId: 'mlops', version: 1, text } } });
                } else if (message.method === 'textDocument/publishDiagnostics') {
                    marks.diagnosticsMs = performance.now() - t0;
                    clearTimeout(timer);
                    setTimeout(() => { server.kill(); resolve(marks); }, lingerMs);
                    return;
                }
            }
        });
        send({ id: 1, method: 'initialize', params: { processId: process.pid, rootUri: folders?.[0].uri ?? null, capabilities: {}, workspaceFolders: folders } });
    });
}

const runs = Number(argv[0] ?? 5);
const median = (results, key) => results.map(r => r[key]).sort((a, b) => a - b)[Math.floor(results.length / 2)];
const series = async cacheDir => {
    const results = [];
    for (let i = 0; i < runs; i++) {
        results.push(await once(cacheDir));
    }
    return results;
};
const cacheDir = mkdtempSync(join(os.tmpdir(), 'mlops-ls-cache-'));
const cold = await series(undefined);
await once(cacheDir, 5000);
if (!readdirSync(cacheDir).some(f => f.endsWith('.cache'))) throw new Error('the server wrote no code cache');
const cached = await series(cacheDir);
rmSync(cacheDir, { recursive: true, force: true });
console.log(`${os.cpus()[0].model}, ${os.cpus().length} cores, node ${process.version}, load ${os.loadavg().map(l => l.toFixed(1)).join(' ')}`);
for (const [name, results] of [['no code cache', cold], ['code cache', cached]]) {
    console.log(`language server cold start, ${name}, ${runs} runs${workspace ? ` (workspace folder ${workspace})` : ''}: initialize answered ${median(results, 'initializeMs').toFixed(0)} ms after spawn, first diagnostics of retail.mlops ${median(results, 'diagnosticsMs').toFixed(0)} ms (medians)`);
}
