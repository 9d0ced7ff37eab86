/**
 * Options shared by `simulate` and `optimize`: parsing of numbers and times
 * (bad values are a UsageError, exit 2) and loading the model with its run
 * settings (defaults <- the file's optimize block <- the command line).
 */
import { formatLimit, MAX_MAGNITUDE, MAX_SEED } from '../model/limits.js';
import { resolveSettings, type RunSettings, type SettingsOverrides } from '../model/settings.js';
import type { Model } from '../model/types.js';
import { parseTimeOption } from '../model/units.js';
import { requireModel } from './load-file.js';
import { UsageError } from './errors.js';
import { inputName } from './stdin.js';

/** The options both commands accept. */
export interface RunOptions {
    horizon?: string;
    warmup?: string;
    replications?: string;
    seed?: string;
}

/**
 * A whole number from `min` to `max`; `max` defaults to the largest number a
 * model file accepts (src/model/limits.ts), so the command line and the
 * file's `optimize` block refuse the same values.
 */
export function wholeNumber(name: string, text: string | undefined, min: number, max = MAX_MAGNITUDE, why = ''): number | undefined {
    if (text === undefined) {
        return undefined;
    }
    const n = Number(text);
    if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(n) || n < min || n > max) {
        throw new UsageError(`--${name}: expected a whole number from ${min} to ${formatLimit(max)}${why}, got '${text}'`);
    }
    return n;
}

/** A time with an optional unit (`12h`, `90 min`, `3600`). */
export function timeOption(name: string, text: string | undefined, positive: boolean, example: string): number | undefined {
    if (text === undefined) {
        return undefined;
    }
    const t = parseTimeOption(text);
    if (t === undefined || (positive && t <= 0)) {
        throw new UsageError(`--${name}: expected a ${positive ? 'positive ' : ''}time such as ${example}, got '${text}'`);
    }
    if (t > MAX_MAGNITUDE) {
        throw new UsageError(`--${name}: at most ${formatLimit(MAX_MAGNITUDE)} s (as in the model file), got '${text}'`);
    }
    return t;
}

export function runOverrides(options: RunOptions): SettingsOverrides {
    return {
        horizonSeconds: timeOption('horizon', options.horizon, true, '12h or 3600'),
        warmupSeconds: timeOption('warmup', options.warmup, false, '30min or 0'),
        replications: wholeNumber('replications', options.replications, 1),
        seed: wholeNumber('seed', options.seed, 0, MAX_SEED, ' (32 bits)')
    };
}

/**
 * The model of `file` and its settings, or an exit code after printing why
 * not: 1 for errors in the model or a warm-up not below the file's horizon;
 * a warm-up not below a horizon given on the command line is bad usage.
 */
export async function loadRun(file: string, overrides: SettingsOverrides): Promise<{ model: Model; settings: RunSettings; bytes: Buffer } | number> {
    const loaded = await requireModel(file);
    if (!loaded) {
        return 1;
    }
    const settings = resolveSettings(loaded.model, overrides);
    if (settings.warmupSeconds >= settings.horizonSeconds) {
        const message = `warmup (${settings.warmupSeconds} s) must be below the horizon (${settings.horizonSeconds} s)`;
        if (overrides.warmupSeconds !== undefined || overrides.horizonSeconds !== undefined) {
            throw new UsageError(message);
        }
        process.stderr.write(`${inputName(file)}: ${message}\n`);
        return 1;
    }
    return { model: loaded.model, settings, bytes: loaded.bytes };
}
