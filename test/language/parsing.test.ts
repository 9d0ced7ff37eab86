/**
 * Parsing every construct of the language: each element and field, units
 * converted to base units, each distribution, names, comments and labels.
 * Values are checked against hand-computed base units.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { clearDocuments, parseHelper } from 'langium/test';
import { EmptyFileSystem } from 'langium';
import { createMlopsServices } from '../../src/language/mlops-module.js';
import type * as ast from '../../src/language/generated/ast.js';
import { loadModel, parseModel } from '../../src/language/load.js';

const services = createMlopsServices(EmptyFileSystem);
const parse = parseHelper<ast.Model>(services.Mlops);
afterEach(() => clearDocuments(services.shared));

const FULL = `
// line comment
/* block
   comment */
system full label "Full system"

/** A server with every field. */
server big {
    label "Big server"
    cpu 24000 MHz
    gpu 500000 GOPS
    ram 2 TiB
    net in 800 Kbps out 2 Gb/s
    price 36 CHF/h
    count 3
}
server small { cpu 8 GHz ram 16 GB price 0.6 CHF/min }

component store { label "Store" idle cpu 500 MHz ram 256 MiB permanent startup 1.5 min }
component worker { }

step a { runs on store cpu 2 GHz*min gpu 3 TOPS*min ram 1 KB net in 500 Kbps out 1 Gbps threads 2 }
step b { runs on worker cpu constant(30 MHz*s) gpu 0.5 TOPS*h }
step c { runs on worker cpu exponential(mean 1 GHz*h) }
step d { runs on worker cpu uniform(1 GHz*s, 3 GHz*s) }
step e { runs on worker cpu normal(mean 10 GHz*s, sd 2 GHz*s) }
step f { runs on worker cpu lognormal(mean 4 GHz*s, cv 0.5) }
step g { runs on worker cpu gamma(mean 6 GHz*s, cv 2) }
step h { runs on worker cpu erlang(3, mean 9 GHz*s) gpu 7 TOPS*s }

process p1 {
    label "First"
    steps a->b -> c->d
    every exponential(mean 2 d)
    deadline 7500 ms
    weight time 2 variance 0.25
}
process p2 { steps e -> f -> g -> h -> a every uniform(3600000 ms, 3 h) }

allocation now {
    label "Now"
    store on big x 2 permanent
    worker on small x 1
    worker on big x 1
    limit a to 1
    limit h to 3
}

optimize {
    horizon 12 h warmup 45 min keepalive 30 s timeout 2 min
    replications 3 population 10 generations 7 evaluations 500 stagnation 4 events 1000000 seed 99
    prefer time 1 variance 0.5 violations 3 cost 0
}
`;

describe('parsing every construct', () => {
    test('the full example parses without any diagnostic', async () => {
        const { diagnostics } = await loadModel(FULL);
        expect(diagnostics.map(d => d.message)).toEqual([]);
    });

    test('servers: every field in base units', async () => {
        const m = await parseModel(FULL);
        const big = m.servers[0];
        expect(big).toMatchObject({ name: 'big', label: 'Big server', doc: 'A server with every field.', count: 3 });
        expect(big.cpuGHz).toBeCloseTo(24, 12);
        expect(big.gpuTOPS).toBeCloseTo(500, 9);
        expect(big.ramMB).toBeCloseTo(2 * 1024 ** 4 / 1e6, 6);
        expect(big.netInMbps).toBeCloseTo(0.8, 12);
        expect(big.netOutMbps).toBe(2000);
        expect(big.pricePerSecond).toBeCloseTo(0.01, 12);
        expect(m.servers[1]).toMatchObject({ gpuTOPS: 0, netInMbps: null, netOutMbps: null, count: 1 });
        expect(m.servers[1].pricePerSecond).toBeCloseTo(0.01, 12);
        expect(m.currency).toBe('CHF');
        expect(m.label).toBe('Full system');
    });

    test('components: idle loads, permanent, startup; defaults 0', async () => {
        const m = await parseModel(FULL);
        expect(m.components[0]).toMatchObject({ name: 'store', label: 'Store', permanent: true, startupSeconds: 90 });
        expect(m.components[0].idleCpuGHz).toBeCloseTo(0.5, 12);
        expect(m.components[0].idleRamMB).toBeCloseTo(256 * 1024 * 1024 / 1e6, 9);
        expect(m.components[1]).toMatchObject({ idleCpuGHz: 0, idleRamMB: 0, permanent: false, startupSeconds: 0 });
    });

    test('steps: works, RAM, network, threads', async () => {
        const m = await parseModel(FULL);
        const [a, b] = m.steps;
        expect(a).toMatchObject({ component: 'store', threads: 2, netOutMbps: 1000 });
        expect(a.cpuWorkGHzSeconds).toEqual({ kind: 'constant', value: 120 });
        expect(a.gpuWorkTOPSSeconds).toEqual({ kind: 'constant', value: 180 });
        expect(a.ramMB).toBeCloseTo(0.001, 12);
        expect(a.netInMbps).toBeCloseTo(0.5, 12);
        expect(b.cpuWorkGHzSeconds).toEqual({ kind: 'constant', value: 0.03 });
        expect(b.gpuWorkTOPSSeconds).toEqual({ kind: 'constant', value: 1800 });
        expect(b).toMatchObject({ threads: 1, ramMB: 0, netInMbps: 0, netOutMbps: 0 });
    });

    test('every distribution', async () => {
        const m = await parseModel(FULL);
        const cpu = Object.fromEntries(m.steps.map(s => [s.name, s.cpuWorkGHzSeconds]));
        expect(cpu.c).toEqual({ kind: 'exponential', mean: 3600 });
        expect(cpu.d).toEqual({ kind: 'uniform', min: 1, max: 3 });
        expect(cpu.e).toEqual({ kind: 'normal', mean: 10, sd: 2 });
        expect(cpu.f).toEqual({ kind: 'lognormal', mean: 4, cv: 0.5 });
        expect(cpu.g).toEqual({ kind: 'gamma', mean: 6, cv: 2 });
        expect(cpu.h).toEqual({ kind: 'erlang', k: 3, mean: 9 });
        expect(m.processes[1].everySeconds).toEqual({ kind: 'uniform', min: 3600, max: 10800 });
    });

    test('processes: step chains with and without spaces around ->, weights and defaults', async () => {
        const m = await parseModel(FULL);
        expect(m.processes[0]).toMatchObject({ name: 'p1', label: 'First', steps: ['a', 'b', 'c', 'd'], weightTime: 2, weightVariance: 0.25 });
        expect(m.processes[0].everySeconds).toEqual({ kind: 'exponential', mean: 172800 });
        expect(m.processes[0].deadlineSeconds).toBeCloseTo(7.5, 12);
        expect(m.processes[1]).toMatchObject({ deadlineSeconds: null, weightTime: 1, weightVariance: 1, steps: ['e', 'f', 'g', 'h', 'a'] });
    });

    test('allocations: lines in order, a component on two kinds, permanent, limits', async () => {
        const m = await parseModel(FULL);
        expect(m.allocations).toEqual([{
            name: 'now', label: 'Now',
            placements: [
                { component: 'store', server: 'big', instances: 2, permanent: true },
                { component: 'worker', server: 'small', instances: 1, permanent: false },
                { component: 'worker', server: 'big', instances: 1, permanent: false }
            ],
            limits: { a: 1, h: 3 }
        }]);
    });

    test('optimize: every setting', async () => {
        const m = await parseModel(FULL);
        expect(m.optimize).toEqual({
            horizonSeconds: 43200, warmupSeconds: 2700, keepaliveSeconds: 30, timeoutSeconds: 120,
            replications: 3, population: 10, generations: 7, evaluations: 500, stagnationGenerations: 4,
            maxEvents: 1_000_000, seed: 99, prefer: { time: 1, variance: 0.5, violations: 3, cost: 0 }
        });
    });
});

describe('names, numbers and comments', () => {
    test('keywords of other places are valid names (soft keywords), hyphens continue a name', async () => {
        const m = await parseModel(`system time
