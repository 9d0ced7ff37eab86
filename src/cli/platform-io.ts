/** Small helpers of the platform commands (import, export, fit, compare): option numbers and safe writes. */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UsageError } from './errors.js';

export function positiveNumber(name: string, text: string | undefined): number | undefined {
    if (text === undefined) {
        return undefined;
    }
    const n = Number(text);
    if (!/^\s*[0-9.eE+-]+\s*$/.test(text) || !Number.isFinite(n) || n <= 0) {
        throw new UsageError(`--${name}: expected a positive number, got '${text}'`);
    }
    return n;
}

/** Writes through a temporary file and a rename, so a reader never sees half a file. */
export async function writeAtomically(file: string, text: string): Promise<void> {
    try {
        await mkdir(dirname(file), { recursive: true });
        const temporary = `${file}.mlops-tmp`;
        await writeFile(temporary, text, 'utf8');
        await rename(temporary, file);
    } catch (error) {
        throw new UsageError(`cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
}
