/**
 * Checks of one quantity (language.md check 2): a unit is present, of the
 * field's dimension, and the number is finite and in range. Returns the value
 * in the base unit when the quantity is usable, undefined otherwise.
 */
import type { AstNode } from 'langium';
import type * as ast from '../generated/ast.js';
import { BASE_UNIT, DIMENSION_NAME, lookupUnit, unitsOf, type Dimension } from '../../model/units.js';
import { MAX_MAGNITUDE, MIN_CAPACITY } from '../../model/limits.js';
import { Codes } from './codes.js';
import type { Problem } from './problem.js';

/** How a value must compare with 0. */
export type Sign = 'positive' | 'nonNegative' | 'any';

/** The units a quick fix offers, most natural first (the file's currency for prices). */
export function naturalUnits(dimension: Dimension, currency?: string): string[] {
    switch (dimension) {
        case 'time': return ['s', 'min', 'h', 'ms', 'd'];
        case 'cpuSpeed': return ['GHz', 'MHz'];
        case 'cpuWork': return ['GHz*s', 'GHz*min', 'GHz*h', 'MHz*s'];
        case 'gpuSpeed': return ['TOPS', 'GOPS'];
        case 'gpuWork': return ['TOPS*s', 'TOPS*min', 'TOPS*h'];
        case 'memory': return ['GB', 'MB', 'GiB', 'MiB', 'TB', 'TiB', 'KB', 'KiB'];
        case 'bandwidth': return ['Mbps', 'Gbps', 'Kbps', 'Mb/s', 'Gb/s'];
        case 'money': {
            const cur = currency ?? 'EUR';
            return [`${cur}/h`, `${cur}/min`, `${cur}/s`, `${cur}/d`];
        }
    }
}

/** Checks a bare number (count, weight, threads): finite, sign, integer. */
export function checkNumber(
    value: number, node: AstNode, property: string, what: string,
    opts: { sign: Sign; integer?: boolean; code?: string }, problems: Problem[]
): boolean {
    if (!Number.isFinite(value)) {
        problems.push(err(node, property, Codes.invalidNumber, `${what}: the number is not finite (${value}); use a number below 1e308`));
        return false;
    }
    if (Math.abs(value) > MAX_MAGNITUDE) {
        problems.push(err(node, property, Codes.invalidNumber, `${what}: ${value} is above the supported ${MAX_MAGNITUDE}`));
        return false;
    }
    if (opts.sign === 'positive' && value <= 0) {
        problems.push(err(node, property, opts.code ?? Codes.nonPositive, `${what} must be positive, got ${value}`));
        return false;
    }
    if (opts.sign === 'nonNegative' && value < 0) {
        problems.push(err(node, property, opts.code ?? Codes.invalidNumber, `${what} must not be negative, got ${value}`));
        return false;
    }
    if (opts.integer && !Number.isInteger(value)) {
        problems.push(err(node, property, Codes.notInteger, `${what} must be a whole number, got ${value}`));
        return false;
    }
    return true;
}

/**
 * Checks a quantity's unit and number. `what` names the field in messages
 * (e.g. "cpu of server cpu_node").
 */
export function checkQuantity(
    q: ast.Quantity | undefined, dimension: Dimension, what: string, sign: Sign, problems: Problem[], currency?: string
): number | undefined {
    if (!q) {
        // Parser recovery left the quantity out (e.g. `normal(meanmean 5 s, ...)`); a syntax error is reported there.
        return undefined;
    }
    const units = naturalUnits(dimension, currency);
    if (q.unit === undefined) {
        problems.push({
            severity: 'error', node: q, property: 'value',
            message: `${what}: ${q.value} has no unit; expected ${DIMENSION_NAME[dimension]} such as ${q.value} ${units[0]} (units: ${units.join(', ')})`,
            data: { code: Codes.missingUnit, units }
        });
        return undefined;
    }
    const info = lookupUnit(q.unit);
    if (!info || info.dimension !== dimension) {
        const found = info ? `'${q.unit}' is ${DIMENSION_NAME[info.dimension]}` : `unknown unit '${q.unit}'`;
        const accepted = dimension === 'money' ? `${unitsOf('money').join(', ')} (CUR: a 3-letter currency code)` : unitsOf(dimension).join(', ');
        problems.push({
            severity: 'error', node: q, property: 'unit',
            message: `${what}: ${found}, expected ${DIMENSION_NAME[dimension]} in ${accepted}`,
            data: { code: Codes.wrongUnit, units }
        });
        return undefined;
    }
    if (!checkNumber(q.value, q, 'value', what, { sign }, problems)) {
        return undefined;
    }
    const base = q.value * info.factor;
    if (!Number.isFinite(base) || Math.abs(base) > MAX_MAGNITUDE) {
        problems.push(err(q, 'value', Codes.invalidNumber, `${what}: ${q.value} ${q.unit} is too large to compute with (at most ${MAX_MAGNITUDE} ${BASE_UNIT[dimension]})`));
        return undefined;
    }
    if (base !== 0 && Math.abs(base) < MIN_CAPACITY && CAPACITY_DIMENSIONS.has(dimension)) {
        problems.push(err(q, 'value', Codes.invalidNumber, `${what}: ${q.value} ${q.unit} is too small to compute with (at least ${MIN_CAPACITY} ${BASE_UNIT[dimension]}, or 0)`));
        return undefined;
    }
    return base;
}

/** Supported range of numbers: one table for the language and the CLI (src/model/limits.ts, docs/limits.md). */
export { MAX_MAGNITUDE, MIN_CAPACITY };
const CAPACITY_DIMENSIONS = new Set<Dimension>(['cpuSpeed', 'gpuSpeed', 'bandwidth']);

export function err(node: AstNode, property: string | undefined, code: string, message: string): Problem {
    return { severity: 'error', node, property, message, data: { code } };
}
