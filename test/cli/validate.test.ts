/**
 * `mlops validate` (cli.md): output format, exit codes, every invalid fixture
 * reports exactly the code and line its header announces, every example is
 * clean. In-process through validateFiles, plus the built binary end to end.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import type { Log as SarifLog } from 'sarif';
import { beforeAll, describe, expect, test } from 'vitest';
import type { ValidateJson } from '../../src/schema/index.js';
import { sarifSchemaErrors } from './sarif-schema.js';
import { validateFiles, type ValidateFormat } from '../../src/cli/validate.js';
import { standardInput } from '../../src/cli/stdin.js';
import { Codes } from '../../src/language/validation/codes.js';

async function run(files: string[], format: ValidateFormat = 'text'): Promise<{ code: number; out: string[]; err: string[] }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await validateFiles(files, { out: l => out.push(l), err: l => err.push(l) }, format);
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

describe('validate --format json and sarif', () => {
    const files = [...readdirSync('examples').filter(f => f.endsWith('.mlops')).map(f => join('examples', f)), ...fixtures.map(f => join(invalidDir, f))];

    /** The text format's lines, as [file, line, column, severity, code, message]. */
    async function textDiagnostics(): Promise<string[][]> {
        return (await run(files)).out.map(l => /^(.+?):(\d+):(\d+): (\w+) ([a-z0-9-]+): (.*)$/.exec(l)!.slice(1));
    }

    test('json: the same diagnostics, exit code and summary as text, with the end of each range', async () => {
        const text = await run(files);
        const json = await run(files, 'json');
        expect(json.code).toBe(text.code);
        expect(json.err).toEqual(text.err);
        expect(json.out).toHaveLength(1);
        const report = JSON.parse(json.out[0]) as ValidateJson;
        expect(report.files.map(f => f.file)).toEqual(files);
        const flat = report.files.flatMap(f => f.diagnostics.map(d => [f.file, String(d.line), String(d.column), d.severity, d.code, d.message]));
        expect(flat).toEqual(await textDiagnostics());
        for (const d of report.files.flatMap(f => f.diagnostics)) {
            expect(d.endLine * 1e6 + d.endColumn).toBeGreaterThanOrEqual(d.line * 1e6 + d.column);
        }
        expect(report.errors).toBe(flat.filter(d => d[3] === 'error').length);
        expect(report.warnings).toBe(flat.filter(d => d[3] === 'warning').length);
    });

    test('json: an unreadable file is listed with its reason; exit 2', async () => {
        const { code, out } = await run(['does/not/exist.mlops', join(invalidDir, 'missing-field.mlops')], 'json');
        expect(code).toBe(2);
        const report = JSON.parse(out[0]) as ValidateJson;
        expect(report.files[0]).toEqual({ file: 'does/not/exist.mlops', readable: false, error: 'cannot read does/not/exist.mlops: ENOENT', diagnostics: [] });
        expect(report.unreadable).toBe(1);
        expect(report.files[1].diagnostics.map(d => d.code)).toEqual(['missing-field']);
    });

    test('sarif: valid against the official SARIF 2.1.0 schema; rule ids are the codes; regions as in the text format', async () => {
        const { code, out } = await run([...files, 'does/not/exist.mlops'], 'sarif');
        expect(code).toBe(2);
        const log = JSON.parse(out[0]) as SarifLog;
        expect(sarifSchemaErrors(log)).toEqual([]);
        expect(log.version).toBe('2.1.0');
        const run0 = log.runs[0];
        const rules = run0.tool.driver.rules!;
        const expected = await textDiagnostics();
        expect(run0.results!.map(r => {
            const loc = r.locations![0].physicalLocation!;
            expect(loc.artifactLocation!.uriBaseId).toBe('SRCROOT');
            expect(rules[r.ruleIndex!].id).toBe(r.ruleId);
            return [decodeURIComponent(loc.artifactLocation!.uri!).split('/').join(sep), String(loc.region!.startLine), String(loc.region!.startColumn),
                r.level === 'note' ? 'info' : r.level!, r.ruleId!, r.message.text!];
        })).toEqual(expected);
        expect(rules.map(r => r.id).sort()).toEqual([...new Set(expected.map(d => d[4]))].sort());
        expect(run0.invocations![0].executionSuccessful).toBe(false);
        expect(run0.invocations![0].toolExecutionNotifications![0].message.text).toBe('cannot read does/not/exist.mlops: ENOENT');
        expect(run0.originalUriBaseIds!.SRCROOT.uri).toBe(pathToFileURL(process.cwd() + sep).href);
    });

    test('sarif: a file outside the working directory gets an absolute file URI; names are percent-encoded', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'mlops sarif-'));
        const file = join(dir, 'bad #1.mlops');
        writeFileSync(file, 'system s\nserver a { cpu 32 GHz ram 64 price 1 EUR/h }\n');
        const { code, out } = await run([file], 'sarif');
        expect(code).toBe(1);
        const log = JSON.parse(out[0]) as SarifLog;
        expect(sarifSchemaErrors(log)).toEqual([]);
        const location = log.runs[0].results![0].locations![0].physicalLocation!;
        expect(location.artifactLocation).toEqual({ uri: pathToFileURL(file).href });
        expect(location.region).toEqual({ startLine: 2, startColumn: 27, endLine: 2, endColumn: 29 });
        expect(log.runs[0].invocations![0].executionSuccessful).toBe(true);
    });

    test('json: standard input is named <stdin>, as in the text format', async () => {
        const original = standardInput.stream;
        standardInput.stream = () => Readable.from([Buffer.from('system s\nserver a { cpu 32 GHz ram 64 price 1 EUR/h }\n')]);
        try {
            const { code, out } = await run(['-'], 'json');
            expect(code).toBe(1);
            const report = JSON.parse(out[0]) as ValidateJson;
            expect(report.files.map(f => [f.file, f.diagnostics.map(d => `${d.code}@${d.line}:${d.column}`)])).toEqual([['<stdin>', ['missing-unit@2:27']]]);
        } finally {
            standardInput.stream = original;
        }
    });

    test('a clean file: an empty result list, still a valid log', async () => {
        const { code, out } = await run([join('examples', 'mm1.mlops')], 'sarif');
        expect(code).toBe(0);
        const log = JSON.parse(out[0]) as SarifLog;
        expect(sarifSchemaErrors(log)).toEqual([]);
        expect(log.runs[0].results).toEqual([]);
        // The schema check is not vacuous: a wrong version or a line 0 is rejected.
        expect(sarifSchemaErrors({ ...log, version: '2.0.0' }).length).toBeGreaterThan(0);
        const lineZero = { ...log.runs[0], results: [{ message: { text: 'x' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'a' }, region: { startLine: 0 } } }] }] };
        expect(sarifSchemaErrors({ ...log, runs: [lineZero] }).length).toBeGreaterThan(0);
    });
});
