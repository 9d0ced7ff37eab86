/**
 * Runs a fast-check property and, when it fails, saves the (shrunk)
 * counterexample in test/fixtures/crashers/ so that crashers.test.ts replays
 * it forever after; then fails with fast-check's report.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { fuzzBudgetMs } from './invariants.js';

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
    const budgetMs = fuzzBudgetMs();
    const started = performance.now();
    // fast-check's time limit abandons the run in flight without waiting for it; keep
    // it, so that it finishes before the next property starts and its failure counts.
    let inFlight: { value: T; run: Promise<void> } | undefined;
    const tracked = (value: T): Promise<void> => {
        const run = predicate(value);
        inFlight = { value, run };
        return run;
    };
    const result = await fc.check(fc.asyncProperty(arb, tracked), {
        numRuns: options.numRuns,
        seed,
        // Shrinking re-runs the slow pipeline; keep it bounded.
        endOnFailure: false,
        // FUZZ_SECONDS: stop generating new inputs after the budget; the runs made count, none is lost.
        ...(budgetMs === undefined ? {} : { interruptAfterTimeLimit: budgetMs, markInterruptAsFailure: false })
    });
    let abandonedError: unknown;
    if (result.interrupted && inFlight) {
        abandonedError = await inFlight.run.then(() => undefined, (error: unknown) => error ?? new Error('rejected'));
    }
    if (budgetMs !== undefined || process.env.FUZZ_RUNS) {
        const seconds = ((performance.now() - started) / 1000).toFixed(0);
        process.stdout.write(`fuzz ${options.name}: ${result.numRuns} of ${options.numRuns} runs in ${seconds} s` +
            `${result.interrupted ? ' (stopped by the FUZZ_SECONDS budget)' : ''}, seed ${result.seed}` +
            `${result.failed || abandonedError ? ', FAILED' : ''}\n`);
    }
    if (abandonedError !== undefined && !result.failed) {
        saveCrasher(options, inFlight!.value);
        throw new Error(`the last run, stopped by the time budget, failed: ${abandonedError instanceof Error ? abandonedError.message.slice(0, 3000) : String(abandonedError)}`);
    }
    if (!result.failed) {
        return;
    }
    if (result.counterexample) {
        saveCrasher(options, result.counterexample[0]);
    }
    const cause = result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance);
    throw new Error(`${cause.slice(0, 3000)}\n\n${(fc.defaultReportMessage(result) ?? 'property failed').slice(0, 3000)}`);
}

function saveCrasher(options: FuzzOptions, value: unknown): void {
    const saved = options.save(value);
    if (!saved) {
        return;
    }
    mkdirSync(CRASHERS_DIR, { recursive: true });
    const hash = createHash('sha1').update(saved.data).digest('hex').slice(0, 10);
    const file = `${CRASHERS_DIR}/${options.name}-${hash}.${saved.ext}`;
    writeFileSync(file, saved.data);
    process.stderr.write(`fuzz: saved the counterexample as ${file}\n`);
}
