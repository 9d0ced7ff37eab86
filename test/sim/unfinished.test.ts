/**
 * Censored runs are visible per process in `simulate --json` (issue 12.6):
 * at rho 3 the replications stop at the event budget with runs still in the
 * system, and `unfinishedRuns` says how many of each process's runs were
 * censored; a stable model reports 0.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { toJson } from '../../src/cli/simulate.js';
import { simulateText } from './helpers.js';

const MM1 = readFileSync('examples/mm1.mlops', 'utf8');
/** Two processes on the M/M/1 machine; `work` GHz*s per request on 2 GHz, one request a second, plus a light second process. */
const model = (work: number) => MM1.replace('cpu exponential(mean 1 GHz*s)', `cpu exponential(mean ${work} GHz*s)`)
    .replace('process requests {', 'process audits {\n    steps work\n    every exponential(mean 10 s)\n}\n\nprocess requests {');

describe('unfinishedRuns per process', () => {
    test('rho 3 stopped by the event budget: each process reports its censored runs in the JSON, summing to the total', async () => {
        const { result } = await simulateText(model(6), { horizonSeconds: 7200, warmupSeconds: 60, replications: 2, maxEvents: 3_000 });
        expect(result.unfinishedRuns).toBeGreaterThan(0);
        const json = JSON.parse(toJson(result)) as { processes: { name: string; runs: number; unfinishedRuns: number }[] };
        const byName = Object.fromEntries(json.processes.map(p => [p.name, p]));
        expect(byName.requests.unfinishedRuns).toBeGreaterThan(0);
        expect(byName.audits.unfinishedRuns).toBeGreaterThan(0);
        expect(byName.requests.unfinishedRuns + byName.audits.unfinishedRuns).toBe(result.unfinishedRuns);
        for (const p of json.processes) {
            expect(p.unfinishedRuns).toBeLessThanOrEqual(p.runs);
        }
    });

    test('a stable model reports 0 for every process', async () => {
        const { result } = await simulateText(model(1), { horizonSeconds: 3600, warmupSeconds: 60, replications: 2 });
        const json = JSON.parse(toJson(result)) as { processes: { unfinishedRuns: number }[] };
        expect(json.processes.map(p => p.unfinishedRuns)).toEqual([0, 0]);
    });
});
