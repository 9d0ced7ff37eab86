/**
 * `mlops compare` against an M/M/1 queue whose true values are known: response
 * time exponential with rate mu - lambda = 1/s, so p50 = ln 2 s, p95 = ln 20 s,
 * p99 = ln 100 s, throughput 1/s, P(T <= 3 s) = 1 - e^-3. True observations lie
 * (nearly always) inside the simulated intervals; a 30% slower observation is flagged.
 */
import { expect, test } from 'vitest';
import { parseModel } from '../../src/language/load.js';
import { compareWithObservations } from '../../src/platform/compare.js';
import { parseObservations } from '../../src/platform/observations.js';
import { InputError } from '../../src/platform/input-error.js';

const MM1 = `system mm1
server s { cpu 1 GHz ram 1 GB price 0 USD/h }
component c {}
step work { runs on c cpu exponential(mean 0.5 GHz*s) }
process p { steps work every exponential(mean 1 s) deadline 3 s }
process q { steps work every exponential(mean 1 h) }
allocation current { c on s x 1 permanent }
`;
const settings = { horizonSeconds: 4 * 3600, warmupSeconds: 600, replications: 8, seed: 3, keepaliveSeconds: 0, maxEvents: 10_000_000 };

test('true values are within 5% and (but for chance) inside the intervals; a 30% slower p95 is flagged', async () => {
    const model = await parseModel(MM1.replace(/\nprocess q.*\n/, '\n'));
    const truth = { process: 'p', p50: Math.LN2, p95: Math.log(20), p99: Math.log(100), throughput: 1, withinDeadline: 1 - Math.exp(-3) };
    const c = compareWithObservations(model, model.allocations[0], settings, [truth, { process: 'p', p95: 1.3 * Math.log(20) }]);
    expect(c.rows).toHaveLength(6);
    // A 95% interval misses a true value now and then: of five, at most one may be flagged, and none is far.
    const truthRows = c.rows.slice(0, 5);
    expect(truthRows.filter(r => r.outside).length, JSON.stringify(truthRows)).toBeLessThanOrEqual(1);
    for (const row of truthRows) {
        expect(Math.abs(row.relativeDifference), row.quantity).toBeLessThan(0.05);
    }
    expect(c.rows[5]).toMatchObject({ quantity: 'p95', outside: true });
    expect(c.rows[5].relativeDifference).toBeGreaterThan(0.2);
});

test('the observations file: units, rates, percents; errors name the line and field', () => {
    const ok = parseObservations('obs.json', '{"allocation": "current", "processes": {"p": {"p50": "45.6ms", "p99": 0.2, "throughput": "872/min", "withinDeadline": "99.5%"}}}', ['p']);
    expect(ok.observations[0]).toEqual({ process: 'p', p50: 0.0456, p99: 0.2, throughput: 872 / 60, withinDeadline: 0.995 });
    const error = (text: string) => {
        try { parseObservations('obs.json', text, ['p']); } catch (e) { return (e as InputError).format(); }
        return 'no error';
    };
    expect(error('{\n  "processes": {\n    "p": { "p50": "fast" }\n  }\n}')).toBe('obs.json:3:19: error: processes.p.p50: expected a positive time (seconds, or a string such as "45.6ms"), got "fast"');
    expect(error('{\n  "processes": {\n    "scoring": {}\n  }\n}')).toMatch(/^obs\.json:3:5: error: processes\.scoring: no process 'scoring'/);
    expect(error('{ "processes": { "p": { "p50": 1, } ')).toMatch(/^obs\.json:1:\d+: error: not valid JSON/);
});
