/** `mlops import kubernetes` and `mlops export kubernetes` on the command line: files written, round trip, nothing written on error. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { parseModel } from '../../src/language/load.js';
import { toMatrix } from '../../src/model/allocation.js';
import { FIXTURES } from '../platform/k8s-helpers.js';
import { runCli } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'mlops-k8s-'));
const inputs = ['nodes.yaml', 'workloads.yaml', 'extras.yaml'].map(f => join(FIXTURES, f));

test('import writes a model that loads; export of it, imported again, gives the same allocation', async () => {
    const model = join(dir, 'cluster.mlops');
    const imported = await runCli(['import', 'kubernetes', ...inputs, '-o', model]);
    expect(imported.code, imported.err).toBe(0);
    expect(imported.err).toMatch(/note: .*Service serving\/scorer: not mapped/);
    expect(imported.err).toMatch(/warning unused-element/);
    const first = await parseModel(readFileSync(model, 'utf8'));

    const out = join(dir, 'manifests');
    const exported = await runCli(['export', 'kubernetes', model, '-o', out]);
    expect(exported.code, exported.err).toBe(0);
    expect(readdirSync(out).length).toBe(12);

    const again = await runCli(['import', 'kubernetes', inputs[0], ...readdirSync(out).map(f => join(out, f))]);
    expect(again.code, again.err).toBe(0);
    const second = await parseModel(again.out);
    expect(toMatrix(second.allocations[0])).toEqual(toMatrix(first.allocations[0]));
});

test('export --base writes a Kustomize overlay whose patches name files it wrote', async () => {
    const model = join(dir, 'overlay.mlops');
    expect((await runCli(['import', 'kubernetes', ...inputs, '-o', model])).code).toBe(0);
    const out = join(dir, 'overlay');
    const r = await runCli(['export', 'kubernetes', model, '--base', FIXTURES, '-o', out]);
    expect(r.code, r.err).toBe(0);
    const kustomization = readFileSync(join(out, 'kustomization.yaml'), 'utf8');
    for (const m of kustomization.matchAll(/path: (\S+)/g)) {
        expect(existsSync(join(out, m[1])), m[1]).toBe(true);
    }
    expect(existsSync(join(out, 'base', 'kustomization.yaml'))).toBe(true);
});

test('a YAML error names the file, line and field, and nothing is written', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  replicas: two\n  template:\n    spec:\n      containers: [{name: a}]\n');
    const target = join(dir, 'never.mlops');
    const r = await runCli(['import', 'kubernetes', inputs[0], bad, '-o', target]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${bad}:6:13: error: spec.replicas: expected a whole number >= 0, got "two"`);
    expect(existsSync(target)).toBe(false);
});

test('export of a model with errors writes nothing', async () => {
    const model = join(dir, 'broken.mlops');
    writeFileSync(model, 'system s\nserver n { cpu 1 GHz }\n');
    const out = join(dir, 'none');
    const r = await runCli(['export', 'kubernetes', model, '-o', out]);
    expect(r.code).toBe(1);
    expect(existsSync(out)).toBe(false);
});

test('an input that is not UTF-8 is refused with its line, and nothing is written', async () => {
    const bad = join(dir, 'latin1.yaml');
    writeFileSync(bad, Buffer.concat([Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    const target = join(dir, 'never2.mlops');
    const r = await runCli(['import', 'kubernetes', bad, '-o', target]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${bad}:4:12: error: not UTF-8 text (byte 0xe9)`);
    expect(existsSync(target)).toBe(false);
});
