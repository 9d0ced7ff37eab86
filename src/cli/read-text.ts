/**
 * Reading a model file as the CLI does: a regular file (or `-`, standard
 * input) of UTF-8 text, or a UsageError (exit code 2) saying why not. A FIFO or a device is refused
 * instead of blocking on it. Bytes that are not UTF-8 are located (line and
 * column) instead of being turned into U+FFFD, which `--write` would then
 * save over the user's text; load-file.ts reports them as an error.
 */
import { constants, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { UsageError } from './errors.js';
import { inputName, readStandardInput, STDIN } from './stdin.js';

export interface TextFile {
    /** The text; undefined when the bytes are not UTF-8 (`notUtf8` says where). */
    text?: string;
    notUtf8?: { line: number; column: number; byte: number };
    /** The bytes as read: `--write` compares them with the file before replacing it. */
    bytes: Buffer;
    /** Absent for standard input. */
    stats?: Stats;
}

/** `file`, or standard input when it is `-` (stdin.ts). */
export async function readTextFile(file: string): Promise<TextFile> {
    if (file === STDIN) {
        let bytes: Buffer;
        try {
            bytes = await readStandardInput();
        } catch (error) {
            throw new UsageError(`cannot read ${inputName(file)}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
        }
        return { ...decodeUtf8(bytes), bytes };
    }
    let handle;
    try {
        // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer; fstat then tells what it is.
        handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
    } catch (error) {
        throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    try {
        const stats = await handle.stat();
        if (!stats.isFile()) {
            throw new UsageError(`cannot read ${file}: not a regular file (${kindOf(stats)})`);
        }
        const bytes = await handle.readFile();
        return { ...decodeUtf8(bytes), bytes, stats };
    } catch (error) {
        if (error instanceof UsageError) {
            throw error;
        }
        throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    } finally {
        await handle.close();
    }
}

function kindOf(stats: Stats): string {
    return stats.isDirectory() ? 'a directory' : stats.isFIFO() ? 'a FIFO' : stats.isSocket() ? 'a socket'
        : stats.isCharacterDevice() || stats.isBlockDevice() ? 'a device' : 'not a file';
}

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The text of `bytes`, or the line and column (1-based) of the first byte that is not UTF-8. */
export function decodeUtf8(bytes: Uint8Array): Pick<TextFile, 'text' | 'notUtf8'> {
    try {
        return { text: strict.decode(bytes) };
    } catch {
        const at = firstInvalidByte(bytes);
        const lines = strict.decode(bytes.subarray(0, at)).split('\n');
        return { notUtf8: { line: lines.length, column: lines[lines.length - 1].length + 1, byte: bytes[at] } };
    }
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidByte(bytes: Uint8Array): number {
    let i = 0;
    while (i < bytes.length) {
        const b = bytes[i];
        const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
        if (length === 0 || i + length > bytes.length) {
            return i;
        }
        try {
            strict.decode(bytes.subarray(i, i + length));
        } catch {
            return i;
        }
        i += length;
    }
    return Math.max(0, bytes.length - 1);
}
