/**
 * Reading a model file for a CLI command: diagnostics printed as
 * `FILE:LINE:COL: error|warning CODE: message` (cli.md), never a stack trace.
 */
import type { Diagnostic } from 'vscode-languageserver';
import type { Model } from '../model/types.js';
import { readTextFile } from './read-text.js';
import { inputName } from './stdin.js';
import { diagnosticJson } from './diagnostic-json.js';
import { cliModelCache } from './model-cache.js';

/** `file` is the FILE argument: `-` is shown as `<stdin>`. */
export function formatDiagnostic(file: string, d: Diagnostic): string {
    const j = diagnosticJson(d);
    return `${inputName(file)}:${j.line}:${j.column}: ${j.severity} ${j.code}: ${j.message}`;
}

export interface LoadedFile {
    text: string;
    /** The bytes as read (`--write` refuses to replace the file when they changed). */
    bytes: Buffer;
    diagnostics: Diagnostic[];
    /** Present when the file has no error. */
    model?: Model;
}

/**
 * Reads and checks `file`; an unreadable file, or one that is not a regular
 * file, is a UsageError (exit code 2). Bytes that are not UTF-8 are one error
 * `not-utf8` at the first of them: the model is not loaded.
 */
export async function loadModelFile(file: string): Promise<LoadedFile> {
    const { text, bytes, notUtf8 } = await readTextFile(file);
    if (text === undefined) {
        const at = { line: (notUtf8?.line ?? 1) - 1, character: (notUtf8?.column ?? 1) - 1 };
        const byte = (notUtf8?.byte ?? 0).toString(16).toUpperCase().padStart(2, '0');
        return {
            text: '', bytes, diagnostics: [{
                severity: 1, range: { start: at, end: { ...at, character: at.character + 1 } }, data: { code: 'not-utf8' },
                message: `byte 0x${byte} is not UTF-8 text; save the file as UTF-8 (a Latin-1 file would be changed by every edit)`
            }]
        };
    }
    // The same text was checked by an earlier command of this build: its result (model-cache.ts).
    const cache = cliModelCache();
    const cached = cache?.get(text);
    if (cached) {
        return { text, bytes, diagnostics: cached.diagnostics, model: cached.model };
    }
    // Imported here, not at the top: the bundle evaluates Langium's modules only for a command that
    // checks a text (test/cli/lazy-language.test.ts), not when the model comes from the cache.
    const { loadModelCore: loadModel } = await import('../language/load-core.js');
    const { diagnostics, model } = await loadModel(text);
    const sorted = [...diagnostics].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    cache?.set(text, { diagnostics: sorted, model });
    return { text, bytes, diagnostics: sorted, model };
}

/**
 * For `simulate` and `optimize`: the model, or undefined after printing its
 * errors to stderr (the caller exits 1).
 */
export async function requireModel(file: string): Promise<{ model: Model; text: string; bytes: Buffer } | undefined> {
    const loaded = await loadModelFile(file);
    if (!loaded.model) {
        for (const d of loaded.diagnostics.filter(x => x.severity === 1)) {
            process.stderr.write(formatDiagnostic(file, d) + '\n');
        }
        return undefined;
    }
    return { model: loaded.model, text: loaded.text, bytes: loaded.bytes };
}
