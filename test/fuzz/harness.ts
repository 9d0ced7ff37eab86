/**
 * Runs a fast-check property and, when it fails, saves the (shrunk)
 * counterexample in test/fixtures/crashers/ so that crashers.test.ts replays
 * it forever after; then fails with fast-check's report.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';

export const CRASHERS_DIR = 'test/fixtures/crashers';

export interface FuzzOptions {
    numRuns: number;
    /** How to store the counterexample: its text (.mlops) or raw bytes (.bin). */
    save: (value: unknown) => { ext: 'mlops' | 'bin'; data: string | Uint8Array } | undefined;
    /** Property name, in the file name of a saved crasher. */
    name: string;
}

export async function fuzz<T>(arb: fc.Arbitrary<T>, predicate: (value: T) => Promise<void>, options: FuzzOptions): Promise<void> {
    const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
    const result = await fc.check(fc.asyncProperty(arb, predicate), {
        numRuns: options.numRuns,
        seed,
        // Shrinking re-runs the slow pipeline; keep it bounded.
        endOnFailure: false
    });
    if (!result.failed) {
        return;
    }
    if (result.counterexample) {
        const saved = options.save(result.counterexample[0]);
        if (saved) {
            mkdirSync(CRASHERS_DIR, { recursive: true });
            const hash = createHash('sha1').update(saved.data).digest('hex').slice(0, 10);
            const file = `${CRASHERS_DIR}/${options.name}-${hash}.${saved.ext}`;
            writeFileSync(file, saved.data);
            process.stderr.write(`fuzz: saved the counterexample as ${file}\n`);
        }
    }
    const cause = result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance);
    throw new Error(`${cause.slice(0, 3000)}\n\n${(fc.defaultReportMessage(result) ?? 'property failed').slice(0, 3000)}`);
}
