/**
 * The CLI's program is a module that does nothing when imported (the entry,
 * src/cli/main.ts, runs it): tests and tools can call main(argv) directly.
 */
import { expect, test, vi } from 'vitest';

test('importing the program runs nothing; main(argv) returns the exit code of cli.md', async () => {
    const written: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => { written.push(String(chunk)); return true; });
    const errSpy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => { written.push(String(chunk)); return true; });
    try {
        const exitBefore = process.exitCode;
        const { main } = await import('../../src/cli/program.js');
        await new Promise(resolve => setTimeout(resolve, 50));
        expect(written).toEqual([]);
        expect(process.exitCode).toBe(exitBefore);
        expect(await main(['validate', 'examples/retail.mlops'])).toBe(0);
        expect(written.join('')).toMatch(/1 file checked: 0 errors/);
        expect(await main(['validate', 'test/fixtures/invalid/does-not-exist.mlops'])).toBe(2);
        expect(await main(['no-such-command'])).toBe(2);
    } finally {
        spy.mockRestore();
        errSpy.mockRestore();
    }
});
