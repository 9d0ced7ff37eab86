/**
 * Fuzzing the language front end (loadModel): generated models, token
 * mutations of them, and byte damage to the examples. FUZZ_RUNS sets the
 * number of runs of each property (`npm run fuzz`: 20000).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { applyByteMutations, byteMutations, mlopsText, mutatedText } from './generators.js';
import { codeList, deepEqual, formatText, fuzzRuns, fuzzTimeout, loadAndCheck, nonFinitePaths } from './invariants.js';
import { createSimulator } from '../../src/sim/index.js';
import { fuzz } from './harness.js';
import { runCli, tempModelFile, validateRunProblems } from './cli.js';

const RUNS = fuzzRuns(120);
const TIMEOUT = fuzzTimeout(RUNS);
const asText = (value: unknown) => ({ ext: 'mlops' as const, data: value as string });

const examples = readdirSync('examples').filter(f => f.endsWith('.mlops')).sort()
    .map(f => ({ name: f, bytes: new Uint8Array(readFileSync(`examples/${f}`)) }));

describe('fuzz: language front end', () => {
    test('generated models: invariants hold; most clean ones are valid; formatting keeps a valid model valid and equal', async () => {
        let valid = 0;
        let total = 0;
        const invalidCodes = new Map<string, number>();
        await fuzz(mlopsText('clean'), async text => {
            const { result } = await loadAndCheck(text);
            total++;
            if (!result.model) {
                for (const d of result.diagnostics.filter(x => x.severity === 1)) {
                    const code = (d.data as { code: string }).code;
                    invalidCodes.set(code, (invalidCodes.get(code) ?? 0) + 1);
                }
                return;
            }
            valid++;
            const formatted = await formatText(result);
            const again = await loadAndCheck(formatted);
            if (!again.result.model) {
                throw new Error(`formatting made a valid model invalid:\n${again.result.diagnostics.map(d => d.message).join('\n')}\n---\n${formatted}`);
            }
            if (!deepEqual(again.result.model, result.model)) {
                throw new Error(`formatting changed the model:\n${JSON.stringify(result.model)}\n${JSON.stringify(again.result.model)}\n---\n${formatted}`);
            }
            expect(codeList(again.result.diagnostics)).toEqual(codeList(result.diagnostics));
        }, { numRuns: RUNS, save: asText, name: 'clean' });
        // The generator is meant to produce valid models; if it stops doing so the formatting property tests nothing.
        expect(valid, `valid ${valid} of ${total}; errors seen: ${JSON.stringify([...invalidCodes])}`).toBeGreaterThanOrEqual(total * 0.5);
    }, TIMEOUT);

    test('noisy generated models (edge numbers, wrong units, missing fields, unknown names): invariants hold', async () => {
        await fuzz(mlopsText('noisy'), async text => { await loadAndCheck(text); }, { numRuns: RUNS, save: asText, name: 'noisy' });
    }, TIMEOUT);

    test('valid generated models (clean and noisy) simulate to finite numbers within the event budget', async () => {
        let simulated = 0;
        await fuzz(fc.oneof(mlopsText('clean'), mlopsText('noisy')), async text => {
            const { result } = await loadAndCheck(text);
            const model = result.model;
            if (!model || model.allocations.length === 0) {
                return;
            }
            const settings = { horizonSeconds: 600, warmupSeconds: 60, replications: 1, seed: 3, keepaliveSeconds: 0, maxEvents: 20_000 };
            const simulation = createSimulator(model, settings).simulate(model.allocations[0]);
            simulated++;
            const bad = nonFinitePaths(simulation);
            if (bad.length > 0) {
                throw new Error(`simulate() returned non-finite numbers: ${bad.slice(0, 8).join(', ')}`);
            }
            if (simulation.events > settings.maxEvents) {
                throw new Error(`${simulation.events} events, over the budget ${settings.maxEvents}`);
            }
        }, { numRuns: RUNS, save: asText, name: 'simulate' });
        expect(simulated).toBeGreaterThan(0);
    }, TIMEOUT);

    test('token mutations (delete, duplicate, swap, insert garbage): invariants hold', async () => {
        await fuzz(mutatedText(), async text => { await loadAndCheck(text); }, { numRuns: RUNS, save: asText, name: 'mutated' });
    }, TIMEOUT);

    test('the formatter never throws on broken documents and keeps their tokens (mutated and noisy models)', async () => {
        await fuzz(fc.oneof(mutatedText(), mlopsText('noisy')), async text => {
            const { result } = await loadAndCheck(text);
            let formatted: string;
            try {
                formatted = await formatText(result);
            } catch (error) {
                throw new Error(`formatDocument threw: ${error instanceof Error ? error.stack : String(error)}`);
            }
            // Formatting changes only whitespace: the text without whitespace is the same.
            const squeeze = (t: string) => t.replace(/\s+/g, '');
            if (squeeze(formatted) !== squeeze(text)) {
                throw new Error(`formatting changed more than whitespace:\n--- before\n${text}\n--- after\n${formatted}`);
            }
        }, { numRuns: RUNS, save: asText, name: 'format' });
    }, TIMEOUT);

    test('byte damage to the examples (random bytes, invalid UTF-8, NUL, truncation, extreme numbers, long names): invariants hold', async () => {
        expect(examples.length).toBeGreaterThan(0);
        const arb = fc.tuple(fc.constantFrom(...examples), byteMutations())
            .map(([example, ms]) => applyByteMutations(example.bytes, ms));
        await fuzz(arb, async bytes => {
            // As the CLI reads a file: UTF-8 with replacement characters.
            await loadAndCheck(Buffer.from(bytes).toString('utf8'));
        }, { numRuns: RUNS, save: value => ({ ext: 'bin', data: value as Uint8Array }), name: 'bytes' });
    }, TIMEOUT);

    test('the examples themselves are valid and satisfy the invariants (the seeds of the byte fuzzer)', async () => {
        for (const example of examples) {
            const { result } = await loadAndCheck(Buffer.from(example.bytes).toString('utf8'));
            expect(result.model, example.name).toBeDefined();
        }
    });
});

describe('fuzz: the command line', () => {
    test('damaged examples and mutated models: exit code 0/1/2, no stack trace, one well-formed line per diagnostic', async () => {
        const arb = fc.oneof(
            fc.tuple(fc.constantFrom(...examples), byteMutations()).map(([example, ms]) => applyByteMutations(example.bytes, ms)),
            mutatedText().map(text => new Uint8Array(Buffer.from(text, 'utf8')))
        );
        await fuzz(arb, async bytes => {
            const file = tempModelFile(bytes);
            const run = await runCli(['validate', file]);
            const problems = validateRunProblems(file, run);
            if (problems.length > 0) {
                throw new Error(problems.join('\n'));
            }
        }, { numRuns: Math.ceil(RUNS / 2), save: value => ({ ext: 'bin', data: value as Uint8Array }), name: 'cli' });
    }, TIMEOUT);

    test('mlops simulate --json on generated models: exit 0 or 1, JSON with no null except a missing deadline', async () => {
        let simulated = 0;
        await fuzz(fc.oneof(mlopsText('clean'), mlopsText('noisy')), async text => {
            const file = tempModelFile(text);
            const run = await runCli(['simulate', file, '--horizon', '10min', '--warmup', '1min', '--replications', '1', '--json']);
            if (run.code !== 0 && run.code !== 1) {
                throw new Error(`exit code ${run.code}\n${run.stderr}`);
            }
            if (/^\s+at .+:\d+:\d+\)?$/m.test(run.stderr) || /internal error/.test(run.stderr)) {
                throw new Error(`stack trace or internal error:\n${run.stderr}`);
            }
            if (run.code === 1) {
                return;
            }
            simulated++;
            const json = JSON.parse(run.stdout) as { processes: { deadline: unknown }[] };
            const nulls: string[] = [];
            const walk = (v: unknown, path: string) => {
                if (v === null && !/\.processes\[\d+\]\.deadline$/.test(path)) { nulls.push(path); }
                if (v && typeof v === 'object') { for (const [k, x] of Object.entries(v)) { walk(x, Array.isArray(v) ? `${path}[${k}]` : `${path}.${k}`); } }
            };
            walk(json, '$');
            if (nulls.length > 0) {
                throw new Error(`null (non-finite) values in the JSON: ${nulls.join(', ')}`);
            }
        }, { numRuns: Math.ceil(RUNS / 2), save: asText, name: 'cli-simulate' });
        expect(simulated).toBeGreaterThan(0);
        // An arrival storm runs up to the default event budget (50 million events): allow seconds per run.
    }, fuzzTimeout(RUNS, 2000));

    test('an unreadable file exits 2 without a stack trace', async () => {
        const run = await runCli(['validate', 'test/fixtures/crashers/does-not-exist.mlops']);
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(/cannot read/);
        expect(run.stderr).not.toMatch(/\n\s+at /);
    });
});
