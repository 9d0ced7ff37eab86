/**
 * Replays every input in test/fixtures/crashers/ (saved by the fuzzers or
 * reduced by hand from what they found): each once broke an invariant.
 * `.mlops` files are text, `.bin` files raw bytes read as the CLI reads them.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { loadAndCheck } from './invariants.js';
import { CRASHERS_DIR } from './harness.js';
import { runCli, tempModelFile, validateRunProblems } from './cli.js';
import { editorFeaturesNeverThrow } from './editor-check.js';

const files = readdirSync(CRASHERS_DIR).filter(f => f.endsWith('.mlops') || f.endsWith('.bin')).sort();

describe('crashers found by fuzzing', () => {
    test('the collection is not empty', () => {
        expect(files.length).toBeGreaterThan(0);
    });

    test.each(files)('%s: loadModel keeps every invariant', async file => {
        const text = readFileSync(`${CRASHERS_DIR}/${file}`).toString('utf8');
        await loadAndCheck(text);
    });

    test.each(files)('%s: no editor feature throws (quick fixes of every diagnostic; hover, completion... at line starts and middles)', async file => {
        const text = readFileSync(`${CRASHERS_DIR}/${file}`).toString('utf8');
        const lines = Math.min(200, text.split(/\r\n|\r|\n/).length);
        const positions = Array.from({ length: lines }, (_, i) => [[i / lines, 0], [i / lines, 0.5]] as Array<[number, number]>).flat();
        expect(await editorFeaturesNeverThrow(text, positions)).toBeGreaterThan(0);
    });

    test.each(files)('%s: mlops validate exits 0/1/2 with one well-formed line per diagnostic', async file => {
        const path = tempModelFile(readFileSync(`${CRASHERS_DIR}/${file}`));
        const run = await runCli(['validate', path]);
        expect(validateRunProblems(path, run)).toEqual([]);
    });

    test('in a real process: mlops validate on all of them exits 1 with diagnostics and no stack trace', () => {
        const paths = files.map(f => tempModelFile(readFileSync(`${CRASHERS_DIR}/${f}`)));
        const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'validate', ...paths], { encoding: 'utf8', timeout: 120_000 });
        expect(run.status, run.stderr).toBe(1);
        expect(run.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
        expect(run.stderr).not.toMatch(/internal error|An error occurred during validation/);
        expect(run.stdout.split('\n').filter(l => / error [a-z-]+: /.test(l)).length).toBeGreaterThanOrEqual(files.length);
    }, 150_000);
});
