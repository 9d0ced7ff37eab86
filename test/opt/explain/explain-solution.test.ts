/** The chosen solution's explanation at the end of a run (src/opt/explain/explain-solution.ts). */
import { describe, expect, test } from 'vitest';
import { explainRef, explainSolution, withExplanation, type ExplainProgress } from '../../../src/opt/explain/explain-solution.js';
import { settings } from '../../sim/helpers.js';
import { cardsResult } from './cards-model.js';

/** Front: current, then warm (chosen); baselines first-fit and current, both the current allocation. */
const result = () => cardsResult(['current', 'warm'], 1, [['first-fit', 'current'], ['current', 'current']]);

describe('explaining the chosen solution', () => {
    test('its changes against the current baseline and its headroom', async () => {
        const { model, result: r } = await result();
        const e = explainSolution(model, settings({ horizonSeconds: 5_000, warmupSeconds: 100, replications: 1 }), r)!;
        expect(e.solution).toBe(1);
        expect(e.against).toBe('current');
        expect(e.changes.map(c => c.change)).toEqual([{ kind: 'permanent', component: 'scorer', server: 'node', permanent: true }]);
        expect(e.changes[0].processes[0].without.overShare).toBeGreaterThan(0.9);
        expect(e.headroom!.factor).toBeGreaterThan(1);
    });

    test('a cancelled explanation leaves the result with a warning', async () => {
        const { model, result: r } = await result();
        const out = withExplanation(model, settings({ horizonSeconds: 5_000, warmupSeconds: 100, replications: 1 }), r, () => true);
        expect(out.explanation).toBeUndefined();
        expect(out.warnings).toEqual(['what the chosen solution\'s changes did and its headroom were not measured: cancelled']);
        expect(withExplanation(model, settings(), { ...r, front: [] })).toEqual({ ...r, front: [] });
    });
});

describe('explaining any solution (the results view asks for the selected one)', () => {
    const quick = settings({ horizonSeconds: 5_000, warmupSeconds: 100, replications: 1 });

    test('a front member that is not the chosen one: its own changes and headroom, with progress by phase', async () => {
        const { model, result: r } = await result();
        const seen: ExplainProgress[] = [];
        const chosen = explainRef(model, quick, r, { kind: 'front', index: 1 })!;
        const other = explainRef(model, quick, r, { kind: 'front', index: 0 }, { onProgress: p => seen.push(p) })!;
        expect(other.solution).toBe(0);
        expect(other.against).toBe('current');
        // front member 0 is the current allocation: nothing changed, and its scorer cold-starts (no headroom)
        expect(other.changes).toEqual([]);
        expect(other.headroom!.factor).toBeLessThan(1);
        expect(chosen.headroom!.factor).toBeGreaterThan(1);
        expect(seen[0]).toEqual({ phase: 'headroom', done: 0, total: null });
        expect(seen.slice(1).map(p => p.done)).toEqual(other.headroom!.steps.map((_, i) => i + 1));
        const progress: ExplainProgress[] = [];
        explainRef(model, quick, r, { kind: 'front', index: 1 }, { onProgress: p => progress.push(p) });
        expect(progress.filter(p => p.phase === 'changes')).toEqual([{ phase: 'changes', done: 1, total: 2 }, { phase: 'changes', done: 2, total: 2 }]);
    });

    test('a baseline row: against current (the reference itself has no changes); an index out of range is null', async () => {
        const { model, result: r } = await result();
        const current = explainRef(model, quick, r, { kind: 'baseline', index: 1 })!;
        expect(current).toMatchObject({ solution: 1, against: 'current', changes: [] });
        expect(current.headroom!.factor).toBeLessThan(1);
        expect(explainRef(model, quick, r, { kind: 'baseline', index: 2 })).toBeNull();
        expect(explainRef(model, quick, r, { kind: 'front', index: 5 })).toBeNull();
    });

    test('cancelled between simulations', async () => {
        const { model, result: r } = await result();
        let calls = 0;
        expect(() => explainRef(model, quick, r, { kind: 'front', index: 1 }, { cancelled: () => ++calls > 2 })).toThrow('cancelled');
    });
});
