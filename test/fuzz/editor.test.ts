/**
 * Fuzzing the editor features on broken documents: hover, completion,
 * signature help, prepare-rename at a random position, and the whole-document
 * features (outline, semantic tokens, code lenses, quick fixes for every
 * diagnostic) must never throw — an exception there is an error popup or a
 * dead feature in VS Code while the user types.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { mlopsText, mutatedText } from './generators.js';
import { fuzzRuns, fuzzTimeout } from './invariants.js';
import { fuzz } from './harness.js';
import { editorFeaturesNeverThrow } from './editor-check.js';

const RUNS = fuzzRuns(120);
const TIMEOUT = fuzzTimeout(RUNS);

/** A text and a position in it, given as a fraction of its lines and of the line. */
const withPosition = fc.tuple(fc.oneof(mutatedText(), mlopsText('noisy')), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1.2, noNaN: true }));

describe('fuzz: editor features on broken documents', () => {
    test('no feature throws at any position', async () => {
        let calls = 0;
        await fuzz(withPosition, async ([text, lineFraction, charFraction]) => {
            calls += await editorFeaturesNeverThrow(text, [[lineFraction, charFraction]]);
        }, { numRuns: RUNS, save: value => ({ ext: 'mlops', data: (value as [string])[0] }), name: 'editor' });
        expect(calls).toBeGreaterThan(0);
    }, TIMEOUT);
});
