/** `mlops compare` on the command line: the table with flags, JSON, and errors in the observations file. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runCli } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'mlops-compare-'));
const model = join(dir, 'mm1.mlops');
writeFileSync(model, `system mm1
server s { cpu 1 GHz ram 1 GB price 0 USD/h }
component c {}
step work { runs on c cpu exponential(mean 0.5 GHz*s) }
process p { steps work every exponential(mean 1 s) deadline 3 s }
allocation current { c on s x 1 permanent }
optimize { horizon 2 h warmup 10 min replications 6 seed 5 }
`);

test('prints simulated vs observed per quantity and flags a far-off observation', async () => {
    const observed = join(dir, 'obs.json');
    writeFileSync(observed, JSON.stringify({ processes: { p: { p50: '693ms', p99: '9s', throughput: '60/min', withinDeadline: '95%' } } }));
    const r = await runCli(['compare', model, '--observed', observed]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/allocation current: 6 replications/);
    expect(r.out).toMatch(/^p\s+p99\s.*\s9 s\s.*OUTSIDE$/m);
    expect(r.out).toMatch(/^p\s+throughput\s/m);
    const json = await runCli(['compare', model, '--observed', observed, '--json']);
    const parsed = JSON.parse(json.out) as { rows: { quantity: string; outside: boolean }[] };
    expect(parsed.rows.find(x => x.quantity === 'p99')!.outside).toBe(true);
});

test('an observations file naming an unknown process: file, line, field; exit 2', async () => {
    const observed = join(dir, 'bad.json');
    writeFileSync(observed, '{\n  "processes": {\n    "scoring": { "p50": 0.1 }\n  }\n}\n');
    const r = await runCli(['compare', model, '--observed', observed]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${observed}:3:5: error: processes.scoring: no process 'scoring' in the model (processes: p)`);
});
