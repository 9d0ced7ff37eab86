/**
 * Units of the .mlops language and their conversion to one base per dimension
 * (language.md, "Quantities and units"). Pure: no Langium, no vscode.
 */

export type Dimension =
    | 'time' | 'cpuSpeed' | 'cpuWork' | 'gpuSpeed' | 'gpuWork' | 'memory' | 'bandwidth' | 'money';

export interface UnitInfo {
    dimension: Dimension;
    /** Multiply a value in this unit by `factor` to get the base unit. */
    factor: number;
    /** For money per time: the currency code. */
    currency?: string;
}

export const BASE_UNIT: Record<Dimension, string> = {
    time: 's',
    cpuSpeed: 'GHz',
    cpuWork: 'GHz*s',
    gpuSpeed: 'TOPS',
    gpuWork: 'TOPS*s',
    memory: 'MB',
    bandwidth: 'Mbps',
    money: 'CUR/s'
};

export const DIMENSION_NAME: Record<Dimension, string> = {
    time: 'a time',
    cpuSpeed: 'a CPU speed',
    cpuWork: 'a CPU work',
    gpuSpeed: 'a GPU speed',
    gpuWork: 'a GPU work',
    memory: 'a memory size',
    bandwidth: 'a bandwidth',
    money: 'a price per time'
};

export const TIME_UNITS: Record<string, number> = { ms: 0.001, s: 1, min: 60, h: 3600, d: 86400 };

const FIXED_UNITS: Record<string, UnitInfo> = {
    ...Object.fromEntries(Object.entries(TIME_UNITS).map(([u, f]) => [u, { dimension: 'time', factor: f }])),
    MHz: { dimension: 'cpuSpeed', factor: 0.001 },
    GHz: { dimension: 'cpuSpeed', factor: 1 },
    'GHz*s': { dimension: 'cpuWork', factor: 1 },
    'GHz*min': { dimension: 'cpuWork', factor: 60 },
    'GHz*h': { dimension: 'cpuWork', factor: 3600 },
    'MHz*s': { dimension: 'cpuWork', factor: 0.001 },
    GOPS: { dimension: 'gpuSpeed', factor: 0.001 },
    TOPS: { dimension: 'gpuSpeed', factor: 1 },
    'TOPS*s': { dimension: 'gpuWork', factor: 1 },
    'TOPS*min': { dimension: 'gpuWork', factor: 60 },
    'TOPS*h': { dimension: 'gpuWork', factor: 3600 },
    KB: { dimension: 'memory', factor: 0.001 },
    MB: { dimension: 'memory', factor: 1 },
    GB: { dimension: 'memory', factor: 1000 },
    TB: { dimension: 'memory', factor: 1e6 },
    KiB: { dimension: 'memory', factor: 1024 / 1e6 },
    MiB: { dimension: 'memory', factor: 1024 * 1024 / 1e6 },
    GiB: { dimension: 'memory', factor: 1024 ** 3 / 1e6 },
    TiB: { dimension: 'memory', factor: 1024 ** 4 / 1e6 },
    Kbps: { dimension: 'bandwidth', factor: 0.001 },
    Mbps: { dimension: 'bandwidth', factor: 1 },
    Gbps: { dimension: 'bandwidth', factor: 1000 },
    'Mb/s': { dimension: 'bandwidth', factor: 1 },
    'Gb/s': { dimension: 'bandwidth', factor: 1000 }
};

const MONEY = /^([A-Z]{3})\/(s|min|h|d)$/;

/** The unit spelled `unit` (as written, without spaces), or undefined when the language does not know it. */
export function lookupUnit(unit: string): UnitInfo | undefined {
    const fixed = FIXED_UNITS[unit];
    if (fixed) {
        return fixed;
    }
    const money = MONEY.exec(unit);
    if (money) {
        return { dimension: 'money', factor: 1 / TIME_UNITS[money[2]], currency: money[1] };
    }
    return undefined;
}

/** The units accepted for a dimension, as shown in messages and completion. */
export function unitsOf(dimension: Dimension): string[] {
    const units = Object.entries(FIXED_UNITS).filter(([, info]) => info.dimension === dimension).map(([u]) => u);
    return dimension === 'money' ? ['CUR/s', 'CUR/min', 'CUR/h', 'CUR/d'] : units;
}

/** Converts `value unit` to the base unit of `dimension`, or explains why it cannot. */
export function toBase(value: number, unit: string, dimension: Dimension): { value: number } | { error: string } {
    const info = lookupUnit(unit);
    if (!info) {
        return { error: `unknown unit '${unit}': expected ${DIMENSION_NAME[dimension]} in ${unitsOf(dimension).join(', ')}` };
    }
    if (info.dimension !== dimension) {
        return { error: `'${unit}' is ${DIMENSION_NAME[info.dimension]}, but ${DIMENSION_NAME[dimension]} is expected here: use ${unitsOf(dimension).join(', ')}` };
    }
    return { value: value * info.factor };
}

/** Parses a CLI time such as `12h`, `90 min`, `3600` (seconds when no unit). */
export function parseTimeOption(text: string): number | undefined {
    const match = /^\s*((?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)\s*([a-z]*)\s*$/.exec(text);
    if (!match) {
        return undefined;
    }
    const factor = match[2] === '' ? 1 : TIME_UNITS[match[2]];
    const seconds = Number(match[1]) * (factor ?? NaN);
    return Number.isFinite(seconds) ? seconds : undefined;
}
