import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/language/load.js';
import { generatedModelText, gpuTightModelText, scoringModelText } from '../../bench/models.js';

/** Errors and warnings of a generated text, as "line: message". */
async function diagnosticsOf(text: string): Promise<{ errors: string[]; warnings: string[] }> {
    const { diagnostics } = await loadModel(text);
    const show = (d: (typeof diagnostics)[number]) => `${d.range.start.line + 1}: ${d.message}`;
    return {
        errors: diagnostics.filter(d => d.severity === 1).map(show),
        warnings: diagnostics.filter(d => d.severity === 2).map(show)
    };
}

describe('benchmark model generators', () => {
    it.each([1, 2, 3, 4, 5])('the 30 x 10 x 12 model of seed %i validates with no error', async seed => {
        const text = generatedModelText({ seed, optimize: 'horizon 4 h warmup 20 min replications 2' });
        expect((await diagnosticsOf(text)).errors).toEqual([]);
        expect(text.match(/^server /gm)).toHaveLength(10);
        expect(text.match(/^component /gm)).toHaveLength(30);
        expect(text.match(/^process /gm)).toHaveLength(12);
    });

    it('other sizes validate too, and the seed changes the model', async () => {
        expect((await diagnosticsOf(generatedModelText({ components: 12, serverKinds: 4, processes: 5, seed: 9 }))).errors).toEqual([]);
        expect(generatedModelText({ seed: 1 })).not.toEqual(generatedModelText({ seed: 2 }));
        expect(generatedModelText({ seed: 3 })).toEqual(generatedModelText({ seed: 3 }));
    });

    it.each([1, 2, 3])('the GPU-tight model of seed %i validates with no error', async seed => {
        expect((await diagnosticsOf(gpuTightModelText(seed))).errors).toEqual([]);
    });

    it('the scoring model validates at 20 and 100 requests/s, with no optimize block', async () => {
        for (const rate of [20, 100]) {
            const text = scoringModelText(rate);
            expect((await diagnosticsOf(text)).errors).toEqual([]);
            expect(text).not.toMatch(/optimize\s*\{/);
        }
        expect(scoringModelText(20)).toMatch(/every exponential\(mean 50 ms\)/);
    });
});
