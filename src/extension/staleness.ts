/**
 * When the results on screen no longer describe the model: the rule the
 * results panel applies at the end of a run and on every document change.
 * Pure (no vscode), so it is unit-tested on its own.
 */

/** The document a result was computed from. */
export interface ResultOrigin {
    uri: string;
    /** The document's version when the run started; undefined when unknown (a view revived after a reload). */
    version: number | undefined;
}

/** A look at the document: its version now, and whether this look is a change event that altered its text. */
export interface DocumentState {
    uri: string;
    version: number;
    edited: boolean;
}

/**
 * Stale when the source document's text changed after the run started: an
 * edit event on it, or (at the end of a run) a version other than the one the
 * run read. Another document, or a change event without content changes
 * (dirty-state only), never makes it stale. Undoing back to the old text
 * still counts: VS Code versions only grow, and telling equal text apart
 * would need the whole text kept; "Run again" is cheap to ignore.
 */
export function isStale(origin: ResultOrigin, document: DocumentState): boolean {
    if (document.uri !== origin.uri) {
        return false;
    }
    return document.edited || (origin.version !== undefined && document.version !== origin.version);
}
