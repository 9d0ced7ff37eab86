/**
 * Quantities and distributions as .mlops text (the inverse of the units table
 * of language.md): for generated models (`mlops import kubernetes`) and for
 * lines to paste (`mlops fit`). Pure. The unit chosen is the largest one that
 * keeps the number at least 1 (memory in binary units when the byte count is
 * a whole number of them, as Kubernetes quantities usually are).
 */
import type { Distribution } from './types.js';
import type { Dimension } from './units.js';

/** `x` with at most `digits` significant digits, without trailing zeros (a NUMBER of the grammar). */
export function formatNumber(x: number, digits = 10): string {
    if (x === 0) {
        return '0';
    }
    return Number(x.toPrecision(digits)).toString();
}

const TIME: [string, number][] = [['h', 3600], ['min', 60], ['s', 1], ['ms', 0.001]];
const WORK_SUFFIX: [string, number][] = [['h', 3600], ['min', 60], ['s', 1]];

/** `value` (in the base unit of `dimension`) with a unit, e.g. `1.5 GHz*s`, `512 MiB`; money is per hour in `currency`. */
export function formatQuantity(value: number, dimension: Dimension, digits = 10, currency = 'USD'): string {
    const n = (x: number) => formatNumber(x, digits);
    switch (dimension) {
        case 'time': {
            if (value >= 86400 && Number.isInteger(value / 86400)) {
                return `${n(value / 86400)} d`;
            }
            const [unit, factor] = TIME.find(([, f]) => value >= f) ?? TIME[TIME.length - 1];
            return `${n(value / factor)} ${unit}`;
        }
        case 'cpuSpeed': return value > 0 && value < 0.001 ? `${n(value * 1000)} MHz` : `${n(value)} GHz`;
        case 'gpuSpeed': return value > 0 && value < 0.001 ? `${n(value * 1000)} GOPS` : `${n(value)} TOPS`;
        case 'cpuWork':
        case 'gpuWork': {
            const base = dimension === 'cpuWork' ? 'GHz' : 'TOPS';
            const [unit, factor] = WORK_SUFFIX.find(([, f]) => value >= f) ?? WORK_SUFFIX[WORK_SUFFIX.length - 1];
            return `${n(value / factor)} ${base}*${unit}`;
        }
        case 'memory': return formatMemory(value, n);
        case 'bandwidth': return value >= 1000 ? `${n(value / 1000)} Gbps` : `${n(value)} Mbps`;
        case 'money': return `${n(value * 3600)} ${currency}/h`;
    }
}

function formatMemory(megabytes: number, n: (x: number) => string): string {
    const bytes = megabytes * 1e6;
    const whole = Math.round(bytes);
    if (whole > 0 && Math.abs(bytes - whole) <= 1e-6 * bytes) {
        for (const [unit, factor] of [['TiB', 1024 ** 4], ['GiB', 1024 ** 3], ['MiB', 1024 ** 2], ['KiB', 1024]] as const) {
            if (whole >= factor && whole % factor === 0) {
                return `${whole / factor} ${unit}`;
            }
        }
    }
    return megabytes >= 1000 ? `${n(megabytes / 1000)} GB` : `${n(megabytes)} MB`;
}

/** A distribution of a time or a work as the language writes it, e.g. `lognormal(mean 45 ms, cv 0.5)`. */
export function formatDistribution(d: Distribution, dimension: Dimension, digits = 10): string {
    const q = (x: number) => formatQuantity(x, dimension, digits);
    switch (d.kind) {
        case 'constant': return `constant(${q(d.value)})`;
        case 'exponential': return `exponential(mean ${q(d.mean)})`;
        case 'uniform': return `uniform(${q(d.min)}, ${q(d.max)})`;
        case 'normal': return `normal(mean ${q(d.mean)}, sd ${q(d.sd)})`;
        case 'lognormal': return `lognormal(mean ${q(d.mean)}, cv ${formatNumber(d.cv, digits)})`;
        case 'gamma': return `gamma(mean ${q(d.mean)}, cv ${formatNumber(d.cv, digits)})`;
        case 'erlang': return `erlang(${d.k}, mean ${q(d.mean)})`;
    }
}
