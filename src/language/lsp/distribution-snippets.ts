/**
 * The distributions as snippets, with the unit of the field they are typed
 * in: `cpu lognormal(mean 1 GHz*s, cv 0.5)` in a step's cpu, `every
 * exponential(mean 1 s)` in a process. Completion offers them in place of the
 * bare keywords (a static snippet file cannot know the field, and its
 * entries ranked below the keywords).
 */
import type { Dimension } from '../../model/units.js';
import { unitsOf } from '../../model/units.js';

/** The unit a snippet starts with per dimension: the base unit people write most. */
const DEFAULT_UNIT: Partial<Record<Dimension, string>> = { time: 's', cpuWork: 'GHz*s', gpuWork: 'TOPS*s' };

/** `$U` stands for the field's unit; placeholders as in VS Code snippets. */
const BODIES: Record<string, { body: string; detail: string }> = {
    constant: { body: 'constant(${1:1} ${2:$U})', detail: 'constant(X): always X' },
    exponential: { body: 'exponential(mean ${1:1} ${2:$U})', detail: 'exponential(mean X)' },
    uniform: { body: 'uniform(${1:1} ${2:$U}, ${3:2} ${4:$U})', detail: 'uniform(A, B)' },
    normal: { body: 'normal(mean ${1:1} ${2:$U}, sd ${3:0.2} ${4:$U})', detail: 'normal(mean X, sd Y), truncated at 0' },
    lognormal: { body: 'lognormal(mean ${1:1} ${2:$U}, cv ${3:0.5})', detail: 'lognormal(mean X, cv C)' },
    gamma: { body: 'gamma(mean ${1:1} ${2:$U}, cv ${3:0.5})', detail: 'gamma(mean X, cv C)' },
    erlang: { body: 'erlang(${1:2}, mean ${2:1} ${3:$U})', detail: 'erlang(k, mean X)' }
};

/** The snippet of distribution `keyword` in a field of `dimension`, or undefined for another word. */
export function distributionSnippet(keyword: string, dimension: Dimension): { body: string; detail: string } | undefined {
    const entry = BODIES[keyword];
    if (!entry) {
        return undefined;
    }
    const unit = DEFAULT_UNIT[dimension] ?? unitsOf(dimension)[0];
    // `*` and `/` need no escaping in a snippet; `$`, `}` and `\` would, and units have none.
    return { body: entry.body.replaceAll('$U', unit), detail: entry.detail };
}
