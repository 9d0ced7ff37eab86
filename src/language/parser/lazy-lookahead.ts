/**
 * Lookahead built on demand. When a parser is built, Chevrotain asks its
 * lookahead strategy for the function of every decision of the grammar
 * (each alternation, option and repetition), and Langium's ALL(*) strategy
 * first builds the grammar's ATN: a good part of the parser's construction,
 * which every `mlops` command pays at start-up (docs/cli.md, "Start-up"),
 * for decisions that a given file mostly never reaches.
 *
 * This strategy hands Chevrotain a stub per decision, and builds the real
 * function (and, once, the ATN) from the wrapped strategy with the same
 * options the first time the decision is taken. The wrapped strategy builds
 * each function from the grammar alone, so the functions are those it would
 * have built at construction: every parse, error message and recovery is the
 * same (test/language/lazy-lookahead.test.ts compares both on every example
 * and fixture). It follows Chevrotain's ILookaheadStrategy interface, typed
 * here structurally (chevrotain is Langium's dependency, not ours).
 */

/** A lookahead function of an alternation: the index of the alternative to take (this: the parser). */
export type AlternationLookahead = (this: unknown, orAlts?: unknown[]) => number | undefined;
/** A lookahead function of an option or repetition: take it or not (this: the parser). */
export type OptionalLookahead = (this: unknown) => boolean;

/** Chevrotain's ILookaheadStrategy, as far as this file uses it. */
export interface LookaheadStrategy {
    validate(options: { rules: unknown[]; tokenTypes: unknown[]; grammarName: string }): unknown[];
    initialize?(options: { rules: unknown[] }): void;
    buildLookaheadForAlternation(options: object): AlternationLookahead;
    buildLookaheadForOptional(options: object): OptionalLookahead;
}

export class LazyLookaheadStrategy implements LookaheadStrategy {
    private rules: unknown[] | undefined;
    private initialized = false;
    /** Decisions of the grammar (stubs handed out), and those whose real function has been built. */
    decisions = 0;
    built = 0;

    constructor(private readonly inner: LookaheadStrategy) {}

    validate(options: { rules: unknown[]; tokenTypes: unknown[]; grammarName: string }): unknown[] {
        return this.inner.validate(options);
    }

    /** Keeps the rules; the wrapped strategy is initialized when the first decision is taken. */
    initialize(options: { rules: unknown[] }): void {
        this.rules = options.rules;
        this.initialized = false;
    }

    private ready(): LookaheadStrategy {
        if (!this.initialized) {
            this.initialized = true;
            if (this.rules) { this.inner.initialize?.({ rules: this.rules }); }
        }
        this.built++;
        return this.inner;
    }

    buildLookaheadForAlternation(options: object): AlternationLookahead {
        let real: AlternationLookahead | undefined;
        const strategy = this;
        this.decisions++;
        return function (this: unknown, orAlts?: unknown[]): number | undefined {
            real ??= strategy.ready().buildLookaheadForAlternation(options);
            return real.call(this, orAlts);
        };
    }

    buildLookaheadForOptional(options: object): OptionalLookahead {
        let real: OptionalLookahead | undefined;
        const strategy = this;
        this.decisions++;
        return function (this: unknown): boolean {
            real ??= strategy.ready().buildLookaheadForOptional(options);
            return real.call(this);
        };
    }
}
