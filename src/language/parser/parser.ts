import { prepareLangiumParser, type LangiumCoreServices, type LangiumParser } from 'langium';
import { LazyLookaheadStrategy, type LookaheadStrategy } from './lazy-lookahead.js';

/**
 * Langium's parser, with two shortcuts:
 * - its lookahead functions are built when a decision is first taken, not
 *   all at construction (lazy-lookahead.ts: the same functions; a cheaper
 *   start of every `mlops` command). `lazyLookahead: false` builds them all
 *   at construction, as Langium does (tests compare the two);
 * - its CST builder is asked to insert the hidden tokens (comments) that
 *   precede every consumed token, even when there are none, and for the
 *   first token of a new node it then looks the node up among its siblings
 *   with indexOf. For the first token of each top-level element that is a
 *   scan of all earlier elements: quadratic in the number of elements (9 %
 *   of the time of a 3 MB file, and growing). With no hidden tokens the call
 *   changes nothing, so it is skipped.
 * Everything else is Langium's own parser.
 */
export function createMlopsParser(services: LangiumCoreServices, options: { lazyLookahead?: boolean } = {}): LangiumParser {
    const parser = prepareLangiumParser(services);
    // Chevrotain's parser inside Langium's (AbstractLangiumParser.wrapper) reads its strategy when finalized.
    const wrapper = (parser as unknown as { wrapper?: { lookaheadStrategy?: LookaheadStrategy } }).wrapper;
    if (options.lazyLookahead !== false && wrapper?.lookaheadStrategy) {
        wrapper.lookaheadStrategy = new LazyLookaheadStrategy(wrapper.lookaheadStrategy);
    }
    parser.finalize();
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
