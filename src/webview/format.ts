/** Numbers and names for people. Pure. */
import type { ObjectiveKey } from '../model/types.js';
import type { OptimizationResult } from '../opt/api.js';
import { visibleText } from '../model/visible-text.js';

export const CRITERION_NAMES: Record<ObjectiveKey, string> = {
    time: 'Mean time',
    variance: 'Variance',
    violations: 'Violations',
    cost: 'Cost'
};

export function criterionUnit(key: ObjectiveKey, currency: string | null): string {
    switch (key) {
        case 'time': return 's';
        case 'variance': return 's²';
        case 'violations': return '/h';
        case 'cost': return `${currency ?? ''}/h`;
    }
}

export function criterionTitle(key: ObjectiveKey, currency: string | null): string {
    return `${CRITERION_NAMES[key]} (${criterionUnit(key, currency)})`;
}

/** Four significant digits, no exponent for ordinary magnitudes. */
export function formatNumber(value: number): string {
    if (!Number.isFinite(value)) {
        return Number.isNaN(value) ? '–' : value > 0 ? '∞' : '-∞';
    }
    if (value === 0) {
        return '0';
    }
    const abs = Math.abs(value);
    if (abs >= 1e6 || abs < 1e-3) {
        return value.toExponential(2);
    }
    return Number(value.toPrecision(4)).toLocaleString('en-US', { maximumFractionDigits: 6 });
}

/** A duration in seconds with a readable unit. */
export function formatSeconds(seconds: number): string {
    if (!Number.isFinite(seconds)) {
        return formatNumber(seconds);
    }
    const abs = Math.abs(seconds);
    if (abs < 1) {
        return `${formatNumber(seconds * 1000)} ms`;
    }
    if (abs < 120) {
        return `${formatNumber(seconds)} s`;
    }
    if (abs < 7200) {
        return `${formatNumber(seconds / 60)} min`;
    }
    return `${formatNumber(seconds / 3600)} h`;
}

export function formatPercent(fraction: number): string {
    return Number.isFinite(fraction) ? `${(fraction * 100).toFixed(1)} %` : '–';
}

/** `label (name)` when the file gives a label, else the name. Plain text, bidi controls shown (visibleText). */
export function displayName(result: Pick<OptimizationResult, 'labels'>, name: string): string {
    const label = result.labels[name];
    return label !== undefined && label !== name ? `${visibleText(label)} (${name})` : name;
}
