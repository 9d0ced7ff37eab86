/**
 * `optimize --write`: replaces the model file with an edited copy without
 * losing what the user had (docs/cli.md, "--write"):
 *
 * - a symlink stays a symlink: the edit goes to the file it resolves to;
 * - the mode (and, where allowed, the owner) of the file is kept;
 * - a read-only file (no write bit) is refused, even for root;
 * - the file must still hold the bytes read before the search: a file edited
 *   meanwhile is refused (the allocation may name servers it no longer has);
 * - the new text goes first to a temporary file created exclusively (O_EXCL,
 *   never through an existing name or symlink) beside the target, and is
 *   flushed to disk;
 * - a file with one link is then replaced by rename (atomic: a crash leaves
 *   the old or the new file, never half of one). A file with several hard
 *   links is overwritten in place instead, so that every link sees the edit
 *   (rename would give the path a new inode and leave the other links on the
 *   old text); the flushed temporary copy is removed only after that write
 *   succeeded.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { open, realpath, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Why the file was not written; `exitCode` 1 when it changed meanwhile, 2 when it cannot be written. */
export class WriteRefused extends Error {
    constructor(message: string, readonly exitCode: 1 | 2) {
        super(message);
    }
}

/**
 * Replaces `file` (or the file its symlinks resolve to) with `edit(text)`,
 * provided it still holds `original`. Returns the path written.
 */
export async function writeBack(file: string, original: Uint8Array, edit: (text: string) => string): Promise<string> {
    let target: string;
    try {
        target = await realpath(file);
    } catch (error) {
        throw new WriteRefused(`cannot write ${file}: ${codeOf(error)}`, 2);
    }
    const current = await readCurrent(file, target);
    if (!sameBytes(current.bytes, original)) {
        throw new WriteRefused(`${file} changed since it was read; nothing written (run optimize again on the new text)`, 1);
    }
    if ((current.mode & 0o222) === 0) {
        throw new WriteRefused(`cannot write ${file}: the file is read-only`, 2);
    }
    const updated = Buffer.from(edit(Buffer.from(original).toString('utf8')), 'utf8');
    const temporary = await writeTemporary(target, updated, current);
    let keepTemporary = false;
    try {
        // Last look just before replacing: an edit saved during the steps above is not overwritten.
        const again = await readCurrent(file, target);
        if (!sameBytes(again.bytes, original)) {
            throw new WriteRefused(`${file} changed since it was read; nothing written (run optimize again on the new text)`, 1);
        }
        if (current.links > 1) {
            keepTemporary = true; // until the in-place write is complete, it is the only full copy of the new text
            await overwriteInPlace(file, target, updated, temporary);
            keepTemporary = false;
            await unlink(temporary);
        } else {
            await rename(temporary, target);
        }
    } catch (error) {
        if (!keepTemporary) {
            await unlink(temporary).catch(() => undefined);
        }
        throw error instanceof WriteRefused ? error : new WriteRefused(`cannot write ${file}: ${codeOf(error)}`, 2);
    }
    return target;
}

interface Current {
    bytes: Buffer;
    mode: number;
    uid: number;
    gid: number;
    links: number;
}

async function readCurrent(file: string, target: string): Promise<Current> {
    let handle;
    try {
        handle = await open(target, constants.O_RDONLY | constants.O_NONBLOCK);
    } catch (error) {
        throw new WriteRefused(`cannot write ${file}: ${codeOf(error)}`, 2);
    }
    try {
        const stats = await handle.stat();
        if (!stats.isFile()) {
            throw new WriteRefused(`cannot write ${file}: not a regular file`, 2);
        }
        return { bytes: await handle.readFile(), mode: stats.mode & 0o7777, uid: stats.uid, gid: stats.gid, links: stats.nlink };
    } finally {
        await handle.close();
    }
}

/** A new file beside `target` holding `bytes`, with the target's mode and owner, flushed to disk. */
async function writeTemporary(target: string, bytes: Buffer, like: Current): Promise<string> {
    for (let attempt = 0; ; attempt++) {
        const path = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.mlops-tmp`);
        let handle;
        try {
            // wx = O_CREAT | O_EXCL: fails on any existing name, a symlink included, instead of following it.
            handle = await open(path, 'wx', 0o600);
        } catch (error) {
            if ((error as NodeJS.ErrnoException).code === 'EEXIST' && attempt < 5) {
                continue;
            }
            throw new WriteRefused(`cannot write ${target}: cannot create a temporary file beside it: ${codeOf(error)}`, 2);
        }
        try {
            await handle.writeFile(bytes);
            await handle.chown(like.uid, like.gid).catch(() => undefined); // only root may give a file away
            await handle.chmod(like.mode);
            await handle.sync();
            return path;
        } catch (error) {
            await handle.close().catch(() => undefined);
            handle = undefined;
            await unlink(path).catch(() => undefined);
            throw new WriteRefused(`cannot write ${target}: ${codeOf(error)}`, 2);
        } finally {
            await handle?.close().catch(() => undefined);
        }
    }
}

async function overwriteInPlace(file: string, target: string, bytes: Buffer, temporary: string): Promise<void> {
    let handle;
    try {
        handle = await open(target, constants.O_WRONLY | constants.O_NONBLOCK);
        // Write, then cut to length: the file is never empty on the way.
        await handle.write(bytes, 0, bytes.length, 0);
        await handle.truncate(bytes.length);
        await handle.sync();
    } catch (error) {
        throw new WriteRefused(`cannot write ${file}: ${codeOf(error)} (the new text is kept in ${temporary})`, 2);
    } finally {
        await handle?.close();
    }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
    return Buffer.compare(a, b) === 0;
}

function codeOf(error: unknown): string {
    return (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
}
