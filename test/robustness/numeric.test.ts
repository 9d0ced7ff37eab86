/**
 * Numeric robustness (issue 7): zero, huge (1e308) and tiny (1e-300,
 * denormal) quantities, extreme coefficients of variation, horizons of years
 * and of milliseconds, warmup equal to the horizon. Each model either gets an
 * error diagnostic with a code and a location, or simulates and runs a tiny
 * optimization (population 8, generations 2, replications 2) to results with
 * no NaN or Infinity anywhere, within the event budget.
 */
import { describe, expect, test } from 'vitest';
import { loadModel } from '../../src/language/load.js';
import { resolveSettings } from '../../src/model/settings.js';
import { optimize } from '../../src/opt/index.js';
import { EVENT_BUDGET, nonFinitePaths, outcomeOf, template, TINY } from './helpers.js';

type Expect = { diagnostic: string; marks?: string } | 'runs';

interface Case {
    name: string;
    vars: Parameters<typeof template>[0];
    expect: Expect;
}

const cases: Case[] = [
    { name: 'the baseline M/M/1 model', vars: {}, expect: 'runs' },
    // Zero.
    { name: 'zero CPU work', vars: { work: '0 GHz*s' }, expect: 'runs' },
    { name: 'zero CPU speed of a server', vars: { cpu: '0 GHz' }, expect: { diagnostic: 'non-positive', marks: '0' } },
    { name: 'zero price', vars: { price: '0 EUR/h' }, expect: 'runs' },
    { name: 'zero idle load', vars: { idleCpu: '0 GHz', idleRam: '0 MB' }, expect: 'runs' },
    { name: 'zero time between runs', vars: { every: 'constant(0 s)' }, expect: { diagnostic: 'non-positive', marks: '0' } },
    { name: 'zero deadline', vars: { deadline: '0 s' }, expect: { diagnostic: 'non-positive', marks: '0' } },
    { name: 'zero weights', vars: { weightTime: '0', weightVariance: '0' }, expect: 'runs' },
    // Huge.
    { name: 'CPU speed 1e308 GHz', vars: { cpu: '1e308 GHz' }, expect: { diagnostic: 'invalid-number', marks: '1e308' } },
    { name: 'RAM 1e308 MB', vars: { ram: '1e308 MB' }, expect: { diagnostic: 'invalid-number', marks: '1e308' } },
    { name: 'price 1e308 EUR/s', vars: { price: '1e308 EUR/s' }, expect: { diagnostic: 'invalid-number', marks: '1e308' } },
    { name: 'price 1e308 EUR/h', vars: { price: '1e308 EUR/h' }, expect: { diagnostic: 'invalid-number', marks: '1e308' } },
    { name: 'CPU work 1e308 GHz*s', vars: { work: '1e308 GHz*s' }, expect: { diagnostic: 'invalid-number', marks: '1e308' } },
    { name: 'CPU work 1e400 (overflow to Infinity)', vars: { work: 'exponential(mean 1e400 GHz*s)' }, expect: { diagnostic: 'invalid-number', marks: '1e400' } },
    { name: 'time between runs 1e308 s', vars: { every: 'constant(1e308 s)' }, expect: { diagnostic: 'invalid-number', marks: '1e308' } },
    { name: 'deadline 1e308 s', vars: { deadline: '1e308 s' }, expect: { diagnostic: 'invalid-number', marks: '1e308' } },
    { name: 'weights 1e308', vars: { weightTime: '1e308', weightVariance: '1e308' }, expect: { diagnostic: 'invalid-number', marks: '1e308' } },
    { name: 'startup 1e308 s', vars: { startup: '1e308 s' }, expect: { diagnostic: 'invalid-number', marks: '1e308' } },
    { name: 'threads 1e308', vars: { threads: '1e308' }, expect: { diagnostic: 'invalid-number', marks: '1e308' } },
    { name: 'horizon 1e308 s', vars: { horizon: '1e308 s', warmup: '0 s' }, expect: { diagnostic: 'invalid-number', marks: '1e308' } },
    { name: 'keepalive 1e308 s', vars: { optimizeExtra: 'keepalive 1e308 s' }, expect: { diagnostic: 'invalid-number', marks: '1e308' } },
    { name: 'prefer weights 1e308', vars: { optimizeExtra: 'prefer time 1e308 cost 1' }, expect: { diagnostic: 'invalid-number', marks: '1e308' } },
    { name: 'large but supported values (1e9 GHz, 1e9 GB, 1e6 EUR/h, weights 1e9)', vars: { cpu: '1e9 GHz', ram: '1e9 GB', price: '1e6 EUR/h', weightTime: '1e9', weightVariance: '1e9' }, expect: 'runs' },
    { name: 'a step slower than the horizon (1e6 GHz*h of work)', vars: { work: 'constant(1e6 GHz*h)', every: 'exponential(mean 10 min)' }, expect: 'runs' },
    { name: 'every number at the edge of the supported range at once', vars: {
        cpu: '1e-6 GHz', ram: '1e12 MB', price: '1e12 EUR/s', count: '100', idleCpu: '0 GHz', idleRam: '0 MB', startup: '1e12 s',
        work: 'lognormal(mean 1e12 GHz*s, cv 1e12)', stepRam: '1e12 MB', threads: '1000000000000', every: 'exponential(mean 1e-6 s)',
        deadline: '1e12 s', weightTime: '1e12', weightVariance: '1e12', instances: '100', horizon: '1e12 s', warmup: '0 s',
        serverExtra: 'net in 1e-6 Mbps out 1e12 Mbps', stepExtra: 'net in 1e12 Mbps out 1e-6 Mbps'
    }, expect: 'runs' },
    // Tiny and denormal.
    { name: 'time between runs 1e-300 s (arrival storm)', vars: { every: 'exponential(mean 1e-300 s)' }, expect: 'runs' },
    { name: 'time between runs 5e-324 s (denormal)', vars: { every: 'constant(5e-324 s)' }, expect: 'runs' },
    { name: 'CPU work 1e-300 GHz*s', vars: { work: 'constant(1e-300 GHz*s)' }, expect: 'runs' },
    { name: 'CPU work 5e-324 GHz*s (denormal)', vars: { work: 'exponential(mean 5e-324 GHz*s)' }, expect: 'runs' },
    { name: 'CPU speed 1e-300 GHz', vars: { cpu: '1e-300 GHz', idleCpu: '0 GHz' }, expect: { diagnostic: 'invalid-number', marks: '1e-300' } },
    { name: 'bandwidth 1e-300 Mbps', vars: { serverExtra: 'net in 1e-300 Mbps out 1 Mbps', stepExtra: 'net in 1 Mbps' }, expect: { diagnostic: 'invalid-number', marks: '1e-300' } },
    { name: 'deadline 1e-300 s', vars: { deadline: '1e-300 s' }, expect: 'runs' },
    { name: 'horizon 1e-300 s', vars: { horizon: '1e-300 s', warmup: '0 s' }, expect: 'runs' },
    { name: 'weights 1e-300', vars: { weightTime: '1e-300', weightVariance: '5e-324' }, expect: 'runs' },
    // Extreme distributions.
    { name: 'lognormal cv 0', vars: { work: 'lognormal(mean 1 GHz*s, cv 0)', every: 'lognormal(mean 1 s, cv 0)' }, expect: 'runs' },
    { name: 'lognormal cv 100', vars: { work: 'lognormal(mean 1 GHz*s, cv 100)', every: 'lognormal(mean 1 s, cv 100)' }, expect: 'runs' },
    { name: 'gamma cv 0', vars: { work: 'gamma(mean 1 GHz*s, cv 0)', every: 'gamma(mean 1 s, cv 0)' }, expect: 'runs' },
    { name: 'gamma cv 100', vars: { work: 'gamma(mean 1 GHz*s, cv 100)', every: 'gamma(mean 1 s, cv 100)' }, expect: 'runs' },
    { name: 'erlang with a billion phases', vars: { work: 'erlang(1000000000, mean 1 GHz*s)', every: 'erlang(1000000000, mean 1 s)' }, expect: 'runs' },
    { name: 'normal with sd 1e9 times the mean', vars: { work: 'normal(mean 1e-9 GHz*s, sd 1 GHz*s)', every: 'normal(mean 1 s, sd 1e9 s)' }, expect: 'runs' },
    { name: 'uniform of zero width', vars: { work: 'uniform(1 GHz*s, 1 GHz*s)', every: 'uniform(0 s, 2 s)' }, expect: 'runs' },
    // Horizons.
    { name: 'a horizon of ten years', vars: { horizon: '3650 d', warmup: '1 d', every: 'exponential(mean 1 h)' }, expect: 'runs' },
    { name: 'a horizon of 10 ms (no run arrives)', vars: { horizon: '10 ms', warmup: '0 s' }, expect: 'runs' },
    { name: 'a horizon of 10 ms with runs every ms', vars: { horizon: '10 ms', warmup: '1 ms', every: 'exponential(mean 1 ms)', work: 'exponential(mean 0.5 MHz*s)' }, expect: 'runs' },
    { name: 'warmup equal to the horizon', vars: { horizon: '1 h', warmup: '60 min' }, expect: { diagnostic: 'invalid-setting', marks: '60 min' } },
    { name: 'warmup above the horizon', vars: { horizon: '1 h', warmup: '2 h' }, expect: { diagnostic: 'invalid-setting', marks: '2 h' } },
    // Settings.
    { name: 'an event budget of 1', vars: { optimizeExtra: 'events 1' }, expect: 'runs' },
    { name: 'the largest seed', vars: { optimizeExtra: 'seed 4294967295' }, expect: 'runs' }
];

