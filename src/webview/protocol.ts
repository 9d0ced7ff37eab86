/**
 * The messages between the extension host and the results view: one typed
 * union each way, and a check for each that the receiver runs on every
 * message (a webview message is untrusted input: it may come from an older
 * view restored after an update, or be malformed). The messages and the
 * result are defined once, as schemas in src/schema (which also give their
 * types and the published JSON Schema files); this file adds only what a
 * schema cannot say (an index must point into the front). Pure: no DOM, no
 * vscode.
 */
import type { TObject } from '@sinclair/typebox';
import type { OptimizationResult } from '../opt/api.js';
import { parseExplanation } from './explanation-protocol.js';
import { HostMessages, OptimizationResultSchema, parseWith, ViewMessages, type HostMessage, type Parsed, type ViewMessage } from '../schema/index.js';

export type { HostMessage, Parsed, ViewMessage };

/** The checked message of the schema its `type` names. */
function parseMessage<M extends Record<string, TObject>, T>(messages: M, v: unknown, what: string): Parsed<T> {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
        return { ok: false, error: 'message: object expected' };
    }
    const type = (v as { type?: unknown }).type;
    if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(messages, type)) {
        return { ok: false, error: `message.type: unknown ${what} message ${JSON.stringify(type)}` };
    }
    return parseWith(messages[type], v, 'message') as Parsed<T>;
}

/** `chosen` points into the front (0 when it is empty). */
function chosenProblem(r: OptimizationResult, path: string): string | undefined {
    return (r.front.length > 0 ? r.chosen >= r.front.length : r.chosen !== 0) ? `${path}.chosen: index into the front expected` : undefined;
}

/**
 * The result's explanation checked field by field (the schema only says it
 * is an object): replaced by the checked copy, or the problem.
 */
function explanationProblem(r: OptimizationResult, path: string): string | undefined {
    if (r.explanation === undefined) { return undefined; }
    try {
        r.explanation = parseExplanation(r.explanation, `${path}.explanation`);
        return undefined;
    } catch (error) {
        return error instanceof Error ? error.message : String(error);
    }
}

/** Checks a message received by the view. */
export function parseHostMessage(v: unknown): Parsed<HostMessage> {
    const parsed = parseMessage<typeof HostMessages, HostMessage>(HostMessages, v, 'host');
    if (parsed.ok && parsed.message.type === 'explanation' && parsed.message.explanation !== undefined) {
        try {
            parsed.message.explanation = parseExplanation(parsed.message.explanation, 'message.explanation');
        } catch (error) {
            return { ok: false, error: error instanceof Error ? error.message : String(error) };
        }
    }
    if (parsed.ok && parsed.message.type === 'show') {
        const { result, selected } = parsed.message;
        const problem = chosenProblem(result, 'message.result') ?? explanationProblem(result, 'message.result')
            ?? (selected !== null && selected >= result.front.length ? 'message.selected: index into the front expected' : undefined);
        if (problem) {
            return { ok: false, error: problem };
        }
    }
    return parsed;
}

/** Checks a message received by the extension host from the view. */
export function parseViewMessage(v: unknown): Parsed<ViewMessage> {
    return parseMessage<typeof ViewMessages, ViewMessage>(ViewMessages, v, 'view');
}

/** Checks a whole result (the report's embedded data, a restored view state). */
export function parseResult(v: unknown): Parsed<OptimizationResult> {
    const parsed = parseWith(OptimizationResultSchema, v, 'result');
    const problem = parsed.ok ? chosenProblem(parsed.message, 'result') ?? explanationProblem(parsed.message, 'result') : undefined;
    return problem ? { ok: false, error: problem } : parsed;
}
