/**
 * Reading a model file for a CLI command: diagnostics printed as
 * `FILE:LINE:COL: error|warning CODE: message` (cli.md), never a stack trace.
 */
import { readFile } from 'node:fs/promises';
import type { Diagnostic } from 'vscode-languageserver';
import { loadModel } from '../language/load.js';
import type { Model } from '../model/types.js';
import { UsageError } from './errors.js';

export function formatDiagnostic(file: string, d: Diagnostic): string {
    const severity = d.severity === 1 ? 'error' : d.severity === 2 ? 'warning' : 'info';
    const data = d.data as { code?: string } | undefined;
    const code = data?.code ?? (typeof d.code === 'string' ? d.code : 'unknown');
    // One line per diagnostic: the parser's messages may span lines ("Expecting: one of these ...").
    const message = (typeof d.message === 'string' ? d.message : d.message.value).replace(/\s*[\r\n]+\s*/g, ' ').trim();
    return `${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${severity} ${code}: ${message}`;
}

export interface LoadedFile {
    text: string;
    diagnostics: Diagnostic[];
    /** Present when the file has no error. */
    model?: Model;
}

/** Reads and checks `file`; an unreadable file is a UsageError (exit code 2). */
export async function loadModelFile(file: string): Promise<LoadedFile> {
    let text: string;
    try {
        text = await readFile(file, 'utf8');
    } catch (error) {
        throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    const { diagnostics, model } = await loadModel(text);
    const sorted = [...diagnostics].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    return { text, diagnostics: sorted, model };
}

/**
 * For `simulate` and `optimize`: the model, or undefined after printing its
 * errors to stderr (the caller exits 1).
 */
export async function requireModel(file: string): Promise<{ model: Model; text: string } | undefined> {
    const loaded = await loadModelFile(file);
    if (!loaded.model) {
        for (const d of loaded.diagnostics.filter(x => x.severity === 1)) {
            process.stderr.write(formatDiagnostic(file, d) + '\n');
        }
        return undefined;
    }
    return { model: loaded.model, text: loaded.text };
}
