/**
 * Edges of the command line (issue 12.12): a closed pipe, a FIFO as input,
 * and option values beyond what a model file accepts.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/program.js';
import { validateFiles } from '../../src/cli/validate.js';
import { loadModel } from '../../src/language/load.js';
import { MAX_SEED, maxWorkers } from '../../src/model/limits.js';

const dir = mkdtempSync(join(tmpdir(), 'mlops-edges-'));
const MM1 = 'examples/mm1.mlops';

async function mlops(...args: string[]): Promise<{ code: number; stderr: string }> {
    let stderr = '';
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => { stderr += String(chunk); return true; });
    try {
        return { code: await main(args), stderr };
    } finally {
        out.mockRestore();
        err.mockRestore();
    }
}

describe('a closed pipe', () => {
    it('`mlops validate big.mlops | head -1` ends quietly with the usual exit code, no EPIPE stack trace', async () => {
        // 3000 unused components without an instance: about 500 KB of diagnostics, far more than a pipe buffers.
        const big = join(dir, 'big.mlops');
        const components = Array.from({ length: 3000 }, (_, i) => `component c${i} { idle cpu 0 GHz ram 1 MB }`).join('\n');
        writeFileSync(big, `${readFileSync(MM1, 'utf8')}\n${components}\n`);
        const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'validate', big], { stdio: ['ignore', 'pipe', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', chunk => { stderr += String(chunk); });
        // Read the first chunk, then close the pipe as `head -1` does.
        await new Promise<void>(resolve => child.stdout.once('data', () => { child.stdout.destroy(); resolve(); }));
        const code = await new Promise<number | null>(resolve => child.on('close', resolve));
        expect(stderr).not.toMatch(/EPIPE|Unhandled|\n\s+at /);
        expect(stderr).toMatch(/1 file checked: 3000 errors, 3000 warnings/);
        expect(code).toBe(1);
    }, 60_000);
});

describe('input that is not a regular file', () => {
    it('a FIFO is refused at once (exit 2) instead of blocking for a writer', async () => {
        const fifo = join(dir, 'model.mlops');
        execFileSync('mkfifo', [fifo]);
        const lines: string[] = [];
        const code = await Promise.race([
            validateFiles([fifo], { out: line => lines.push(line), err: line => lines.push(line) }),
            new Promise<string>(resolve => setTimeout(() => resolve('blocked'), 5000))
        ]);
        expect(code).toBe(2);
        expect(lines.join('\n')).toMatch(/cannot read .*model\.mlops: not a regular file \(a FIFO\)/);
        expect((await mlops('simulate', fifo)).code).toBe(2);
    }, 20_000);

    it('a directory is refused with a reason', async () => {
        const r = await mlops('simulate', dir);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/not a regular file \(a directory\)/);
    });
});

describe('text that is not UTF-8', () => {
    it('is one error at the first bad byte, not text silently changed to U+FFFD', async () => {
        const path = join(dir, 'latin1.mlops');
        // Line 1 has a valid two-byte é (column counts characters), line 2 a Latin-1 é.
        writeFileSync(path, Buffer.concat([Buffer.from('// ok \u00e9\n// caf'), Buffer.from([0xe9]), Buffer.from('\n'), readFileSync(MM1)]));
        const lines: string[] = [];
        expect(await validateFiles([path], { out: line => lines.push(line), err: () => undefined })).toBe(1);
        expect(lines).toEqual([`${path}:2:7: error not-utf8: byte 0xE9 is not UTF-8 text; save the file as UTF-8 (a Latin-1 file would be changed by every edit)`]);
        expect((await mlops('simulate', path)).code).toBe(1);
    });
});

describe('one set of limits for the file and the command line', () => {
    const withSeed = async (seed: number) => {
        const text = readFileSync(MM1, 'utf8').replace('seed 7', `seed ${seed}`);
        return (await loadModel(text)).diagnostics.filter(d => d.severity === 1).length === 0;
    };

    it('--seed: the largest seed a file accepts is accepted, one more is refused by both', async () => {
        expect(await withSeed(MAX_SEED)).toBe(true);
        expect(await withSeed(MAX_SEED + 1)).toBe(false);
        expect((await mlops('simulate', MM1, '--seed', String(MAX_SEED), '--horizon', '10min', '--warmup', '0', '--replications', '1')).code).toBe(0);
        const r = await mlops('simulate', MM1, '--seed', String(MAX_SEED + 1));
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/--seed: expected a whole number from 0 to 4294967295/);
    });

    it('--horizon, --warmup and --timeout above 1e12 s are refused as in the file', async () => {
        for (const [option, value] of [['--horizon', '2e12'], ['--warmup', '1e13'], ['--horizon', '20000000000 min']]) {
            const r = await mlops('simulate', MM1, option, value);
            expect(r.code, `${option} ${value}`).toBe(2);
            expect(r.stderr).toMatch(/at most 1e12 s/);
        }
        expect((await mlops('optimize', MM1, '--timeout', '2e12')).code).toBe(2);
        expect((await mlops('simulate', MM1, '--replications', '2000000000000')).code).toBe(2);
    });

    it('--workers is bounded by 4 per core and 64 (a thread each holds a simulator)', async () => {
        const bound = maxWorkers(availableParallelism());
        expect(bound).toBeLessThanOrEqual(64);
        expect(maxWorkers(1000)).toBe(64);
        expect(maxWorkers(2)).toBe(8);
        const r = await mlops('optimize', MM1, '--workers', String(bound + 1));
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(new RegExp(`--workers: expected a whole number from 0 to ${bound} \\(4 per core`));
    });
});
