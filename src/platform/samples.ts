/**
 * Measured durations for `mlops fit`: a CSV column or a JSON array, parsed
 * with positions so that a bad value is reported with its file, line and
 * field (InputError). Values are seconds, or `unitSeconds` times the number.
 *
 * CSV: `,` `;` or tab separated, optional header, `"quoted"` cells; the column
 * is the one named by `column`, else the only one, else one named seconds,
 * duration, duration_seconds, latency or value. JSON: an array of numbers, an
 * object with one array of numbers (or the field `column`), or an array of
 * objects with the field `column`.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { InputError } from './input-error.js';

const DEFAULT_COLUMNS = ['seconds', 'duration', 'duration_seconds', 'latency', 'latency_seconds', 'value'];

export function parseSamples(file: string, text: string, column?: string, unitSeconds = 1): number[] {
    const trimmed = text.trimStart();
    return trimmed.startsWith('[') || trimmed.startsWith('{')
        ? parseJsonSamples(file, text, column, unitSeconds)
        : parseCsvSamples(file, text, column, unitSeconds);
}

function splitCsvLine(line: string, separator: string): { text: string; column: number }[] {
    const cells: { text: string; column: number }[] = [];
    let i = 0;
    while (i <= line.length) {
        const start = i;
        let text = '';
        if (line[i] === '"') {
            i++;
            while (i < line.length && !(line[i] === '"' && line[i + 1] !== '"')) {
                text += line[i] === '"' ? '"' : line[i];
                i += line[i] === '"' ? 2 : 1;
            }
            i++;
            while (i < line.length && line[i] !== separator) { i++; }
        } else {
            while (i < line.length && line[i] !== separator) { text += line[i]; i++; }
        }
        cells.push({ text: text.trim(), column: start + 1 });
        i++;
    }
    return cells;
}

function parseCsvSamples(file: string, text: string, column: string | undefined, unitSeconds: number): number[] {
    const lines = text.split(/\r?\n/);
    const first = lines.findIndex(l => l.trim() !== '' && !l.trimStart().startsWith('#'));
    if (first < 0) {
        throw new InputError(file, 1, 1, '', 'no samples: the file is empty');
    }
    const separator = [',', ';', '\t'].find(s => lines[first].includes(s)) ?? ',';
    const head = splitCsvLine(lines[first], separator);
    const hasHeader = head.some(c => c.text !== '' && !Number.isFinite(Number(c.text)));
    let index = 0;
    if (hasHeader) {
        const names = head.map(c => c.text);
        const wanted = column ?? (names.length === 1 ? names[0] : DEFAULT_COLUMNS.find(n => names.includes(n)));
        index = wanted === undefined ? -1 : names.indexOf(wanted);
        if (index < 0) {
            throw new InputError(file, first + 1, 1, column ?? '', column
                ? `no column '${column}' (columns: ${names.join(', ')})`
                : `several columns: choose one with --column (columns: ${names.join(', ')})`);
        }
    } else if (column !== undefined) {
        throw new InputError(file, first + 1, 1, column, `the file has no header line, so it has no column '${column}'`);
    } else if (head.length > 1) {
        throw new InputError(file, first + 1, 1, '', `${head.length} columns and no header: give the samples as one column, or a header and --column`);
    }
    const field = hasHeader ? head[index].text : 'column 1';
    const values: number[] = [];
    for (let l = hasHeader ? first + 1 : first; l < lines.length; l++) {
        if (lines[l].trim() === '' || lines[l].trimStart().startsWith('#')) {
            continue;
        }
        const cell = splitCsvLine(lines[l], separator)[index];
        if (!cell) {
            throw new InputError(file, l + 1, lines[l].length + 1, field, 'missing value');
        }
        values.push(checkValue(file, l + 1, cell.column, field, cell.text, unitSeconds));
    }
    if (values.length === 0) {
        throw new InputError(file, first + 1, 1, field, 'no samples after the header');
    }
    return values;
}

function checkValue(file: string, line: number, col: number, field: string, raw: string | number | unknown, unitSeconds: number): number {
    const x = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
    if (!Number.isFinite(x) || x <= 0) {
        throw new InputError(file, line, col, field, `expected a positive duration, got '${String(raw)}'`);
    }
    return x * unitSeconds;
}

function parseJsonSamples(file: string, text: string, column: string | undefined, unitSeconds: number): number[] {
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { lineCounter, prettyErrors: false });
    const where = (offset: number) => lineCounter.linePos(offset);
    if (doc.errors.length > 0) {
        const e = doc.errors[0];
        const { line, col } = where(e.pos[0]);
        throw new InputError(file, line, col, '', `not valid JSON: ${e.message.split('\n')[0]}`);
    }
    const at = (node: Node | null | undefined) => where(node?.range?.[0] ?? 0);
    const fail = (node: Node | null | undefined, field: string, message: string): never => {
        const { line, col } = at(node);
        throw new InputError(file, line, col, field, message);
    };
    const root = doc.contents;
    let seq: Node | null = root;
    let path = '';
    if (isMap(root)) {
        const arrays = root.items.filter(p => isSeq(p.value));
        const key = (p: (typeof root.items)[number]) => (isScalar(p.key) ? String(p.key.value) : '');
        const pick = column !== undefined ? arrays.find(p => key(p) === column) : arrays.length === 1 ? arrays[0] : undefined;
        if (!pick) {
            fail(root, column ?? '', column !== undefined ? `no array field '${column}'` : `expected one array of samples, found ${arrays.length} (choose one with --column)`);
        }
        seq = pick!.value as Node;
        path = key(pick!);
    }
    if (!isSeq(seq)) {
        return fail(seq, path, 'expected an array of durations');
    }
    const values: number[] = [];
    seq.items.forEach((item, i) => {
        const field = `${path}[${i}]`;
        let value: unknown;
        let node = item as Node;
        if (isMap(item)) {
            if (column === undefined) {
                fail(item, field, 'an array of objects needs --column to name the field of the duration');
            }
            const pair = item.items.find(p => isScalar(p.key) && String(p.key.value) === column);
            if (!pair) {
                fail(item, `${field}.${column}`, 'missing');
            }
            node = pair!.value as Node;
            value = isScalar(node) ? node.value : undefined;
        } else {
            value = isScalar(item) ? item.value : undefined;
        }
        const { line, col } = at(node);
        values.push(checkValue(file, line, col, isMap(item) ? `${field}.${column}` : field, value, unitSeconds));
    });
    if (values.length === 0) {
        fail(seq, path, 'no samples');
    }
    return values;
}
