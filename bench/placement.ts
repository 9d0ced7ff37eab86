/**
 * `npm run bench:placement`: figures of the placement rules
 * (src/model/placement-rules.ts) and of the evaluation-cache keys
 * (src/opt/genotype-map.ts), on the generated 30 x 10 x 12 model of
 * bench/models.ts. Figures go to docs/benchmarks.md (## Placement rules).
 *
 * 1. Valid random genotypes refused by the simulator (issue 11: 0.17% before
 *    the one spreading implementation; it must be 0).
 * 2. Cache keys: string keys (genotypeKey) vs GenotypeMap hash keys, the same
 *    lookups and inserts in the same run, alternated, median of 5 rounds.
 * 3. The optimizer's fit check on a kind of 3000 machines with 10 000 instances.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseModel } from '../src/language/load.js';
import { columnHolds } from '../src/model/placement-rules.js';
import { createSpace, genotypeKey, toAllocation, type Genotype } from '../src/opt/genotype.js';
import { GenotypeMap } from '../src/opt/genotype-map.js';
import { randomGenotype } from '../src/opt/operators.js';
import { isValid, repair } from '../src/opt/repair.js';
import { Rng } from '../src/opt/rng.js';
import { prepareModel } from '../src/sim/prepared.js';
import { layoutAllocation } from '../src/sim/layout.js';
import { generatedModelText } from './models.js';

function machine(): string {
    const cpus = os.cpus();
    return `${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, node ${process.version}, load average ${os.loadavg().map(x => x.toFixed(1)).join(' ')}`;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
    console.log(`machine: ${machine()}`);
    const model = await parseModel(generatedModelText({ components: 30, serverKinds: 10, processes: 12, seed: 1 }));
    const space = createSpace(model);
    const prep = prepareModel(model);
    const rng = new Rng(11);

    // 1. Valid genotypes the simulator refuses.
    const genotypes: Genotype[] = [];
    let valid = 0, refused = 0;
    for (let i = 0; i < 10_000; i++) {
        const raw = randomGenotype(space, rng);
        const g = isValid(space, raw) ? raw : repair(space, raw, rng);
        if (!g || !isValid(space, g)) { continue; }
        valid++;
        genotypes.push(g);
        try { layoutAllocation(prep, toAllocation(space, g)); } catch { refused++; }
    }
    console.log(`valid random genotypes (30 x 10 x 12 model, 10 000 drawn, repaired when invalid): ${valid}, refused by the simulator: ${refused} (${(100 * refused / Math.max(1, valid)).toFixed(3)}%)`);

    // 2. Cache keys: the same inserts and lookups (every genotype looked up 4 times).
    const stringRound = () => {
        const t = performance.now();
        const map = new Map<string, number>();
        for (let r = 0; r < 4; r++) {
            for (let i = 0; i < genotypes.length; i++) {
                const key = genotypeKey(genotypes[i]);
                if (!map.has(key)) { map.set(key, i); }
            }
        }
        return { ms: performance.now() - t, size: map.size };
    };
    const hashRound = () => {
        const t = performance.now();
        const map = new GenotypeMap<number>();
        for (let r = 0; r < 4; r++) {
            for (let i = 0; i < genotypes.length; i++) {
                if (!map.has(genotypes[i])) { map.set(genotypes[i], i); }
            }
        }
        return { ms: performance.now() - t, size: map.size };
    };
    const strings: number[] = [], hashes: number[] = [];
    let sizes = '';
    for (let round = 0; round < 5; round++) {
        const a = stringRound(), b = hashRound();
        strings.push(a.ms);
        hashes.push(b.ms);
        sizes = `${a.size} = ${b.size}`;
    }
    const ops = 4 * genotypes.length;
    console.log(`cache keys, ${ops} lookups of ${space.C} x ${space.S} genotypes (distinct: ${sizes}): string keys ${median(strings).toFixed(1)} ms, hash keys ${median(hashes).toFixed(1)} ms (median of 5, alternated)`);

    // 3. Fit check of one big column.
    const big = await parseModel(`system big
server node { cpu 16 GHz ram 64 GB price 1 EUR/h count 3000 }
component api { idle cpu 0.1 GHz ram 100 MB }
step handle { runs on api cpu exponential(mean 1 GHz*s) }
process requests { steps handle every exponential(mean 1 s) }
`);
    const times: number[] = [];
    for (let round = 0; round < 5; round++) {
        const t = performance.now();
        columnHolds(big, big.servers[0], () => 10_000);
        times.push(performance.now() - t);
    }
    console.log(`fit check of one kind, 3000 machines, 10 000 instances: ${median(times).toFixed(2)} ms (median of 5)`);
}

void main();
