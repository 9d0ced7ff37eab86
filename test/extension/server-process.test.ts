/** The language server's process: forked early with the client's IPC arguments, handed to the first start, fresh ones after. */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { forkLanguageServer, hostIsDebugged, ServerProcesses, type ServerLaunch } from '../../src/extension/server-process.js';

// A stand-in server: answers one IPC message with what it was started with, then stays up.
const dir = mkdtempSync(join(tmpdir(), 'mlops-server-process-'));
const fakeServer = join(dir, 'server.cjs');
writeFileSync(fakeServer, `
process.on('message', () => process.send({
    argv: process.argv.slice(2),
    cache: process.env.MLOPS_LS_CACHE_DIR ?? null,
    electron: process.env.ELECTRON_RUN_AS_NODE ?? null
}));
process.stderr.write('fake server up\\n');
setInterval(() => undefined, 1000);
`);
const crashingServer = join(dir, 'crash.cjs');
writeFileSync(crashingServer, 'process.exit(3);\n');

const started: ChildProcess[] = [];
const tracked = (launch: ServerLaunch) => { const child = forkLanguageServer(launch); started.push(child); return child; };
afterEach(() => {
    for (const child of started.splice(0)) child.kill('SIGKILL');
});

const ask = (child: ChildProcess) => new Promise<{ argv: string[]; cache: string | null; electron: string | null }>(resolve => {
    child.once('message', message => resolve(message as { argv: string[]; cache: string | null; electron: string | null }));
    child.send({ hello: true });
});
const exited = (child: ChildProcess) => new Promise<void>(resolve => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
});

describe('language server process', () => {
    it('is forked with an IPC channel, --node-ipc, the client process id and the code cache directory', async () => {
        const child = tracked({ module: fakeServer, cacheDir: '/tmp/some-cache' });
        const seen = await ask(child);
        expect(seen.argv).toEqual(['--node-ipc', `--clientProcessId=${process.pid}`]);
        expect(seen.cache).toBe('/tmp/some-cache');
        expect(seen.electron).toBe('1');
        let stderr = '';
        child.stderr?.on('data', chunk => { stderr += String(chunk); });
        await new Promise(resolve => setTimeout(resolve, 200));
        expect(stderr).toContain('fake server up');
    });

    it('has no cache directory when none is given', async () => {
        const seen = await ask(tracked({ module: fakeServer }));
        expect(seen.cache).toBeNull();
    });

    it('hands the early process to the first start and forks a fresh one for each restart', async () => {
        let forks = 0;
        const servers = new ServerProcesses({ module: fakeServer }, launch => { forks++; return tracked(launch); });
        servers.startEarly();
        expect(forks).toBe(1);
        const first = servers.take();
        expect(forks).toBe(1);
        expect(first).toBe(started[0]);
        await ask(first);
        const second = servers.take();
        expect(forks).toBe(2);
        expect(second).not.toBe(first);
        expect((await ask(second)).argv[0]).toBe('--node-ipc');
        servers.dispose();
    });

    it('forks a fresh process when the early one has already ended', async () => {
        let module = crashingServer;
        const servers = new ServerProcesses({ module: fakeServer }, launch => tracked({ ...launch, module }));
        servers.startEarly();
        const early = started[0]!;
        await exited(early);
        module = fakeServer;
        const taken = servers.take();
        expect(taken).not.toBe(early);
        expect(started).toHaveLength(2);
        expect((await ask(taken)).argv).toContain('--node-ipc');
        servers.dispose();
    });

    it('forks on the first start when nothing was started early', () => {
        const servers = new ServerProcesses({ module: fakeServer }, tracked);
        const taken = servers.take();
        expect(taken).toBe(started[0]);
        servers.dispose();
    });

    it('dispose ends the processes still running, taken or not', async () => {
        const servers = new ServerProcesses({ module: fakeServer }, tracked);
        servers.startEarly();
        const taken = servers.take();
        servers.startEarly();
        const early = started[1]!;
        await ask(taken);
        servers.dispose();
        await Promise.all([exited(taken), exited(early)]);
        expect(taken.signalCode).toBe('SIGTERM');
        expect(early.signalCode).toBe('SIGTERM');
    });

    it('starts the server under the debugger when the extension host runs under one', () => {
        expect(hostIsDebugged(['--inspect=9229'])).toBe(true);
        expect(hostIsDebugged(['--inspect-brk'])).toBe(true);
        expect(hostIsDebugged(['--max-old-space-size=4096'])).toBe(false);
        expect(hostIsDebugged([])).toBe(false);
    });
});
