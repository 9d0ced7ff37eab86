/**
 * Text from a model file shown to people (labels in the results view and the
 * HTML report). Pure.
 *
 * Bidirectional controls (embeddings, overrides, isolates, marks) reorder the
 * text around them: a label "invoice\u202Efdp.exe" displays as
 * "invoiceexe.pdf", and an override left open spills into what follows. Each
 * such character is shown as its code point, `[U+202E]`, instead of acting.
 * Right-to-left letters themselves (Arabic, Hebrew) are left alone.
 */
export function visibleText(text: string): string {
    return text.replace(BIDI_CONTROLS, c => `[U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`);
}

const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
