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
/** Share of the budget the search may use; the rest is kept for the full-fidelity re-simulation and the details. */
export const SEARCH_SHARE = 0.8;
/** Completed runs the rarest process should have in one replication under the automatic horizon. */
export const TARGET_RUNS = 1000;
/** Bounds of the automatic measured window and warmup, s. */
const MIN_WINDOW = 600;
const MAX_HORIZON = 24 * 3600;
const MIN_WARMUP = 60;
const MAX_WARMUP = 3600;
/** A brief simulation is used only when it costs at most this share of a full one. */
const BRIEF_MAX_COST_SHARE = 1 / 3;

/**
 * The horizon and warmup that follow the model's rates: the warmup covers
 * ten startups of the slowest component and five gaps of the rarest process
 * (within [1 min, 1 h]); the measured window gives the rarest process
 * TARGET_RUNS runs on average (at least 10 min, horizon at most 24 h).
 */
export function adaptiveHorizon(model: Model): { horizonSeconds: number; warmupSeconds: number } {
    const gaps = model.processes.map(p => distributionMean(p.everySeconds)).filter(g => g > 0 && Number.isFinite(g));
    const maxGap = gaps.length > 0 ? Math.max(...gaps) : 60;
    const maxStartup = Math.max(0, ...model.components.map(c => c.startupSeconds));
    const warmupSeconds = Math.min(MAX_WARMUP, Math.max(MIN_WARMUP, 10 * maxStartup, 5 * maxGap));
    const window = Math.max(MIN_WINDOW, TARGET_RUNS * maxGap);
    return { warmupSeconds, horizonSeconds: Math.min(MAX_HORIZON, warmupSeconds + window) };
}

/**
 * The settings a run actually uses: the automatic horizon and budget where
 * `settings.auto` says no layer set them. `generations` becomes Infinity
 * under the automatic budget (the wall clock stops the run).
 */
export function effectiveSettings(model: Model, settings: RunSettings): RunSettings {
    const out: RunSettings = { ...settings, prefer: { ...settings.prefer } };
    if (settings.auto?.horizon) {
        Object.assign(out, adaptiveHorizon(model));
    }
    if (settings.auto?.budget) {
        out.generations = Number.POSITIVE_INFINITY;
        out.timeoutSeconds = DEFAULT_BUDGET_SECONDS;
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
