/**
 * `mlops validate --format sarif`: the report as a SARIF 2.1.0 log (OASIS),
 * the format code-scanning services of CI systems read to show diagnostics on
 * the lines of the code. One run; one rule per diagnostic code (its id is the
 * code); one result per diagnostic with the file and the region (lines and
 * columns from 1, columns in UTF-16 code units, the end exclusive, as
 * SARIF's default `columnKind` says). File paths inside the working directory
 * are relative URIs on the base id SRCROOT (the working directory), so the
 * log points at the repository's files wherever the repository was checked
 * out; others are absolute file URIs. A file that cannot be read is a
 * tool-execution notification, and the invocation is then unsuccessful.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import type { ValidateJson } from '../schema/index.js';

/** Where the diagnostic codes are explained (docs/language.md, "Checks"). */
const RULES_HELP = 'https://github.com/mlops-tools/mlops-allocation/blob/main/docs/language.md';
const SRCROOT = 'SRCROOT';

/** `missing-unit` -> `MissingUnit` (SARIF's rule names are PascalCase identifiers). */
function ruleName(code: string): string {
    return code.split(/[^A-Za-z0-9]+/).filter(Boolean).map(w => w[0].toUpperCase() + w.slice(1)).join('');
}

/** The artifact location of `file` (a path as given on the command line). */
function artifactLocation(file: string, cwd: string): { uri: string; uriBaseId?: string } {
    const absolute = resolve(cwd, file);
    const inside = relative(cwd, absolute);
    if (inside !== '' && !inside.startsWith('..') && !isAbsolute(inside)) {
        return { uri: inside.split(sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
    }
    return { uri: pathToFileURL(absolute).href };
}

export function toSarif(report: ValidateJson, cwd: string, version?: string): Log {
    const rules: ReportingDescriptor[] = [];
    const ruleIndex = new Map<string, number>();
    const results: Result[] = [];
    for (const entry of report.files) {
        const location = artifactLocation(entry.file, cwd);
        for (const d of entry.diagnostics) {
            let index = ruleIndex.get(d.code);
            if (index === undefined) {
                index = rules.length;
                ruleIndex.set(d.code, index);
                rules.push({ id: d.code, name: ruleName(d.code), helpUri: RULES_HELP });
            }
            results.push({
                ruleId: d.code,
                ruleIndex: index,
                level: d.severity === 'info' ? 'note' : d.severity,
                message: { text: d.message },
                locations: [{
                    physicalLocation: {
                        artifactLocation: location,
                        region: { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn }
                    }
                }]
            });
        }
    }
    const unreadable = report.files.filter(f => !f.readable);
    return {
        $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
        version: '2.1.0',
        runs: [{
            tool: { driver: { name: 'mlops', ...(version ? { version } : {}), informationUri: 'https://github.com/mlops-tools/mlops-allocation', rules } },
            originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(cwd.endsWith(sep) ? cwd : cwd + sep).href } },
            columnKind: 'utf16CodeUnits',
            results,
            invocations: [{
                executionSuccessful: unreadable.length === 0,
                toolExecutionNotifications: unreadable.map(f => ({
                    level: 'error' as const,
                    message: { text: f.error ?? `cannot read ${f.file}` },
                    locations: [{ physicalLocation: { artifactLocation: artifactLocation(f.file, cwd) } }]
                }))
            }]
        }]
    };
}
