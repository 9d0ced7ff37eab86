/**
 * The observations file of `mlops compare` (docs/kubernetes.md):
 *
 *     { "allocation": "current",
 *       "processes": { "scoring": { "p50": "45.6ms", "p95": 0.0833, "p99": "112.3 ms",
 *                                   "throughput": "872/min", "withinDeadline": 0.995 } } }
 *
 * Times are seconds or strings with a unit; throughput is per second or a
 * string `N/s`, `N/min`, `N/h`; withinDeadline a fraction (or a string `99.5%`).
 * JSON (or YAML) parsed with positions, so errors name file, line and field.
 */
import { isMap, isScalar, LineCounter, parseDocument, type Node } from 'yaml';
import { parseTimeOption, TIME_UNITS } from '../model/units.js';
import type { Observation } from './compare.js';
import { InputError } from './input-error.js';

export interface ObservationsFile {
    allocation?: string;
    observations: Observation[];
}

export function parseObservations(file: string, text: string, processNames: string[]): ObservationsFile {
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { lineCounter, prettyErrors: false });
    const fail = (node: Node | null | undefined, field: string, message: string): never => {
        const { line, col } = lineCounter.linePos(node?.range?.[0] ?? 0);
        throw new InputError(file, line, col, field, message);
    };
    if (doc.errors.length > 0) {
        const { line, col } = lineCounter.linePos(doc.errors[0].pos[0]);
        throw new InputError(file, line, col, '', `not valid JSON: ${doc.errors[0].message.split('\n')[0]}`);
    }
    const root = doc.contents;
    if (!isMap(root)) {
        return fail(root, '', 'expected an object with "processes"');
    }
    const result: ObservationsFile = { observations: [] };
    for (const pair of root.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : '';
        const value = pair.value as Node | null;
        if (key === 'allocation') {
            if (!isScalar(value) || typeof value.value !== 'string') {
                fail(value, key, 'expected the name of an allocation');
            }
            result.allocation = String((value as { value: unknown }).value);
        } else if (key === 'processes') {
            if (!isMap(value)) {
                return fail(value, key, 'expected an object: process name -> observations');
            }
            for (const entry of value.items) {
                const name = isScalar(entry.key) ? String(entry.key.value) : '';
                if (!processNames.includes(name)) {
                    fail(entry.key as Node, `processes.${name}`, `no process '${name}' in the model (processes: ${processNames.join(', ')})`);
                }
                const fields = entry.value as Node | null;
                if (!isMap(fields)) {
                    return fail(fields, `processes.${name}`, 'expected an object with p50, p95, p99, throughput, withinDeadline');
                }
                const o: Observation = { process: name };
                for (const f of fields.items) {
                    const field = isScalar(f.key) ? String(f.key.value) : '';
                    const node = f.value as Node | null;
                    const raw = isScalar(node) ? node.value : undefined;
                    const path = `processes.${name}.${field}`;
                    if (field === 'p50' || field === 'p95' || field === 'p99') {
                        const t = typeof raw === 'number' ? raw : typeof raw === 'string' ? parseTimeOption(raw) : undefined;
                        if (t === undefined || !(t > 0)) {
                            fail(node, path, `expected a positive time (seconds, or a string such as "45.6ms"), got ${JSON.stringify(raw)}`);
                        }
                        o[field] = t;
                    } else if (field === 'throughput') {
                        const match = typeof raw === 'string' ? /^\s*([0-9.eE+-]+)\s*\/\s*(ms|s|min|h|d)\s*$/.exec(raw) : null;
                        const rate = typeof raw === 'number' ? raw : match ? Number(match[1]) / TIME_UNITS[match[2]] : NaN;
                        if (!(rate >= 0) || !Number.isFinite(rate)) {
                            fail(node, path, `expected runs per second, or a string such as "872/min", got ${JSON.stringify(raw)}`);
                        }
                        o.throughput = rate;
                    } else if (field === 'withinDeadline') {
                        const share = typeof raw === 'number' ? raw : typeof raw === 'string' && /%\s*$/.test(raw) ? Number(raw.replace('%', '')) / 100 : NaN;
                        if (!(share >= 0 && share <= 1)) {
                            fail(node, path, `expected a fraction between 0 and 1 (or "99.5%"), got ${JSON.stringify(raw)}`);
                        }
                        o.withinDeadline = share;
                    } else {
                        fail(f.key as Node, path, 'unknown field (p50, p95, p99, throughput, withinDeadline)');
                    }
                }
                result.observations.push(o);
            }
        } else {
            fail(pair.key as Node, key, 'unknown field (allocation, processes)');
        }
    }
    if (result.observations.length === 0) {
        fail(root, 'processes', 'no observations');
    }
    return result;
}
