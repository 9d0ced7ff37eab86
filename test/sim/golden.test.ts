/**
 * Golden outputs: `simulate` on every example, every fixture that validates,
 * and the engine-exercising models of test/sim/golden/models, for each of their
 * allocations and the first-fit baseline, must give the stored outputs bit for
 * bit (wallSeconds and the warnings' wording excluded): through the in-process API, through the built
 * command `node bin/mlops.cjs simulate --json`, and with the engine's
 * single-instance fast paths switched off. Speed work changes no number.
 *
 * The goldens live in test/sim/golden/*.json. When a change alters the numbers
 * on purpose, regenerate them and say so in the commit:
 *     UPDATE_GOLDEN=1 npx vitest run test/sim/golden.test.ts
 */
import { spawnSync, execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { loadModel } from '../../src/language/load.js';
import { firstFit } from '../../src/model/first-fit.js';
import { resolveSettings } from '../../src/model/settings.js';
import type { Model } from '../../src/model/types.js';
import { engineSwitches } from '../../src/sim/engine.js';
import { createSimulator, SimulationInputError } from '../../src/sim/index.js';

const UPDATE = process.env.UPDATE_GOLDEN === '1';
const GOLDEN_DIR = 'test/sim/golden';
const SOURCES = ['examples', 'test/fixtures/invalid', 'test/fixtures/crashers', `${GOLDEN_DIR}/models`];

interface GoldenFile {
    /** Allocation name -> outputs; absent allocations cannot be simulated (the message is kept instead). */
    cases: Record<string, { inProcess: unknown; cli: unknown } | { refused: string }>;
}

/**
 * Every number exactly: JSON keeps finite doubles round-trip exact (the
 * shortest text that reads back as the same bits); -0, NaN and the infinities
 * are spelled out as strings.
 */
function exact(value: unknown): unknown {
    return JSON.parse(JSON.stringify(value, (_key, v: unknown) => {
        if (typeof v !== 'number') { return v; }
        if (Object.is(v, -0)) { return '-0'; }
        return Number.isFinite(v) ? v : String(v);
    }));
}

/** The printed JSON, wallSeconds excluded (the CLI prints non-finite numbers as null). */
function cliOutput(stdout: string): unknown {
    const json = JSON.parse(stdout) as Record<string, unknown>;
    json.wallSeconds = 'excluded';
    return exact(json);
}

function goldenPath(file: string): string {
    return join(GOLDEN_DIR, `${file.replace(/\//g, '_').replace(/\.mlops$/, '')}.json`);
}

/** The .mlops files that validate without errors, each with its model. */
async function validFiles(): Promise<{ file: string; model: Model }[]> {
    const files: { file: string; model: Model }[] = [];
    for (const dir of SOURCES) {
        for (const name of readdirSync(dir).filter(n => n.endsWith('.mlops')).sort()) {
            const file = `${dir}/${name}`;
            const { model } = await loadModel(readFileSync(file, 'utf8'));
            if (model) { files.push({ file, model }); }
        }
    }
    return files;
}

function allocationsOf(model: Model): string[] {
    return [...model.allocations.map(a => a.name), ...(firstFit(model).unplaced.length === 0 ? ['first-fit'] : [])];
}

function simulateInProcess(model: Model, allocation: string): unknown {
    const alloc = allocation === 'first-fit' ? firstFit(model).allocation : model.allocations.find(a => a.name === allocation)!;
    const result = createSimulator(model, resolveSettings(model)).simulate(alloc);
    // Warnings are text that other changes reword; the numbers are what must not move.
    return exact({ ...result, wallSeconds: 'excluded', warnings: 'excluded' });
}

/**
 * The command as a user runs it: bin/mlops.cjs and its bundle, built into a
 * directory of this test's own (other tests rebuild out/ while this one runs).
 */
function buildCli(): string {
    const root = mkdtempSync(join(tmpdir(), 'mlops-golden-'));
    for (const link of ['src', 'node_modules']) { symlinkSync(resolve(link), join(root, link)); }
    mkdirSync(join(root, 'bin'));
    copyFileSync('bin/mlops.cjs', join(root, 'bin', 'mlops.cjs'));
    execFileSync(process.execPath, [resolve('scripts/build.mjs'), '--only=cli'], { cwd: root, stdio: 'inherit' });
    return join(root, 'bin', 'mlops.cjs');
}

let files: { file: string; model: Model }[] = [];
let cli = '';

beforeAll(async () => {
    files = await validFiles();
    cli = buildCli();
}, 120_000);

afterEach(() => { engineSwitches.singleInstanceFastPaths = true; });

describe('simulate gives the stored outputs bit for bit', () => {
    test('the set of simulated files is the stored one', () => {
        const stored = readdirSync(GOLDEN_DIR).filter(n => n.endsWith('.json')).sort();
        const expected = files.map(f => basename(goldenPath(f.file))).sort();
        if (UPDATE) { return; }
        expect(stored).toEqual(expected);
        expect(files.length).toBeGreaterThanOrEqual(8);
    });

    test('in process, through the CLI, and without the single-instance fast paths', () => {
        let compared = 0;
        for (const { file, model } of files) {
            const golden: GoldenFile = { cases: {} };
            for (const allocation of allocationsOf(model)) {
                let inProcess: unknown;
                try {
                    inProcess = simulateInProcess(model, allocation);
                } catch (error) {
                    if (!(error instanceof SimulationInputError)) { throw error; }
                    golden.cases[allocation] = { refused: error.message };
                    continue;
                }
                const run = spawnSync(process.execPath, [cli, 'simulate', file, '--json', '--allocation', allocation], { encoding: 'utf8', timeout: 120_000 });
                expect(run.status, `${file} ${allocation}: ${run.stderr}`).toBe(0);
                golden.cases[allocation] = { inProcess, cli: cliOutput(run.stdout) };
            }
            const path = goldenPath(file);
            if (UPDATE) {
                mkdirSync(dirname(path), { recursive: true });
                writeFileSync(path, JSON.stringify(golden, null, 1) + '\n');
                continue;
            }
            expect(existsSync(path), `${path} missing: regenerate the goldens (see the header of this file)`).toBe(true);
            const stored = JSON.parse(readFileSync(path, 'utf8')) as GoldenFile;
            expect(Object.keys(golden.cases), file).toEqual(Object.keys(stored.cases));
            for (const [allocation, outputs] of Object.entries(golden.cases)) {
                expect(outputs, `${file}, allocation ${allocation}`).toStrictEqual(stored.cases[allocation]);
                compared++;
            }
            // The general paths of the engine for machines with one instance: identical to the fast paths.
            engineSwitches.singleInstanceFastPaths = false;
            for (const [allocation, outputs] of Object.entries(stored.cases)) {
                if ('inProcess' in outputs) {
                    expect(simulateInProcess(model, allocation), `${file}, allocation ${allocation}, fast paths off`).toStrictEqual(outputs.inProcess);
                }
            }
            engineSwitches.singleInstanceFastPaths = true;
        }
        if (!UPDATE) { expect(compared).toBeGreaterThanOrEqual(15); }
    }, 600_000);
});
