/**
 * Run settings: the defaults, overridden by the file's `optimize` block,
 * overridden by the command line or the VS Code settings (cli.md). Pure.
 */
import type { Model, OptimizeSettings, PreferWeights } from './types.js';

export interface RunSettings {
    horizonSeconds: number;
    warmupSeconds: number;
    keepaliveSeconds: number;
    replications: number;
    population: number;
    generations: number;
    /** 0: no budget. */
    evaluations: number;
    /** 0: no time limit. */
    timeoutSeconds: number;
    /** 0: never stop for stagnation. */
    stagnationGenerations: number;
    /** Event budget of one replication. */
    maxEvents: number;
    seed: number;
    prefer: PreferWeights;
    /** Worker threads for the optimizer; 0: one per CPU core. */
    workers: number;
    /**
     * What no layer set, so the optimizer may choose it (docs/optimizer.md
     * "Defaults"): `horizon` (neither horizon nor warmup set: both follow the
     * model's rates), `budget` (none of generations, evaluations, time limit
     * and stagnation set: the run stops on a wall-clock budget), `population`
     * (not set: sized to a small evaluation budget), `generations` (not set:
     * no generation limit when another stopping rule is set). Absent: nothing automatic.
     */
    auto?: { horizon: boolean; budget: boolean; population?: boolean; generations?: boolean };
}

export const DEFAULT_SETTINGS: RunSettings = {
    horizonSeconds: 24 * 3600,
    warmupSeconds: 3600,
    keepaliveSeconds: 0,
    replications: 8,
    population: 60,
    generations: 120,
    evaluations: 0,
    timeoutSeconds: 0,
    stagnationGenerations: 0,
    maxEvents: 50_000_000,
    seed: 42,
    prefer: { time: 1, variance: 1, violations: 1, cost: 1 },
    workers: 0
};

/** Overrides as given by a caller: every field optional, prefer weights one by one. */
export type SettingsOverrides = Partial<Omit<RunSettings, 'prefer'>> & { prefer?: Partial<PreferWeights> };

/** Later layers win: resolveSettings(model, vscodeSettings, cliOptions). */
export function resolveSettings(model: Pick<Model, 'optimize'> | undefined, ...layers: (SettingsOverrides | undefined)[]): RunSettings {
    const fromFile = model ? fileOverrides(model.optimize) : {};
    const all = [fromFile, ...layers];
    const result: RunSettings = { ...DEFAULT_SETTINGS, prefer: { ...DEFAULT_SETTINGS.prefer } };
    const set = (key: keyof SettingsOverrides) => all.some(layer => layer?.[key] !== undefined);
    result.auto = {
        horizon: !set('horizonSeconds') && !set('warmupSeconds'),
        budget: !set('generations') && !set('evaluations') && !set('timeoutSeconds') && !set('stagnationGenerations'),
        population: !set('population'),
        generations: !set('generations')
    };
    for (const layer of all) {
        if (!layer) {
            continue;
        }
        for (const [key, value] of Object.entries(layer)) {
            if (value === undefined) {
                continue;
            }
            if (key === 'auto') {
                continue;
            }
            if (key === 'prefer') {
                Object.assign(result.prefer, Object.fromEntries(Object.entries(value as object).filter(([, v]) => v !== undefined)));
            } else {
                (result as unknown as Record<string, unknown>)[key] = value;
            }
        }
    }
    return result;
}

function fileOverrides(o: OptimizeSettings): SettingsOverrides {
    return {
        horizonSeconds: o.horizonSeconds,
        warmupSeconds: o.warmupSeconds,
        keepaliveSeconds: o.keepaliveSeconds,
        replications: o.replications,
        population: o.population,
        generations: o.generations,
        evaluations: o.evaluations,
        timeoutSeconds: o.timeoutSeconds,
        stagnationGenerations: o.stagnationGenerations,
        maxEvents: o.maxEvents,
        seed: o.seed,
        prefer: o.prefer
    };
}
