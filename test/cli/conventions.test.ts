/**
 * Conventions of the command line (issue 16): `--version`, `-` for standard
 * input wherever a command reads a model (named <stdin> in messages), and a
 * help text per command with defaults, examples and exit codes that names no
 * file a user of the command does not have.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, test } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/model/settings.js';
import { standardInput } from '../../src/cli/stdin.js';
import { runCli } from './helpers.js';
import { DEFAULT_QUEUE, DEFAULT_STALL_SECONDS } from '../../src/opt/index.js';

const MM1 = 'examples/mm1.mlops';
const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
const originalStream = standardInput.stream;

/** Runs the program with `input` as its standard input. */
function withStdin(input: string | Buffer, argv: string[]) {
    standardInput.stream = () => Readable.from([typeof input === 'string' ? Buffer.from(input) : input]);
    return runCli(argv);
}

afterEach(() => { standardInput.stream = originalStream; });

describe('--version', () => {
    test('prints the package version and exits 0', async () => {
        for (const flag of ['--version', '-V']) {
            const r = await runCli([flag]);
            expect(r.code).toBe(0);
            expect(r.out).toBe(`${version}\n`);
        }
        expect((await runCli(['--help'])).out).toMatch(/-V, --version\s+print the version/);
    });
});

describe('help', () => {
    const commands = [['validate'], ['simulate'], ['optimize'], ['fit'], ['compare'], ['import', 'kubernetes'], ['export', 'kubernetes'], ['worker']];

    test.each(commands)('%s %s: examples and exit codes, no file users do not have', async (...command) => {
        const r = await runCli([...command.filter(Boolean), '--help']);
        expect(r.code).toBe(0);
        expect(r.out).toMatch(/\nExamples:\n {2}(\S.*\n {6}\S.*\n)+/);
        expect(r.out).toMatch(/\nExit codes:\n {2}0 {2}\S.*\n {2}1 {2}\S.*\n {2}2 {2}\S.*\n {2}3 {2}internal error/);
        // The examples run the command the help is about (import's start with the kubectl line that makes its input).
        const examples = r.out.split('Examples:\n')[1].split('\n\n')[0].split('\n').filter(l => /^ {2}\S/.test(l));
        expect(examples.filter(l => l.includes(`mlops ${command.filter(Boolean).join(' ')} `)).length).toBeGreaterThanOrEqual(Math.min(2, examples.length));
        // Neither the shared spec (cli.md) nor any page of the repository's docs/.
        expect(r.out).not.toMatch(/\.md\b|docs\//);
    });

    test('the program\'s help: examples, exit codes, `-` for standard input', async () => {
        const r = await runCli(['--help']);
        expect(r.out).toMatch(/FILE may be - for standard input/);
        expect(r.out).toMatch(/Examples:/);
        expect(r.out).toMatch(/Exit codes:\n {2}0 /);
        expect(r.out).not.toMatch(/\.md\b/);
    });

    test('the defaults of the settings a file can also set are the ones used', async () => {
        const simulate = (await runCli(['simulate', '--help'])).out.replace(/\s+/g, ' ');
        expect(DEFAULT_SETTINGS.horizonSeconds).toBe(24 * 3600);
        expect(simulate).toContain('--horizon <time> simulated time per replication, e.g. 12h (default: the file\'s optimize block, else 24 h)');
        expect(simulate).toContain(`(default: the file's optimize block, else ${DEFAULT_SETTINGS.warmupSeconds / 3600} h)`);
        expect(simulate).toContain(`--replications <n> independent replications (default: the file's optimize block, else ${DEFAULT_SETTINGS.replications})`);
        expect(simulate).toContain(`(default: the file's optimize block, else ${DEFAULT_SETTINGS.seed})`);
        const optimize = (await runCli(['optimize', '--help'])).out.replace(/\s+/g, ' ');
        expect(optimize).toContain(`else ${DEFAULT_SETTINGS.population}, or one per 8 evaluations`);
        expect(optimize).toMatch(/--timeout <time> .*60 s when no stopping rule is set/);
        expect(optimize).toMatch(/--workers <n> evaluation threads \(default 0: one per CPU core/);
        // Distributed evaluation (docs/distributed.md): the defaults the code uses.
        expect(optimize).toMatch(/--redis <url> .*\(default: none, local threads\)/);
        expect(optimize).toContain(`--queue <name> name of the BullMQ queue; optimize and its workers must use the same (default: ${DEFAULT_QUEUE})`);
        const worker = (await runCli(['worker', '--help'])).out.replace(/\s+/g, ' ');
        expect(worker).toMatch(/--concurrency <n> .*\(default 0: one per CPU core/);
        expect(worker).toContain(`(default: ${DEFAULT_STALL_SECONDS})`);
        expect(worker).toContain(`(default: ${DEFAULT_QUEUE})`);
    });
});

describe('- reads standard input', () => {
    const model = readFileSync(MM1, 'utf8');
    const numbers = (out: string) => ({ ...JSON.parse(out) as object, wallSeconds: 0 });

    test('validate and simulate give what they give for the file', async () => {
        const fromFile = await runCli(['simulate', MM1, '--json', '--replications', '2', '--horizon', '1h']);
        const fromStdin = await withStdin(model, ['simulate', '-', '--json', '--replications', '2', '--horizon', '1h']);
        expect(fromStdin.code, fromStdin.err).toBe(0);
        expect(numbers(fromStdin.out)).toEqual(numbers(fromFile.out));
        const validate = await withStdin(model, ['validate', '-']);
        expect(validate.code).toBe(0);
        expect(validate.err).toMatch(/1 file checked: 0 errors/);
    });

    test('errors are located at <stdin>', async () => {
        const broken = model.replace(/deadline/, 'dedline');
        const validate = await withStdin(broken, ['validate', '-']);
        expect(validate.code).toBe(1);
        expect(validate.out).toMatch(/^<stdin>:\d+:\d+: error /m);
        const simulate = await withStdin(broken, ['simulate', '-']);
        expect(simulate.code).toBe(1);
        expect(simulate.err).toMatch(/^<stdin>:\d+:\d+: error /m);
        const unknown = await withStdin(model, ['simulate', '-', '--allocation', 'nope']);
        expect(unknown.code).toBe(1);
        expect(unknown.err).toMatch(/^<stdin>: no allocation named 'nope'/m);
        const notUtf8 = await withStdin(Buffer.concat([Buffer.from('// caf'), Buffer.from([0xe9]), Buffer.from('\n' + model)]), ['validate', '-']);
        expect(notUtf8.out).toMatch(/^<stdin>:1:7: error not-utf8: byte 0xE9/m);
    });

    test('a file and - together; - twice is bad usage; optimize --write refuses -', async () => {
        const both = await withStdin(model, ['validate', MM1, '-']);
        expect(both.code).toBe(0);
        expect(both.err).toMatch(/2 files checked/);
        const twice = await withStdin(model, ['validate', '-', '-']);
        expect(twice.code).toBe(2);
        expect(twice.err).toMatch(/standard input \(-\) can be read only once/);
        const write = await withStdin(model, ['optimize', '-', '--write']);
        expect(write.code).toBe(2);
        expect(write.err).toMatch(/--write needs a model file/);
    });

    test('optimize, export, compare, import and fit read it too', async () => {
        const optimize = await withStdin(model, ['optimize', '-', '--generations', '1', '--population', '4', '--replications', '1', '--horizon', '30min', '--warmup', '0', '--workers', '1', '--json']);
        expect(optimize.code, optimize.err).toBe(0);
        expect((JSON.parse(optimize.out) as { front: unknown[] }).front.length).toBeGreaterThan(0);

        const compare = await withStdin(model, ['compare', '-', '--observed', '/dev/null/none.json']);
        expect(compare.code).toBe(2);
        expect(compare.err).toMatch(/cannot read \/dev\/null\/none\.json/);
        const observedTwice = await withStdin(model, ['compare', '-', '--observed', '-']);
        expect(observedTwice.code).toBe(2);

        const imported = await withStdin(readFileSync('test/fixtures/k8s/nodes.yaml'), ['import', 'kubernetes', '-', 'test/fixtures/k8s/workloads.yaml']);
        expect(imported.out).toMatch(/^system /m);
        const exportDir = mkdtempSync(join(tmpdir(), 'mlops-stdin-'));
        const exported = await withStdin(model, ['export', 'kubernetes', '-', '-o', exportDir]);
        expect(exported.code, exported.err).toBe(0);
        expect(readdirSync(exportDir).length).toBeGreaterThan(0);

        const fit = await withStdin('[0.1, 0.2, 0.15, 0.12, 0.3, 0.11, 0.19, 0.25]', ['fit', '-', '--speed', '1GHz']);
        expect(fit.code, fit.err).toBe(0);
        expect(fit.out).toMatch(/best: /);
        const badSamples = await withStdin('[0.1, "x"]', ['fit', '-']);
        expect(badSamples.code).toBe(2);
        expect(badSamples.err).toMatch(/^<stdin>:1:/m);
    });
});

test('the real command reads a pipe', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'validate', '-'], { input: 'system x\nfoo\n', encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^<stdin>:2:1: error syntax-error: /m);
}, 60_000);
