/**
 * Fidelities and the automatic settings (docs/optimizer.md "Defaults" and
 * "Multi-fidelity"): the brief simulation used to rank candidates, the
 * horizon and warmup chosen from the model's rates when the file sets
 * neither, and the wall-clock budget used when no stopping rule is set.
 * Pure.
 */
import { distributionMean } from '../../model/distributions.js';
import type { RunSettings } from '../../model/settings.js';
import type { Model } from '../../model/types.js';
import type { SimulationSettings } from '../../sim/api.js';

/** Wall-clock budget of a run whose settings set no stopping rule, s. */
export const DEFAULT_BUDGET_SECONDS = 60;
/** Under an evaluation budget and no population set: one population slot per this many evaluations, at least MIN_POPULATION. */
const EVALUATIONS_PER_SLOT = 8;
const MIN_POPULATION = 8;
/** Share of the budget the search may use; the rest is kept for the full-fidelity re-simulation and the details. */
export const SEARCH_SHARE = 0.8;
/** Runs the rarest process should have in one replication under the automatic horizon... */
export const TARGET_RUNS = 1000;
/** ...unless all processes together would then exceed this many runs per replication. */
export const MAX_TOTAL_RUNS = 50_000;
/** Processes expecting fewer runs per replication than this get a warning. */
const FEW_RUNS = 10;
/** Bounds of the automatic measured window and warmup, s. */
const MIN_WINDOW = 600;
const MAX_HORIZON = 24 * 3600;
const MIN_WARMUP = 60;
const MAX_WARMUP = 3600;
/** A brief simulation is used only when it costs at most this share of a full one. */
const BRIEF_MAX_COST_SHARE = 1 / 3;

function meanGaps(model: Model): { name: string; gap: number }[] {
    return model.processes.map(p => ({ name: p.name, gap: distributionMean(p.everySeconds) })).filter(p => p.gap > 0 && Number.isFinite(p.gap));
}

/**
 * The horizon and warmup that follow the model's rates. Warmup: ten startups
 * of the slowest component, within [1 min, 1 h]. Measured window: long enough
 * for TARGET_RUNS runs of the rarest process, but no longer than
 * MAX_TOTAL_RUNS runs of all processes together (a 20 requests/s process
 * would otherwise be simulated for 24 h: 1.7 million runs per replication);
 * at least 10 min; horizon at most 24 h.
 */
export function adaptiveHorizon(model: Model): { horizonSeconds: number; warmupSeconds: number } {
    const gaps = meanGaps(model);
    const maxGap = gaps.length > 0 ? Math.max(...gaps.map(g => g.gap)) : 60;
    const totalRate = gaps.reduce((sum, g) => sum + 1 / g.gap, 0);
    const maxStartup = Math.max(0, ...model.components.map(c => c.startupSeconds));
    const warmupSeconds = Math.min(MAX_WARMUP, Math.max(MIN_WARMUP, 10 * maxStartup));
    const window = Math.max(MIN_WINDOW, Math.min(TARGET_RUNS * maxGap, totalRate > 0 ? MAX_TOTAL_RUNS / totalRate : Infinity));
    return { warmupSeconds, horizonSeconds: Math.min(MAX_HORIZON, warmupSeconds + window) };
}

/** Warnings for processes with few runs per replication in `settings`' measured window. */
export function fewRunsWarnings(model: Model, settings: Pick<RunSettings, 'horizonSeconds' | 'warmupSeconds'>): string[] {
    const window = settings.horizonSeconds - settings.warmupSeconds;
    return meanGaps(model)
        .filter(g => window / g.gap < FEW_RUNS)
        .map(g => `process ${g.name} has about ${Number((window / g.gap).toPrecision(2))} runs per replication in the automatic horizon `
            + `(${Math.round(settings.horizonSeconds)} s, warmup ${Math.round(settings.warmupSeconds)} s): its statistics are rough; `
            + `set horizon and warmup in the optimize block for more`);
}

/**
 * The settings a run actually uses: the automatic horizon and budget where
 * `settings.auto` says no layer set them. `generations` becomes Infinity
 * under the automatic budget (the wall clock stops the run), and when
 * another stopping rule is set but no generation count.
 */
export function effectiveSettings(model: Model, settings: RunSettings): RunSettings {
    const out: RunSettings = { ...settings, prefer: { ...settings.prefer } };
    if (settings.auto?.horizon) {
        Object.assign(out, adaptiveHorizon(model));
    }
    if (settings.auto?.population && settings.evaluations > 0) {
        // A population of 60 would spend a budget of 100 on the initial population alone.
        out.population = Math.max(MIN_POPULATION, Math.min(settings.population, Math.round(settings.evaluations / EVALUATIONS_PER_SLOT)));
    }
    if (settings.auto?.budget) {
        out.generations = Number.POSITIVE_INFINITY;
        out.timeoutSeconds = DEFAULT_BUDGET_SECONDS;
    } else if (settings.auto?.generations) {
        // `--timeout 5min` alone runs for 5 minutes, not for the default number of generations.
        out.generations = Number.POSITIVE_INFINITY;
    }
    return out;
}

/**
 * The brief fidelity: one replication of a quarter of the measured window
 * (same warmup, same seed), or undefined when that would not be at least
 * three times cheaper than the full settings.
 */
export function briefSettings(full: SimulationSettings): SimulationSettings | undefined {
    const window = full.horizonSeconds - full.warmupSeconds;
    const brief: SimulationSettings = { ...full, replications: 1, horizonSeconds: full.warmupSeconds + window / 4 };
    const cost = (s: SimulationSettings) => s.replications * s.horizonSeconds;
    return cost(brief) <= BRIEF_MAX_COST_SHARE * cost(full) ? brief : undefined;
}
