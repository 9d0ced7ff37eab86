/**
 * `optimize --write` keeps what the user had (issue 12.8): the text's bytes,
 * symlinks, hard links, the mode, read-only files, unrelated files behind a
 * planted temporary name, and edits made while the search ran.
 */
import { chmodSync, linkSync, lstatSync, mkdtempSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { GPU } from '../opt/models.js';

/** Runs before the real search returns: lets a test edit the file "during" the optimization. */
const duringSearch = vi.hoisted(() => ({ hook: undefined as (() => void) | undefined }));
vi.mock('../../src/opt/index.js', async importOriginal => {
    const real = await importOriginal<typeof import('../../src/opt/index.js')>();
    return {
        ...real,
        optimize: async (...args: Parameters<typeof real.optimize>) => {
            const result = await real.optimize(...args);
            duringSearch.hook?.();
            return result;
        }
    };
});
const { runCli } = await import('./helpers.js');

const dir = mkdtempSync(join(tmpdir(), 'mlops-write-'));
let counter = 0;

function file(text: string | Buffer, name = `model${counter++}.mlops`): string {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
}

async function mlops(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const { code, out, err } = await runCli(args);
    return { code, stdout: out, stderr: err };
}

const write = (path: string) => mlops('optimize', path, '--population', '4', '--generations', '1', '--replications', '1', '--horizon', '2h',
    '--warmup', '0', '--workers', '1', '--write', '--json');
const hasOptimized = (path: string) => readFileSync(path, 'utf8').includes('allocation optimized {');

describe('optimize --write', () => {
    it('refuses a file that is not UTF-8 (a Latin-1 byte in a comment) and leaves it untouched', async () => {
        const latin1 = Buffer.concat([Buffer.from('// caf'), Buffer.from([0xe9]), Buffer.from('\n' + GPU)]);
        const path = file(latin1);
        const r = await write(path);
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(/:1:7: error not-utf8: byte 0xE9 is not UTF-8 text/);
        expect(readFileSync(path).equals(latin1)).toBe(true);
    });

    it('writes through a symlink: the link stays a link, its target gets the allocation', async () => {
        const target = file(GPU);
        const link = join(dir, `link${counter++}.mlops`);
        symlinkSync(target, link);
        expect((await write(link)).code).toBe(0);
        expect(lstatSync(link).isSymbolicLink()).toBe(true);
        expect(hasOptimized(target)).toBe(true);
    });

    it('keeps hard links: every name sees the edit', async () => {
        const path = file(GPU);
        const other = join(dir, `hard${counter++}.mlops`);
        linkSync(path, other);
        const inode = statSync(path).ino;
        expect((await write(path)).code).toBe(0);
        expect(statSync(path).ino).toBe(inode);
        expect(hasOptimized(other)).toBe(true);
    });

    it('keeps the mode of the file (0640 stays 0640) and leaves no temporary file', async () => {
        const path = file(GPU);
        chmodSync(path, 0o640);
        const before = readdirSync(dir).length;
        expect((await write(path)).code).toBe(0);
        expect(statSync(path).mode & 0o7777).toBe(0o640);
        expect(hasOptimized(path)).toBe(true);
        expect(readdirSync(dir).length).toBe(before);
    });

    it('refuses a read-only file (even when running as root) in one line', async () => {
        const path = file(GPU);
        chmodSync(path, 0o444);
        const r = await write(path);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/^mlops: cannot write .*: the file is read-only\n$/m);
        expect(readFileSync(path, 'utf8')).toBe(GPU);
    });

    it('never follows a planted FILE.mlops-tmp symlink to overwrite an unrelated file', async () => {
        const victim = file('precious\n', `victim${counter++}.txt`);
        const path = file(GPU);
        symlinkSync(victim, `${path}.mlops-tmp`);
        expect((await write(path)).code).toBe(0);
        expect(readFileSync(victim, 'utf8')).toBe('precious\n');
        expect(hasOptimized(path)).toBe(true);
    });

    it('refuses (exit 1, one line) when the file was edited while the search ran, and keeps the edit', async () => {
        const path = file(GPU);
        const edited = GPU.replace('system gpu', 'system gpu_renamed');
        duringSearch.hook = () => writeFileSync(path, edited);
        try {
            const r = await write(path);
            expect(r.code).toBe(1);
            expect(r.stderr.trim().split('\n').filter(line => line.includes('changed since it was read'))).toHaveLength(1);
            expect(r.stderr).not.toMatch(/written to/);
        } finally {
            duringSearch.hook = undefined;
        }
        expect(readFileSync(path, 'utf8')).toBe(edited);
    });
});
