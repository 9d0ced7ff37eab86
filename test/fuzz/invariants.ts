/**
 * The invariants every input must satisfy, shared by the fuzz tests and the
 * crasher replay: loadModel never throws and returns in bounded time, every
 * diagnostic lies inside the document and has data.code, a built model is
 * plain finite JSON, formatting keeps a valid model valid and equal.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver';
import { loadModel, mlopsServices, type LoadResult } from '../../src/language/load.js';

/** Per-input wall-time bound of loadModel; generous because the machine is shared. */
export const LOAD_BUDGET_MS = Number(process.env.FUZZ_LOAD_BUDGET_MS ?? 5000);

/** Number of fast-check runs: FUZZ_RUNS, or `fallback` (small, so CI stays fast). */
export function fuzzRuns(fallback: number): number {
    const n = Number(process.env.FUZZ_RUNS);
    return Number.isInteger(n) && n > 0 ? n : fallback;
}

/**
 * Wall-time budget of one property in ms: FUZZ_SECONDS, or undefined (no
 * budget: the property runs all its runs). With a budget a property stops
 * after that time, having passed the runs it made (the harness prints how many).
 */
export function fuzzBudgetMs(): number | undefined {
    const s = Number(process.env.FUZZ_SECONDS);
    return Number.isFinite(s) && s > 0 ? s * 1000 : undefined;
}

/**
 * Vitest timeout of a property of `runs` runs at up to `msPerRun` each: with a
 * time budget, the budget plus time to shrink a counterexample and save it.
 */
export function fuzzTimeout(runs: number, msPerRun = 400): number {
    const budget = fuzzBudgetMs();
    const byRuns = Math.max(120_000, runs * msPerRun);
    return budget === undefined ? byRuns : Math.min(byRuns, budget + 300_000);
}

/** Paths (`$.a[2].b`) of every number in `value` that is NaN or infinite, and of every non-JSON value. */
export function nonFinitePaths(value: unknown, path = '$', found: string[] = []): string[] {
    if (typeof value === 'number') {
        if (!Number.isFinite(value)) {
            found.push(`${path} = ${value}`);
        }
    } else if (Array.isArray(value)) {
        value.forEach((v, i) => nonFinitePaths(v, `${path}[${i}]`, found));
    } else if (value !== null && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) {
            nonFinitePaths(v, `${path}.${k}`, found);
        }
    } else if (typeof value === 'bigint' || typeof value === 'function' || typeof value === 'symbol') {
        found.push(`${path} is a ${typeof value}`);
    }
    return found;
}

/** Lines as the language server counts them (\r\n, \r and \n end a line). */
export function lineLengths(text: string): number[] {
    return text.split(/\r\n|\r|\n/).map(l => l.length);
}

/** Problems with a diagnostic's range or data, as messages (empty when fine). */
export function diagnosticProblems(text: string, diagnostics: Diagnostic[]): string[] {
    const lines = lineLengths(text);
    const problems: string[] = [];
    for (const d of diagnostics) {
        const message = typeof d.message === 'string' ? d.message : d.message.value;
        const where = `${JSON.stringify(d.range)} "${message.slice(0, 80)}"`;
        for (const pos of [d.range.start, d.range.end]) {
            if (!Number.isInteger(pos.line) || !Number.isInteger(pos.character) || pos.line < 0 || pos.character < 0) {
                problems.push(`bad position ${where}`);
            } else if (pos.line >= lines.length) {
                problems.push(`line beyond the text (${lines.length} lines) ${where}`);
            } else if (pos.character > lines[pos.line]) {
                problems.push(`character beyond line ${pos.line} (length ${lines[pos.line]}) ${where}`);
            }
        }
        const { start, end } = d.range;
        if (end.line < start.line || (end.line === start.line && end.character < start.character)) {
            problems.push(`range ends before it starts ${where}`);
        }
        const code = (d.data as { code?: unknown } | undefined)?.code;
        if (typeof code !== 'string' || code.length === 0) {
            problems.push(`no data.code ${where}`);
        }
        if (d.severity !== 1 && d.severity !== 2 && d.severity !== 3 && d.severity !== 4) {
            problems.push(`bad severity ${d.severity} ${where}`);
        }
        if (message.length === 0 || /\bat .+:\d+:\d+\)?$/m.test(message)) {
            problems.push(`empty message or stack trace in message ${where}`);
        }
    }
    return problems;
}

export interface Checked {
    result: LoadResult;
    ms: number;
}

/** Loads `text` and checks every invariant of a single load; throws an Error naming the broken ones. */
export async function loadAndCheck(text: string): Promise<Checked> {
    const started = performance.now();
    let result: LoadResult;
    try {
        result = await loadModel(text);
    } catch (error) {
        throw new Error(`loadModel threw: ${error instanceof Error ? error.stack : String(error)}`);
    }
    const ms = performance.now() - started;
    const problems = diagnosticProblems(text, result.diagnostics);
    if (ms > LOAD_BUDGET_MS) {
        problems.push(`loadModel took ${ms.toFixed(0)} ms (budget ${LOAD_BUDGET_MS} ms)`);
    }
    const hasError = result.diagnostics.some(d => d.severity === 1);
    if (hasError && result.model) {
        problems.push('a model was built although the document has errors');
    }
    if (!hasError && !result.model) {
        problems.push('no model although the document has no error');
    }
    if (result.model) {
        const bad = nonFinitePaths(result.model);
        if (bad.length > 0) {
            problems.push(`model holds non-finite numbers: ${bad.slice(0, 5).join(', ')}`);
        }
        const copy = JSON.parse(JSON.stringify(result.model));
        if (!deepEqual(copy, result.model)) {
            problems.push('model does not survive JSON.parse(JSON.stringify(model))');
        }
    }
    if (problems.length > 0) {
        throw new Error(problems.join('\n'));
    }
    return { result, ms };
}

/** Structural equality, ignoring properties whose value is undefined (as JSON does). */
export function deepEqual(a: unknown, b: unknown): boolean {
    if (a === b) {
        return true;
    }
    if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') {
        return Number.isNaN(a) && Number.isNaN(b);
    }
    if (Array.isArray(a) !== Array.isArray(b)) {
        return false;
    }
    const defined = (o: object) => Object.entries(o).filter(([, v]) => v !== undefined);
    const ea = defined(a as object);
    const eb = new Map(defined(b as object));
    return ea.length === eb.size && ea.every(([k, v]) => eb.has(k) && deepEqual(v, eb.get(k)));
}

/** The document's text after the formatter (services.lsp.Formatter.formatDocument). */
export async function formatText(result: LoadResult): Promise<string> {
    const formatter = mlopsServices().lsp.Formatter;
    if (!formatter) {
        throw new Error('no formatter registered');
    }
    const edits = await formatter.formatDocument(result.document, {
        textDocument: { uri: result.document.uri.toString() },
        options: { tabSize: 4, insertSpaces: true }
    });
    const text = result.document.textDocument.getText();
    return TextDocument.applyEdits(TextDocument.create('memory:///f.mlops', 'mlops', 0, text), edits);
}

/** Diagnostic codes with severities, sorted: what formatting must not change. */
export function codeList(diagnostics: Diagnostic[]): string[] {
    return diagnostics.map(d => `${d.severity}:${(d.data as { code?: string }).code}`).sort();
}
