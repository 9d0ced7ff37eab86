/**
 * Settings of one optimization started from the editor. The issue says
 * "Settings under mlops.optimizer.* give the defaults that the file's
 * optimize block overrides", so the order is:
 *   DEFAULT_SETTINGS <- VS Code settings mlops.optimizer.* <- the file's optimize block.
 * (The CLI is the other way round for its options: the command line wins.)
 * Pure: the caller passes a reader of the VS Code configuration.
 */
import { resolveSettings, type RunSettings, type SettingsOverrides } from '../model/settings.js';
import type { Model } from '../model/types.js';
import { parseTimeOption } from '../model/units.js';
import { redisUrlProblem } from '../opt/distributed/url.js';

/** The keys under `mlops.optimizer.` this module reads. */
export const OPTIMIZER_SETTING_KEYS = ['population', 'generations', 'replications', 'horizon', 'warmup', 'seed', 'workers', 'timeLimitSeconds', 'redis'] as const;
export type OptimizerSettingKey = typeof OPTIMIZER_SETTING_KEYS[number];

export interface EditorSettings {
    overrides: SettingsOverrides;
    /** mlops.optimizer.redis: evaluate on the `mlops worker` processes of this Redis (docs/distributed.md); undefined: local threads. */
    redis?: string;
    /** One line per unusable value, naming the setting (the value is then ignored). */
    errors: string[];
}

/**
 * Reads mlops.optimizer.*; `read` returns the value the user set, or
 * undefined when the user set none (so package.json defaults never hide
 * DEFAULT_SETTINGS).
 */
export function readEditorSettings(read: (key: OptimizerSettingKey) => unknown): EditorSettings {
    const overrides: SettingsOverrides = {};
    const errors: string[] = [];
    const integer = (key: OptimizerSettingKey, min: number): number | undefined => {
        const v = read(key);
        if (v === undefined || v === null) {
            return undefined;
        }
        if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
            errors.push(`mlops.optimizer.${key}: ${JSON.stringify(v)} is not an integer >= ${min}`);
            return undefined;
        }
        return v;
    };
    const time = (key: OptimizerSettingKey): number | undefined => {
        const v = read(key);
        if (v === undefined || v === null || v === '') {
            return undefined;
        }
        const seconds = typeof v === 'string' ? parseTimeOption(v) : undefined;
        if (seconds === undefined) {
            errors.push(`mlops.optimizer.${key}: ${JSON.stringify(v)} is not a time; write a number and a unit, e.g. "12 h" or "30 min"`);
        }
        return seconds;
    };
    overrides.population = integer('population', 4);
    overrides.generations = integer('generations', 1);
    overrides.replications = integer('replications', 1);
    overrides.seed = integer('seed', 0);
    overrides.workers = integer('workers', 0);
    overrides.horizonSeconds = time('horizon');
    overrides.warmupSeconds = time('warmup');
    const limit = read('timeLimitSeconds');
    if (limit !== undefined && limit !== null) {
        if (typeof limit === 'number' && Number.isFinite(limit) && limit >= 0) {
            overrides.timeoutSeconds = limit;
        } else {
            errors.push(`mlops.optimizer.timeLimitSeconds: ${JSON.stringify(limit)} is not a number of seconds >= 0`);
        }
    }
    if (overrides.horizonSeconds !== undefined && overrides.horizonSeconds <= 0) {
        errors.push('mlops.optimizer.horizon: must be longer than 0 s');
        overrides.horizonSeconds = undefined;
    }
    const redis = read('redis');
    let redisUrl: string | undefined;
    if (typeof redis === 'string' && redis.trim() !== '') {
        const problem = redisUrlProblem(redis.trim());
        if (problem) {
            errors.push(`mlops.optimizer.redis: ${problem}`);
        } else {
            redisUrl = redis.trim();
        }
    } else if (redis !== undefined && redis !== null && redis !== '') {
        errors.push(`mlops.optimizer.redis: ${JSON.stringify(redis)} is not a URL such as "redis://host:6379"`);
    }
    return { overrides, errors, redis: redisUrl };
}

/** DEFAULT_SETTINGS <- editor settings <- the file's optimize block. */
export function resolveEditorSettings(model: Pick<Model, 'optimize'>, editor: SettingsOverrides): RunSettings {
    return resolveSettings(undefined, editor, model.optimize);
}
