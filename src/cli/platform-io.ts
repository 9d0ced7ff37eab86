/** Small helpers of the platform commands (import, export, fit, compare): option numbers and safe writes. */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { InputError } from '../platform/input-error.js';
import { UsageError } from './errors.js';
import { readTextFile } from './read-text.js';
import { inputName } from './stdin.js';

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

/** The text of an input file, read as the CLI reads every file (read-text.ts): bytes that are not UTF-8 are an InputError at their line. */
export async function readInputText(file: string): Promise<string> {
    const read = await readTextFile(file);
    if (read.text === undefined) {
        const at = read.notUtf8!;
        throw new InputError(inputName(file), at.line, at.column, '', `not UTF-8 text (byte 0x${at.byte.toString(16).padStart(2, '0')})`);
    }
    return read.text;
}
