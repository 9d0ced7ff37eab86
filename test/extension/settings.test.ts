import { describe, expect, test } from 'vitest';
import { readEditorSettings, resolveEditorSettings, type OptimizerSettingKey } from '../../src/extension/settings.js';
import { DEFAULT_SETTINGS } from '../../src/model/settings.js';
import { parseModel } from '../../src/language/load.js';

const reader = (values: Partial<Record<OptimizerSettingKey, unknown>>) => (key: OptimizerSettingKey) => values[key];

describe('editor settings', () => {
    test('nothing set: the defaults, then the file', () => {
        const { overrides, errors } = readEditorSettings(reader({}));
        expect(errors).toEqual([]);
        expect(resolveEditorSettings({ optimize: {} }, overrides)).toEqual({ ...DEFAULT_SETTINGS, auto: { horizon: true, budget: true, population: true, generations: true } });
        const fromFile = resolveEditorSettings({ optimize: { population: 10, prefer: { cost: 3 } } }, overrides);
        expect(fromFile.population).toBe(10);
        expect(fromFile.prefer).toEqual({ ...DEFAULT_SETTINGS.prefer, cost: 3 });
    });

    test('VS Code settings override the defaults, and the file overrides them', () => {
        const { overrides, errors } = readEditorSettings(reader({
            population: 20, generations: 5, replications: 2, horizon: '12 h', warmup: '30min', seed: 7, workers: 1, timeLimitSeconds: 90
        }));
        expect(errors).toEqual([]);
        const noFile = resolveEditorSettings({ optimize: {} }, overrides);
        expect(noFile).toMatchObject({ population: 20, generations: 5, replications: 2, horizonSeconds: 43200, warmupSeconds: 1800,
            seed: 7, workers: 1, timeoutSeconds: 90 });
        const withFile = resolveEditorSettings({ optimize: { population: 40, horizonSeconds: 3600, seed: 1 } }, overrides);
        expect(withFile).toMatchObject({ population: 40, horizonSeconds: 3600, seed: 1, generations: 5, warmupSeconds: 1800 });
    });

    test('mlops.optimizer.redis: a Redis URL (trimmed) or nothing; anything else is an error naming the setting', () => {
        expect(readEditorSettings(reader({})).redis).toBeUndefined();
        expect(readEditorSettings(reader({ redis: '' })).redis).toBeUndefined();
        expect(readEditorSettings(reader({ redis: ' redis://queue:6379 ' }))).toMatchObject({ redis: 'redis://queue:6379', errors: [] });
        const bad = readEditorSettings(reader({ redis: 'http://user:secret@queue:6379' }));
        expect(bad.redis).toBeUndefined();
        expect(bad.errors).toEqual([expect.stringMatching(/^mlops\.optimizer\.redis: .*is not a Redis URL/)]);
        expect(bad.errors[0]).not.toContain('secret');
        expect(readEditorSettings(reader({ redis: 6379 })).errors).toEqual([expect.stringContaining('mlops.optimizer.redis')]);
    });

    test('the optimize block of a real file wins over the editor settings', async () => {
        const model = await parseModel(`system s
server a { cpu 1 GHz ram 1 GB price 1 EUR/h }
component c { }
step st { runs on c cpu 1 GHz*s }
process p { steps st every constant(10 s) }
optimize { horizon 2 h generations 3 }
`);
        const settings = resolveEditorSettings(model, readEditorSettings(reader({ horizon: '24 h', generations: 50, population: 8 })).overrides);
        expect(settings.horizonSeconds).toBe(7200);
        expect(settings.generations).toBe(3);
        expect(settings.population).toBe(8);
    });

    test('unusable values are reported by name and ignored', () => {
        const { overrides, errors } = readEditorSettings(reader({ population: 2.5, horizon: '12 hours', warmup: 5, timeLimitSeconds: -1, seed: 'x' }));
        expect(errors).toHaveLength(5);
        expect(errors.join('\n')).toMatch(/mlops\.optimizer\.population/);
        expect(errors.join('\n')).toMatch(/mlops\.optimizer\.horizon: "12 hours" is not a time/);
        expect(errors.join('\n')).toMatch(/mlops\.optimizer\.warmup/);
        expect(errors.join('\n')).toMatch(/mlops\.optimizer\.timeLimitSeconds/);
        expect(errors.join('\n')).toMatch(/mlops\.optimizer\.seed/);
        expect(resolveEditorSettings({ optimize: {} }, overrides)).toEqual({ ...DEFAULT_SETTINGS, auto: { horizon: true, budget: true, population: true, generations: true } });
    });
});