describe('numeric robustness: a diagnostic, or finite results in bounded time', () => {
    test.each(cases)('$name', async ({ vars, expect: expected }) => {
        const text = template(vars);
        const outcome = await outcomeOf(text);
        if (expected === 'runs') {
            expect(outcome.kind, outcome.kind === 'diagnostic' ? outcome.diagnostics.map(d => d.message).join('\n') : '').toBe('ran');
            if (outcome.kind !== 'ran') { return; }
            const { simulation, optimization } = outcome;
            const replications = simulation.replications;
            // Bounded: never more events than the budget allows (one budget per replication).
            expect(simulation.events).toBeLessThanOrEqual(EVENT_BUDGET * replications);
            expect(optimization.front.length).toBeGreaterThan(0);
            expect(optimization.evaluations).toBeLessThanOrEqual(8 * 3 + 4);
            for (const p of simulation.processes) {
                expect(p.mean).toBeGreaterThanOrEqual(0);
                expect(p.variance).toBeGreaterThanOrEqual(0);
            }
            for (const s of simulation.servers) {
                for (const u of [s.cpuUtilization, s.gpuUtilization, s.ramUtilization]) {
                    expect(u).toBeGreaterThanOrEqual(0);
                    expect(u).toBeLessThanOrEqual(1 + 1e-9);
                }
            }
        } else {
            expect(outcome.kind, 'expected a diagnostic, but the model was accepted').toBe('diagnostic');
            if (outcome.kind !== 'diagnostic') { return; }
            const found = outcome.diagnostics.filter(d => (d.data as { code: string }).code === expected.diagnostic);
            expect(found.length, `codes: ${outcome.codes.join(', ')}`).toBeGreaterThan(0);
            if (expected.marks) {
                const lines = text.split('\n');
                const marked = found.map(d => d.range.start.line === d.range.end.line
                    ? lines[d.range.start.line].slice(d.range.start.character, d.range.end.character) : '(multi-line)');
                expect(marked.some(m => m.includes(expected.marks!)), `marked: ${JSON.stringify(marked)}`).toBe(true);
            }
        }
    });
});

