/**
 * The text edit that writes an allocation into a .mlops file (`mlops optimize
 * --write`, the results view's Apply). Pure: text in, one edit out.
 *
 * An existing top-level `allocation NAME { ... }` block of the same name is
 * replaced (its doc comment kept); otherwise the block is inserted after the
 * last allocation, else before the `optimize` block (and the comments that
 * lead into it), else at the end. Everything else stays byte for byte. The
 * text is scanned, not parsed, so a file with errors elsewhere can still be
 * edited; comments and strings are skipped.
 */
import { allocationToText } from './allocation.js';
import type { AllocationDef } from './types.js';

export interface TextEdit {
    /** UTF-16 offset in the original text. */
    offset: number;
    /** Characters replaced (0 for an insertion). */
    length: number;
    newText: string;
}

interface Token {
    kind: 'word' | 'punct' | 'string' | 'comment';
    text: string;
    start: number;
    end: number;
}

/** Tokens of `text`, comments included (strings and comments as single tokens). */
function tokenize(text: string): Token[] {
    const tokens: Token[] = [];
    let i = 0;
    const n = text.length;
    while (i < n) {
        const ch = text[i];
        if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') {
            i++;
        } else if (ch === '/' && text[i + 1] === '/') {
            let j = i + 2;
            while (j < n && text[j] !== '\n' && text[j] !== '\r') {
                j++;
            }
            tokens.push({ kind: 'comment', text: text.slice(i, j), start: i, end: j });
            i = j;
        } else if (ch === '/' && text[i + 1] === '*') {
            const close = text.indexOf('*/', i + 2);
            const j = close < 0 ? n : close + 2;
            tokens.push({ kind: 'comment', text: text.slice(i, j), start: i, end: j });
            i = j;
        } else if (ch === '"') {
            let j = i + 1;
            while (j < n && text[j] !== '"' && text[j] !== '\n' && text[j] !== '\r') {
                j += text[j] === '\\' ? 2 : 1;
            }
            j = Math.min(n, j + (text[j] === '"' ? 1 : 0));
            tokens.push({ kind: 'string', text: text.slice(i, j), start: i, end: j });
            i = j;
        } else if (/[A-Za-z_]/.test(ch)) {
            let j = i + 1;
            while (j < n && (/[A-Za-z0-9_]/.test(text[j]) || (text[j] === '-' && text[j + 1] !== '>'))) {
                j++;
            }
            tokens.push({ kind: 'word', text: text.slice(i, j), start: i, end: j });
            i = j;
        } else {
            tokens.push({ kind: 'punct', text: ch, start: i, end: i + 1 });
            i++;
        }
    }
    return tokens;
}

interface TopElement {
    keyword: string;
    name: string | undefined;
    /** Offset of the keyword. */
    start: number;
    /** Offset after the closing brace (or the end of the text when unclosed). */
    end: number;
    /** Offset where the comments on their own lines just before the keyword begin. */
    leadingStart: number;
}

/** Top-level elements (`keyword NAME { ... }` at brace depth 0). */
function topElements(text: string, tokens: Token[]): TopElement[] {
    const elements: TopElement[] = [];
    let depth = 0;
    let current: TopElement | undefined;
    for (let t = 0; t < tokens.length; t++) {
        const token = tokens[t];
        if (token.kind === 'comment' || token.kind === 'string') {
            continue;
        }
        if (token.text === '{') {
            depth++;
        } else if (token.text === '}') {
            depth = Math.max(0, depth - 1);
            if (depth === 0 && current) {
                current.end = token.end;
                elements.push(current);
                current = undefined;
            }
        } else if (depth === 0 && token.kind === 'word' && !current) {
            const n1 = nextCode(tokens, t);
            const next = tokens[n1];
            const opensBlock = token.text === 'optimize'
                ? next?.text === '{'
                : next?.kind === 'word' && tokens[nextCode(tokens, n1)]?.text === '{';
            if (opensBlock) {
                current = {
                    keyword: token.text,
                    name: token.text === 'optimize' ? undefined : next?.text,
                    start: token.start,
                    end: text.length,
                    leadingStart: leadingCommentStart(text, tokens, t)
                };
            }
        }
    }
    if (current) {
        elements.push(current);
    }
    return elements;
}

/** Index of the first non-comment token after tokens[t] (tokens.length when none). */
function nextCode(tokens: Token[], t: number): number {
    let k = t + 1;
    while (k < tokens.length && tokens[k].kind === 'comment') {
        k++;
    }
    return k;
}

/** Start of the run of own-line comments directly before tokens[t] (or its own start). */
function leadingCommentStart(text: string, tokens: Token[], t: number): number {
    let start = tokens[t].start;
    for (let k = t - 1; k >= 0 && tokens[k].kind === 'comment'; k--) {
        const lineStart = text.lastIndexOf('\n', tokens[k].start - 1) + 1;
        if (text.slice(lineStart, tokens[k].start).trim() !== '') {
            break; // a trailing comment of a previous line belongs to that line
        }
        start = tokens[k].start;
    }
    return start;
}

/**
 * The edit that makes `text` contain `allocation` (by its name) as a block:
 * replaces an existing top-level block of that name, else inserts one.
 */
export function upsertAllocationEdit(text: string, allocation: AllocationDef): TextEdit {
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    const block = allocationToText(allocation).replace(/\n/g, eol);
    const elements = topElements(text, tokenize(text));
    const existing = elements.find(e => e.keyword === 'allocation' && e.name === allocation.name);
    if (existing) {
        return { offset: existing.start, length: existing.end - existing.start, newText: block };
    }
    const allocations = elements.filter(e => e.keyword === 'allocation');
    if (allocations.length > 0) {
        const last = allocations[allocations.length - 1];
        return { offset: last.end, length: 0, newText: eol + eol + block };
    }
    const optimize = elements.find(e => e.keyword === 'optimize');
    if (optimize) {
        const lineStart = text.lastIndexOf('\n', optimize.leadingStart - 1) + 1;
        const offset = text.slice(lineStart, optimize.leadingStart).trim() === '' ? lineStart : optimize.leadingStart;
        return { offset, length: 0, newText: block + eol + eol };
    }
    const trailing = text.length === 0 ? '' : text.endsWith('\n') ? eol : eol + eol;
    return { offset: text.length, length: 0, newText: trailing + block + eol };
}

/** `text` with `edit` applied. */
export function applyTextEdit(text: string, edit: TextEdit): string {
    return text.slice(0, edit.offset) + edit.newText + text.slice(edit.offset + edit.length);
}
