/** Runs the `mlops` program in-process and captures what it writes. */
import { vi } from 'vitest';
import { main } from '../../src/cli/program.js';

export async function runCli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const o = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => { out += String(chunk); return true; });
    const e = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => { err += String(chunk); return true; });
    try {
        const code = await main(argv);
        return { code, out, err };
    } finally {
        o.mockRestore();
        e.mockRestore();
    }
}
