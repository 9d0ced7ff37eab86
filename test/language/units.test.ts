/** The unit table of language.md, "Quantities and units", against src/model/units.ts. */
import { describe, expect, test } from 'vitest';
import { lookupUnit, parseTimeOption, toBase, unitsOf, type Dimension } from '../../src/model/units.js';

// unit, dimension, value of 1 unit in the base unit (written out from the spec, not from the code).
const TABLE: [string, Dimension, number][] = [
    ['ms', 'time', 0.001], ['s', 'time', 1], ['min', 'time', 60], ['h', 'time', 3600], ['d', 'time', 86400],
    ['MHz', 'cpuSpeed', 0.001], ['GHz', 'cpuSpeed', 1],
    ['GHz*s', 'cpuWork', 1], ['GHz*min', 'cpuWork', 60], ['GHz*h', 'cpuWork', 3600], ['MHz*s', 'cpuWork', 0.001],
    ['GOPS', 'gpuSpeed', 0.001], ['TOPS', 'gpuSpeed', 1],
    ['TOPS*s', 'gpuWork', 1], ['TOPS*min', 'gpuWork', 60], ['TOPS*h', 'gpuWork', 3600],
    ['KB', 'memory', 0.001], ['MB', 'memory', 1], ['GB', 'memory', 1000], ['TB', 'memory', 1_000_000],
    ['KiB', 'memory', 0.001024], ['MiB', 'memory', 1.048576], ['GiB', 'memory', 1073.741824], ['TiB', 'memory', 1099511.627776],
    ['Kbps', 'bandwidth', 0.001], ['Mbps', 'bandwidth', 1], ['Gbps', 'bandwidth', 1000], ['Mb/s', 'bandwidth', 1], ['Gb/s', 'bandwidth', 1000],
    ['EUR/s', 'money', 1], ['PLN/min', 'money', 1 / 60], ['USD/h', 'money', 1 / 3600], ['CHF/d', 'money', 1 / 86400]
];

describe('unit conversion table', () => {
    test.each(TABLE)('1 %s is %s: %d in the base unit', (unit, dimension, factor) => {
        const info = lookupUnit(unit);
        expect(info?.dimension).toBe(dimension);
        expect(info!.factor).toBeCloseTo(factor, 9);
        const converted = toBase(2.5, unit, dimension);
        expect('value' in converted && converted.value).toBeCloseTo(2.5 * factor, 9);
    });

    test('every unit the language accepts is in the table above', () => {
        const dimensions: Dimension[] = ['time', 'cpuSpeed', 'cpuWork', 'gpuSpeed', 'gpuWork', 'memory', 'bandwidth'];
        const listed = new Set(TABLE.map(([u]) => u));
        expect(dimensions.flatMap(unitsOf).filter(u => !listed.has(u))).toEqual([]);
    });

    test('money units carry their currency; lower-case or 2-letter codes are not currencies', () => {
        expect(lookupUnit('PLN/h')?.currency).toBe('PLN');
        expect(lookupUnit('pln/h')).toBeUndefined();
        expect(lookupUnit('EU/h')).toBeUndefined();
    });

    test('a unit of another dimension is explained, naming the expected units', () => {
        const result = toBase(4, 'GHz', 'memory');
        expect('error' in result && result.error).toMatch(/CPU speed.*memory size.*GB/);
        expect('error' in toBase(1, 'parsecs', 'time') && toBase(1, 'parsecs', 'time')).toBeTruthy();
    });

    test('units are case-sensitive: mb is not MB', () => {
        expect(lookupUnit('mb')).toBeUndefined();
        expect(lookupUnit('gb')).toBeUndefined();
    });

    test('CLI times: 12h, 90 min, a bare number in seconds; garbage is undefined', () => {
        expect(parseTimeOption('12h')).toBe(43200);
        expect(parseTimeOption('90 min')).toBe(5400);
        expect(parseTimeOption('3600')).toBe(3600);
        expect(parseTimeOption('12 parsecs')).toBeUndefined();
        expect(parseTimeOption('-5s')).toBeUndefined();
    });
});