server count { cpu 8 GHz ram 8 GB price 1 EUR/h }
component monitor { }
component x { }
step steps { runs on monitor cpu 1 GHz*s }
step to-do { runs on x cpu 1 GHz*s }
process every { steps steps->to-do every exponential(mean 1 min) }
allocation on { monitor on count x 1 x on count x 1 }`);
        expect(m.system).toBe('time');
        expect(m.steps.map(s => s.name)).toEqual(['steps', 'to-do']);
        expect(m.processes[0].steps).toEqual(['steps', 'to-do']);
        expect(m.allocations[0].placements.map(p => [p.component, p.server, p.instances])).toEqual([['monitor', 'count', 1], ['x', 'count', 1]]);
    });

    test('numbers: decimals, leading dot, exponents', async () => {
        const m = await parseModel('system s\nserver a { cpu .5 GHz ram 1.5e3 MB price 2E-2 EUR/s }');
        expect(m.servers[0]).toMatchObject({ cpuGHz: 0.5, ramMB: 1500, pricePerSecond: 0.02 });
    });

    test('a negative number parses (and is then a diagnostic, not a syntax error)', async () => {
        const doc = await parse('system s\nserver a { cpu -4 GHz ram 1 GB price 1 EUR/s }');
        expect(doc.parseResult.parserErrors).toEqual([]);
        expect((doc.parseResult.value.elements[0] as ast.Server).cpu!.value).toBe(-4);
    });

    test('a quantity without unit parses, so that the missing unit is a diagnostic with a quick fix', async () => {
        const doc = await parse('system s\nserver a { cpu 4 ram 1 GB price 1 EUR/s }');
        expect(doc.parseResult.parserErrors).toEqual([]);
        const cpu = (doc.parseResult.value.elements[0] as ast.Server).cpu!;
        expect(cpu.value).toBe(4);
        expect(cpu.unit).toBeUndefined();
    });

    test('a label may hold any characters, with escaped quotes', async () => {
        const m = await parseModel('system s label "Größe \\"A\\" / {x} // not a comment"\nserver a { cpu 4 GHz ram 1 GB price 1 EUR/s }');
        expect(m.label).toBe('Größe "A" / {x} // not a comment');
    });
});

describe('doc comments', () => {
    test('the one-pass doc comments agree with Langium\'s CommentProvider on every element of the examples', async () => {
        const { readFileSync, readdirSync } = await import('node:fs');
        const { docComments } = await import('../../src/language/model-builder.js');
        for (const file of readdirSync('examples').filter(f => f.endsWith('.mlops'))) {
            const doc = await parse(readFileSync(`examples/${file}`, 'utf8'));
            const root = doc.parseResult.value;
            const fast = docComments(root);
            for (const element of root.elements) {
                expect(fast.get(element), `${file}: ${element.$type}`).toBe(services.Mlops.documentation.CommentProvider.getComment(element));
            }
            expect(fast.size, file).toBeGreaterThanOrEqual(file === 'retail.mlops' ? 8 : 0);
        }
    });

    test('a line comment between the doc comment and the element detaches it', async () => {
        const m = await parseModel('system s\n/** doc */\n// note\nserver a { cpu 1 GHz ram 1 GB price 1 EUR/h }\n/** kept */ server b { cpu 1 GHz ram 1 GB price 1 EUR/h }');
        expect(m.servers.map(s => s.doc)).toEqual([undefined, 'kept']);
    });
});
