// Starts and stops code-server (VS Code 1.100.3 in the browser) for the journey,
// and installs a .vsix into its extensions dir. Everything listens on 127.0.0.1.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * A fresh code-server sandbox in a new temp dir (name starting with `prefix`):
 * a config without auth, a user-data dir whose User/settings.json holds
 * `settings`, and an extensions dir. Returns the temp dir and the paths.
 */
export function createSandbox(prefix, settings) {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    const dirs = {
        config: path.join(tmp, 'config.yaml'),
        userData: path.join(tmp, 'user-data'),
        extensions: path.join(tmp, 'extensions')
    };
    fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
    fs.mkdirSync(dirs.extensions, { recursive: true });
    fs.writeFileSync(dirs.config, 'auth: none\n');
    fs.writeFileSync(path.join(dirs.userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
    return { tmp, dirs };
}

export function codeServerEntry(root) {
    const cache = process.env.E2E_CACHE_DIR ?? path.join(root, '.cache');
    return path.join(cache, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.unref();
        server.on('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const { port } = server.address();
            server.close(() => resolve(port));
        });
    });
}

function commonArgs(dirs) {
    return [
        '--config', dirs.config,
        '--user-data-dir', dirs.userData,
        '--extensions-dir', dirs.extensions,
        '--disable-telemetry'
    ];
}

/**
 * Runs `code-server --install-extension VSIX`; resolves with its output, rejects
 * (with the output) on a non-zero exit or after `timeoutMs`.
 */
export function installExtension(entry, dirs, vsix, timeoutMs = 120_000) {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [entry, ...commonArgs(dirs), '--install-extension', vsix],
            { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        child.stdout.on('data', d => { out += d; });
        child.stderr.on('data', d => { out += d; });
        const timer = setTimeout(() => {
            child.kill('SIGKILL');
            reject(new Error(`code-server --install-extension did not finish within ${timeoutMs / 1000} s:\n${out}`));
        }, timeoutMs);
        child.on('exit', code => {
            clearTimeout(timer);
            if (code === 0 && !/failed|error/i.test(out)) resolve(out);
            else reject(new Error(`code-server --install-extension ${vsix} exited with ${code}:\n${out}`));
        });
    });
}

/**
 * Starts code-server on a free port and waits (bounded) until it listens.
 * Returns { url, port, stop(), output() }. The server runs in its own process
 * group so that stop() also ends the extension host and the language server.
 */
export async function startCodeServer(entry, dirs, { timeoutMs = 60_000, logFile } = {}) {
    const port = await freePort();
    const args = [entry, ...commonArgs(dirs), '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
        '--disable-workspace-trust', '--disable-update-check', '--disable-getting-started-override'];
    const child = spawn(process.execPath, args, {
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
        env: { ...process.env, VSCODE_CLI_TELEMETRY: 'off' }
    });
    let output = '';
    const logStream = logFile ? fs.createWriteStream(logFile) : undefined;
    const onData = d => { output += d; logStream?.write(d); };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);

    let exited = false;
    child.on('exit', () => { exited = true; });

    const stop = async () => {
        if (!exited) {
            try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
            const deadline = Date.now() + 5000;
            while (!exited && Date.now() < deadline) await new Promise(r => setTimeout(r, 100));
            if (!exited) { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }
        }
        logStream?.end();
    };

    const deadline = Date.now() + timeoutMs;
    while (!/HTTP server listening on/.test(output)) {
        if (exited) throw new Error(`code-server exited before listening:\n${output}`);
        if (Date.now() > deadline) {
            await stop();
            throw new Error(`code-server did not listen within ${timeoutMs / 1000} s:\n${output}`);
        }
        await new Promise(r => setTimeout(r, 100));
    }
    return { url: `http://127.0.0.1:${port}/`, port, stop, output: () => output };
}
