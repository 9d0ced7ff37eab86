/** `mlops simulate` on a model with failing machines: the availability table and JSON fields (docs/cli.md). */
import { describe, expect, test } from 'vitest';
import { runCli } from '../cli/helpers.js';
import { schemaErrors } from '../schema/ajv.js';

const FILE = 'test/sim/golden/models/failures.mlops';
const SHORT = ['--horizon', '1h', '--warmup', '5min', '--replications', '2', '--allocation', 'bare'];

describe('simulate with failures', () => {
    test('the table has a row of availability per process and the number of machine failures', async () => {
        const { code, out } = await runCli(['simulate', FILE, ...SHORT]);
        expect(code).toBe(0);
        expect(out).toMatch(/^process\s+runs in time\s+time available\s+95% CI$/m);
        expect(out).toMatch(/^request\s+\d+\.\d{3}%\s+\d+\.\d{3}%\s+\d+\.\d{3}% \.\. \d+\.\d{3}%$/m);
        expect(out).toMatch(/^\d+ machine failures over 2 replications$/m);
    });

    test('--json carries availability per process and machineFailures, valid against the published schema', async () => {
        const { code, out } = await runCli(['simulate', FILE, ...SHORT, '--json']);
        expect(code).toBe(0);
        const json = JSON.parse(out) as { machineFailures: number; processes: { availability: { runs: number; time: number; timeCI: number[] } }[] };
        expect(schemaErrors('simulate.schema.json', json)).toEqual([]);
        expect(json.machineFailures).toBeGreaterThan(0);
        for (const p of json.processes) {
            expect(p.availability.time).toBeGreaterThan(0.5);
            expect(p.availability.time).toBeLessThanOrEqual(1);
            expect(p.availability.timeCI[0]).toBeLessThanOrEqual(p.availability.time);
            expect(p.availability.timeCI[1]).toBeLessThanOrEqual(1);
        }
    });
});
