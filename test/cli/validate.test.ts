/**
 * `mlops validate` (cli.md): output format, exit codes, every invalid fixture
 * reports exactly the code and line its header announces, every example is
 * clean. In-process through validateFiles, plus the built binary end to end.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { validateFiles } from '../../src/cli/validate.js';
import { Codes } from '../../src/language/validation/codes.js';

async function run(files: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await validateFiles(files, { out: l => out.push(l), err: l => err.push(l) });
    return { code, out, err };
}

const invalidDir = 'test/fixtures/invalid';
const fixtures = readdirSync(invalidDir).filter(f => f.endsWith('.mlops')).sort();

/** `// expect: CODE at LINE` headers of a fixture. */
function expectations(file: string): string[] {
    return [...readFileSync(file, 'utf8').matchAll(/^\/\/ expect: ([a-z-]+) at (\d+)\s*$/gm)].map(m => `${m[1]}@${m[2]}`).sort();
}

describe('invalid fixtures', () => {
    test('there is at least one fixture per code of codes.ts', () => {
        const covered = new Set(fixtures.flatMap(f => expectations(join(invalidDir, f)).map(e => e.split('@')[0])));
        expect([...Object.values(Codes)].filter(c => !covered.has(c))).toEqual([]);
    });

    test.each(fixtures)('%s reports exactly the code and line of its header', async (name) => {
        const file = join(invalidDir, name);
        const expected = expectations(file);
        expect(expected.length).toBeGreaterThan(0);
        const { code, out } = await run([file]);
        const found = out.map(line => {
            const m = /^(.+):(\d+):(\d+): (error|warning) ([a-z-]+): /.exec(line);
            expect(m, line).not.toBeNull();
            return `${m![5]}@${m![2]}`;
        }).sort();
        expect(found).toEqual(expected);
        const anyError = out.some(l => / error /.test(l));
        expect(code).toBe(anyError ? 1 : 0);
    });
});

describe('validateFiles', () => {
    // The retail example's `current` allocation is the naive one the optimizer improves on:
    // its scorer (startup 2 s, deadline 800 ms, not permanent, keepalive 0) cold-starts, and says so.
    const EXPECTED_EXAMPLE_WARNINGS = [`${join('examples', 'retail.mlops')}:52:79: warning cold-start-risk`];

    test('every example is clean: exit 0, no error, only the expected warning', async () => {
        const examples = readdirSync('examples').filter(f => f.endsWith('.mlops')).map(f => join('examples', f));
        expect(examples.length).toBeGreaterThanOrEqual(4);
        const { code, out, err } = await run(examples);
        expect(out.map(l => l.replace(/(warning [a-z-]+): .*/, '$1'))).toEqual(EXPECTED_EXAMPLE_WARNINGS);
        expect(code).toBe(0);
        expect(err.at(-1)).toContain(`${examples.length} files checked: 0 errors, ${EXPECTED_EXAMPLE_WARNINGS.length} warning`);
    });

    test('warnings alone exit 0; the line format is FILE:LINE:COL: severity CODE: message', async () => {
        const { code, out } = await run([join(invalidDir, 'unused-element.mlops')]);
        expect(code).toBe(0);
        expect(out).toEqual([`${join(invalidDir, 'unused-element.mlops')}:5:11: warning unused-element: component spare is unused: no step runs on it`]);
    });

    test('an unreadable file exits 2 but the other files are still checked', async () => {
        const { code, out, err } = await run(['does/not/exist.mlops', join(invalidDir, 'missing-field.mlops')]);
        expect(code).toBe(2);
        expect(err[0]).toBe('mlops: cannot read does/not/exist.mlops: ENOENT');
        expect(out).toHaveLength(1);
        expect(out[0]).toContain('error missing-field');
    });

    test('CRLF line endings: the same lines and columns as with LF', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'mlops-crlf-'));
        const text = 'system s\nserver a { cpu 32 GHz ram 64 price 1 EUR/h }\nserver b { cpu 1 GHz ram 1 GB price 1 EUR/h count 0 }\n';
        writeFileSync(join(dir, 'lf.mlops'), text);
        writeFileSync(join(dir, 'crlf.mlops'), text.replace(/\n/g, '\r\n'));
        const lf = await run([join(dir, 'lf.mlops')]);
        const crlf = await run([join(dir, 'crlf.mlops')]);
        expect(lf.out.map(l => l.replace(/^.*?lf\.mlops:/, ''))).toEqual(['2:27: error missing-unit: ram of server a: 64 has no unit; expected a memory size such as 64 GB (units: GB, MB, GiB, MiB, TB, TiB, KB, KiB)', '3:51: error non-positive: count of server b must be positive, got 0']);
        expect(crlf.out.map(l => l.replace(/^.*?crlf\.mlops:/, ''))).toEqual(lf.out.map(l => l.replace(/^.*?lf\.mlops:/, '')));
    });

    test('a directory is unreadable too', async () => {
        expect((await run(['examples'])).code).toBe(2);
    });
});

describe('the built binary', () => {
    beforeAll(() => {
        execFileSync(process.execPath, ['scripts/build.mjs', '--only=cli'], { stdio: 'inherit' });
    });

    const mlops = (...args: string[]) => spawnSync(process.execPath, ['bin/mlops.cjs', ...args], { encoding: 'utf8', timeout: 60_000 });

    test('mlops validate examples/*.mlops exits 0', () => {
        const files = readdirSync('examples').filter(f => f.endsWith('.mlops')).map(f => join('examples', f));
        const result = mlops('validate', ...files);
        expect(result.stdout).not.toMatch(/: error /);
        expect(result.status).toBe(0);
    });

    test('errors exit 1 with the diagnostics on stdout, never a stack trace', () => {
        const dir = mkdtempSync(join(tmpdir(), 'mlops-validate-'));
        const file = join(dir, 'bad.mlops');
        writeFileSync(file, 'system s\nserver a { cpu 32 GHz ram 64 price 1 EUR/h }\n');
        const result = mlops('validate', file);
        expect(result.status).toBe(1);
        expect(result.stdout).toBe(`${file}:2:27: error missing-unit: ram of server a: 64 has no unit; expected a memory size such as 64 GB (units: GB, MB, GiB, MiB, TB, TiB, KB, KiB)\n`);
        expect(result.stderr).not.toMatch(/\bat .*\.(c?js|ts):\d+/);
    });

    test('no file is bad usage: exit 2', () => {
        const result = mlops('validate');
        expect(result.status).toBe(2);
        expect(result.stderr).toContain("missing required argument 'files'");
    });
});
