/**
 * `-` as a FILE argument: standard input, named `<stdin>` in messages and
 * diagnostics (`<stdin>:3:7: error ...`). It can be read once per command,
 * so a command given `-` twice is refused as bad usage before anything is read.
 */
import { UsageError } from './errors.js';

export const STDIN = '-';

/** How a FILE argument is named in messages. */
export function inputName(file: string): string {
    return file === STDIN ? '<stdin>' : file;
}

/** Where standard input comes from; tests replace `stream`. */
export const standardInput = { stream: (): NodeJS.ReadableStream => process.stdin };

/** All of standard input (it waits for the end, as `cat -` does). */
export async function readStandardInput(): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of standardInput.stream()) {
        chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk as Buffer);
    }
    return Buffer.concat(chunks);
}

/** Bad usage when more than one of `files` (undefined: not given) is `-`. */
export function atMostOneStdin(files: (string | undefined)[]): void {
    if (files.filter(f => f === STDIN).length > 1) {
        throw new UsageError('standard input (-) can be read only once per command');
    }
}
