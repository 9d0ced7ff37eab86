/** Numbers, sizes and times for messages (diagnostics, reasons, warnings). Pure. */

/** A number for messages: at most 4 significant digits, no trailing zeros. */
export function fmt(x: number): string {
    if (!Number.isFinite(x)) {
        return String(x);
    }
    return String(Number(x.toPrecision(4)));
}

/** A memory size in MB for messages, in GB when large. */
export function fmtMB(mb: number): string {
    return mb >= 1000 ? `${fmt(mb / 1000)} GB` : `${fmt(mb)} MB`;
}

/** A time in seconds for messages, in the largest unit that keeps it readable. */
export function fmtSeconds(s: number): string {
    if (!Number.isFinite(s)) {
        return String(s);
    }
    if (s >= 3600) { return `${fmt(s / 3600)} h`; }
    if (s >= 60) { return `${fmt(s / 60)} min`; }
    if (s >= 1) { return `${fmt(s)} s`; }
    return `${fmt(s * 1000)} ms`;
}
