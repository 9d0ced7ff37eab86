/**
 * The identities of the simulator's random streams (docs/semantics.md,
 * "Random streams"): a stream is keyed by what it drives, never by a count of
 * other processes or steps. streamKey (src/model/rng.ts) hashes them.
 */

/** Identity of the stream of the arrivals of a process. */
export function arrivalStreamIdentity(process: string): string {
    return `every\u0000${process}`;
}

/** Identity of the stream of the work of a step in a process (`occurrence`: 0 for the step's first place in the chain, 1 for its second...). */
export function workStreamIdentity(process: string, step: string, occurrence: number): string {
    return `work\u0000${process}\u0000${step}\u0000${occurrence}`;
}

/** Identity of the stream of the failures and repairs of one machine (`index`: its number among the machines of its kind, from 0). */
export function failureStreamIdentity(server: string, index: number): string {
    return `failure\u0000${server}\u0000${index}`;
}

/** Identity of the stream of the retried parts of a step in a process (a part whose machine failed draws its work again). */
export function retryStreamIdentity(process: string, step: string, occurrence: number): string {
    return `retry\u0000${process}\u0000${step}\u0000${occurrence}`;
}