describe('numeric robustness on the worker pool', () => {
    test('the tiny optimization on one worker thread (workers 1) returns finite results for extreme but valid numbers', async () => {
        const loaded = await loadModel(template({
            cpu: '1e12 GHz', ram: '1e9 GB', price: '1e9 EUR/h', weightTime: '1e12', weightVariance: '1e12',
            work: 'gamma(mean 1e-9 GHz*s, cv 100)', every: 'lognormal(mean 1 ms, cv 100)', deadline: '1e-300 s'
        }));
        expect(loaded.model, loaded.diagnostics.map(d => d.message).join('\n')).toBeDefined();
        const settings = resolveSettings(loaded.model!, TINY);
        expect(settings.workers).toBe(1);
        const result = await optimize(loaded.model!, settings);
        expect(nonFinitePaths(result)).toEqual([]);
        expect(result.stoppedBy).not.toBe('error');
        expect(result.front.length).toBeGreaterThan(0);
    }, 120_000);
});

const structural: [string, string][] = [
    ['a model without processes (only permanent idle cost)', `system s
server n { cpu 2 GHz ram 8 GB price 1 EUR/h }
component c { idle cpu 0.1 GHz ram 1 GB permanent }
allocation a { c on n x 1 }`],
    ['steps without any work', `system s
server n { cpu 2 GHz ram 8 GB price 1 EUR/h }
component c { }
step t { runs on c }
process p { steps t every exponential(mean 10 s) deadline 1 s }
allocation a { c on n x 1 }`],
    ['GPU-only steps', `system s
server n { cpu 2 GHz gpu 100 TOPS ram 8 GB price 1 EUR/h count 2 }
component c { }
step t { runs on c gpu exponential(mean 10 TOPS*s) }
process p { steps t every exponential(mean 10 s) }
allocation a { c on n x 2 }`],
    ['idle RAM plus step RAM exactly filling the machine', `system s
server n { cpu 2 GHz ram 8 GB price 1 EUR/h }
component c { idle ram 4 GB }
step t { runs on c cpu 1 GHz*s ram 4 GB }
process p { steps t every exponential(mean 10 s) }
allocation a { c on n x 1 }`],
    ['no run arrives within the horizon', `system s
server n { cpu 2 GHz ram 8 GB price 0 EUR/h }
component c { }
step t { runs on c cpu 1 GHz*s }
process p { steps t every constant(10000 d) }
allocation a { c on n x 1 }
optimize { horizon 1 d warmup 0 s }`],
    ['one step eight times in a chain, split and limited', `system s
server n { cpu 2 GHz ram 8 GB price 1 EUR/h count 3 }
component c { }
step t { runs on c cpu 0.01 GHz*s threads 3 }
process p { steps t -> t -> t -> t -> t -> t -> t -> t every exponential(mean 10 s) }
allocation a { c on n x 3 limit t to 2 }
optimize { horizon 2 h warmup 10 min }`]
];

describe('structural edge cases: finite results in bounded time', () => {
    test.each(structural)('%s', async (_name, text) => {
        const outcome = await outcomeOf(text);
        expect(outcome.kind).toBe('ran');
        if (outcome.kind !== 'ran') { return; }
        expect(outcome.simulation.events).toBeLessThanOrEqual(EVENT_BUDGET * outcome.simulation.replications);
        expect(outcome.optimization.front.length).toBeGreaterThan(0);
        // A replication stopped by the budget always says so.
        if (outcome.simulation.events >= EVENT_BUDGET * outcome.simulation.replications) {
            expect(outcome.simulation.warnings.join('\n')).toMatch(/event budget/);
        }
    });
});
