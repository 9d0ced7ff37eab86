#!/usr/bin/env node
/**
 * `node scripts/golden-diff.mjs REV [--new FIELD,...]`: compares the
 * simulator goldens of the working tree (test/sim/golden/*.json) with those of
 * git revision REV, and prints every value that differs, except fields listed
 * with --new, which may be added (present in the working tree only). Exit
 * code 0 when no stored value changed and nothing was removed, 1 otherwise.
 *
 * Use after regenerating the goldens for a change that adds fields on
 * purpose, to show that no existing number moved:
 *     node scripts/golden-diff.mjs main --new timeParts,steps
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const DIR = 'test/sim/golden';
const rev = process.argv[2];
if (!rev || rev.startsWith('--')) {
    process.stderr.write('usage: node scripts/golden-diff.mjs REV [--new FIELD,...]\n');
    process.exit(2);
}
const at = process.argv.indexOf('--new');
const added = new Set(at >= 0 ? process.argv[at + 1].split(',') : []);

const differences = [];
let values = 0;

function compare(before, after, path) {
    if (typeof before !== 'object' || before === null || typeof after !== 'object' || after === null) {
        values++;
        if (!Object.is(before, after)) { differences.push(`${path}: ${JSON.stringify(before)} -> ${JSON.stringify(after)}`); }
        return;
    }
    if (Array.isArray(before) !== Array.isArray(after)) { differences.push(`${path}: array/object changed`); return; }
    for (const key of Object.keys(before)) {
        if (!(key in after)) { differences.push(`${path}.${key}: removed`); continue; }
        compare(before[key], after[key], `${path}.${key}`);
    }
    for (const key of Object.keys(after)) {
        if (!(key in before) && !added.has(key)) { differences.push(`${path}.${key}: added (not named with --new)`); }
    }
}

const files = readdirSync(DIR).filter(n => n.endsWith('.json')).sort();
const listed = execFileSync('git', ['ls-tree', '--name-only', `${rev}:${DIR}`], { encoding: 'utf8' }).split('\n').filter(n => n.endsWith('.json'));
for (const name of listed) {
    if (!files.includes(name)) { differences.push(`${name}: removed`); }
}
for (const name of files) {
    if (!listed.includes(name)) { process.stdout.write(`${name}: new golden (not in ${rev})\n`); continue; }
    const before = JSON.parse(execFileSync('git', ['show', `${rev}:${DIR}/${name}`], { encoding: 'utf8', maxBuffer: 1 << 28 }));
    const after = JSON.parse(readFileSync(`${DIR}/${name}`, 'utf8'));
    compare(before, after, name);
}
for (const d of differences) { process.stdout.write(`${d}\n`); }
process.stdout.write(`${files.length} goldens, ${values} stored values compared with ${rev}: ${differences.length} differences\n`);
process.exit(differences.length > 0 ? 1 : 0);
