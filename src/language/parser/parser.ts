import { createLangiumParser, type LangiumCoreServices, type LangiumParser } from 'langium';

/**
 * Langium's parser, with one shortcut: its CST builder is asked to insert the
 * hidden tokens (comments) that precede every consumed token, even when there
 * are none, and for the first token of a new node it then looks the node up
 * among its siblings with indexOf. For the first token of each top-level
 * element that is a scan of all earlier elements: quadratic in the number of
 * elements (9 % of the time of a 3 MB file, and growing). With no hidden
 * tokens the call changes nothing, so it is skipped. Everything else is
 * Langium's own parser.
 */
export function createMlopsParser(services: LangiumCoreServices): LangiumParser {
    const parser = createLangiumParser(services);
    const builder = (parser as unknown as { nodeBuilder?: { addHiddenNodes?: (tokens: unknown[]) => void } }).nodeBuilder;
    const original = builder?.addHiddenNodes;
    if (builder && original) {
        builder.addHiddenNodes = function (this: unknown, tokens: unknown[]): void {
            if (tokens.length > 0) {
                original.call(this, tokens);
            }
        };
    }
    return parser;
}
