/**
 * `npm run bench:simulator [-- --base REV] [-- --quick] [-- --cli-only]`: speed of the
 * simulator, each figure beside the same figure of a revision before the speed
 * work (default BASE_REV below), measured in the same run, alternately.
 *
 * - events/s and customers/s of simulate() on M/M/8 (rho 0.8), on the
 *   generated 30 x 10 x 12 platform of bench/models.ts (its first-fit
 *   allocation, as `mlops simulate` takes for a file without allocation),
 *   once more with the time decomposition (`simulate --explain`; without it,
 *   as `mlops simulate --json` runs) and on the 20 requests/s scoring
 *   platform (its allocation `current`), per CPU
 *   second of the simulating process (the machine is shared; CPU time is the
 *   process's own time), wall time beside;
 * - against SimPy 2 (Debian's python3-simpy, bench/mmc_simpy.py) on M/M/3:
 *   customers per second of the whole command a user runs, `node
 *   bin/mlops.cjs simulate FILE --json` against `python3 bench/mmc_simpy.py`
 *   (wall and CPU time of the command, start-up included, from /usr/bin/time),
 *   and of simulate() in process against SimPy's own timing of its run;
 * - the start-up of that command alone (M/M/3 for 10 simulated seconds). The
 *   CLI's caches (code, and checked models where the side has it) live in a
 *   directory of the run; each side's first command (untimed) writes them,
 *   as a user's first command does. The working tree's command is also
 *   timed on a file edited before each run ("edited": its model cache
 *   misses, as for the first command after an edit).
 *
 * Both sides are built from source here: the working tree, and `git archive
 * BASE_REV` into a temporary directory (node_modules linked). The timed
 * simulations run in child processes that load only src/sim and src/model
 * (bench/simulator-child.ts bundled with each tree's simulator).
 *
 * Targets (issue 18): >= 3 M events/s on the generated and the scoring
 * platforms, >= 5 M events/s on M/M/8, >= 20x SimPy on M/M/3 through the CLI.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import type { ChildCase, ChildTiming } from './simulator-child.js';
import { generatedModelText, scoringModelText } from './models.js';

/** The last revision of main before the speed work of issue 18 (goldens added, engine unchanged). */
const BASE_REV = '3d2bedc';
const QUICK = process.argv.includes('--quick');
/** `--cli-only`: only the commands (start-up, and M/M/3 against SimPy), not the in-process engine figures. */
const CLI_ONLY = process.argv.includes('--cli-only');
const ROUNDS = QUICK ? 1 : 3;
const REPEAT = QUICK ? 1 : 2;
const MM3_HORIZON = QUICK ? 100_000 : 1_000_000;
const SIMPY_ROUNDS = QUICK ? 1 : 2;

function mmc(c: number, lambda: number, mu: number, extra = ''): string {
    return `system mmc
server node { cpu 1 GHz ram 4 GB price 1 EUR/h count ${c} }
component c { }
step s { runs on c cpu exponential(mean ${1 / mu} GHz*s) }
process p { steps s every exponential(mean ${1 / lambda} s) }
allocation a { c on node x ${c} permanent }
${extra}`;
}

function load(): string {
    return os.loadavg().map(x => x.toFixed(2)).join(' ');
}

function argValue(name: string): string | undefined {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
}

interface Side { label: string; child: string; cli: string }

/** A tree's measuring child and its CLI, built into `dir`. */
async function buildSide(label: string, tree: string, dir: string): Promise<Side> {
    mkdirSync(dir, { recursive: true });
    // The child entry of the working tree, compiled against `tree`'s simulator.
    const entry = join(tree, 'bench', `simulator-child.${label}.ts`);
    copyFileSync('bench/simulator-child.ts', entry);
    const child = join(dir, 'child.cjs');
    try {
        await esbuild.build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: child, logLevel: 'warning' });
    } finally {
        execFileSync('rm', ['-f', entry]);
    }
    // bin/mlops.cjs and its bundle, built by the tree's own build script.
    for (const link of ['src', 'node_modules']) { symlinkSync(resolve(tree, link), join(dir, link)); }
    mkdirSync(join(dir, 'bin'));
    copyFileSync(join(tree, 'bin', 'mlops.cjs'), join(dir, 'bin', 'mlops.cjs'));
    execFileSync(process.execPath, [resolve(tree, 'scripts/build.mjs'), '--only=cli'], { cwd: dir, stdio: 'inherit' });
    return { label, child, cli: join(dir, 'bin', 'mlops.cjs') };
}

function runChild(side: Side, cases: ChildCase[], repeat: number): ChildTiming[] {
    const r = spawnSync(process.execPath, [side.child], { input: JSON.stringify({ cases, repeat }), encoding: 'utf8', maxBuffer: 1 << 26 });
    if (r.status !== 0) { throw new Error(`${side.label}: the measuring process failed: ${r.stderr || r.error}`); }
    return JSON.parse(r.stdout.trim().split('\n').pop()!) as ChildTiming[];
}

interface CommandTiming { wall: number; cpu: number; stdout: string }

/**
 * The CLI's code cache (src/cli/boot.ts) goes to a directory of this run, not
 * the user's; each side's first command writes it, untimed (below), as
 * a user's first command does.
 */
const cliEnv = { ...process.env, MLOPS_COMPILE_CACHE: mkdtempSync(join(os.tmpdir(), 'mlops-bench-cc-')) };

/** Wall and CPU seconds (user + system) of a whole command, from /usr/bin/time. */
function timeCommand(command: string, args: string[]): CommandTiming {
    const r = spawnSync('/usr/bin/time', ['-f', 'TIME %e %U %S', command, ...args], { encoding: 'utf8', maxBuffer: 1 << 26, env: cliEnv });
    const m = /TIME ([\d.]+) ([\d.]+) ([\d.]+)/.exec(r.stderr ?? '');
    if (r.status !== 0 || !m) { throw new Error(`${command} ${args.join(' ')} failed: ${r.stderr || r.error}`); }
    return { wall: Number(m[1]), cpu: Number(m[2]) + Number(m[3]), stdout: r.stdout };
}

/** `text` with a comment that differs at every call: a file just edited (the model cache misses). */
let edits = 0;
function edited(file: string, text: string): string {
    writeFileSync(file, `${text}// edit ${++edits}\n`);
    return file;
}

function rate(x: number, seconds: number, unit = 1e6): string {
    return (x / seconds / unit).toFixed(2);
}

async function main(): Promise<void> {
    const baseRev = argValue('--base') ?? BASE_REV;
    console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown'}, ${os.cpus().length} cores, node ${process.version}, load average ${load()}`);
    console.log(`base: ${baseRev} (${execFileSync('git', ['log', '-1', '--format=%s', baseRev], { encoding: 'utf8' }).trim().slice(0, 80)}...)`);
    console.log(`new: the working tree. Rates per CPU second of the simulating process, best of ${ROUNDS} alternating rounds x ${REPEAT}; wall time beside.\n`);

    const tmp = mkdtempSync(join(os.tmpdir(), 'mlops-bench-sim-'));
    const baseTree = join(tmp, 'base-tree');
    mkdirSync(baseTree);
    execFileSync('bash', ['-c', `git archive ${baseRev} src scripts bin bench | tar -x -C ${baseTree}`]);
    symlinkSync(resolve('node_modules'), join(baseTree, 'node_modules'));
    const sides = [await buildSide('base', baseTree, join(tmp, 'base')), await buildSide('new', resolve('.'), join(tmp, 'new'))];

    const { parseModel } = await import('../src/language/load.js');
    const { resolveSettings } = await import('../src/model/settings.js');
    const { firstFit } = await import('../src/model/first-fit.js');
    const mm8 = await parseModel(mmc(8, 6.4, 1));
    const generated = await parseModel(generatedModelText());
    const scoring = await parseModel(scoringModelText());
    const mm3Text = mmc(3, 2.4, 1, `optimize { horizon ${MM3_HORIZON} s warmup 0 s replications 1 seed 1 }\n`);
    const mm3 = await parseModel(mm3Text);
    const mm8Horizon = QUICK ? 30_000 : 300_000;
    const cases: ChildCase[] = [
        { name: `M/M/8 (rho 0.8), horizon ${mm8Horizon} s, 1 replication`, model: mm8, allocation: mm8.allocations[0],
            settings: { ...resolveSettings(mm8), horizonSeconds: mm8Horizon, warmupSeconds: 1000, replications: 1 } },
        { name: 'generated 30x10x12, first-fit, 24 h, 2 replications', model: generated, allocation: firstFit(generated).allocation,
            settings: { ...resolveSettings(generated), replications: QUICK ? 1 : 2 } },
        { name: 'the same with the time decomposition (simulate --explain; the base has none)', model: generated, allocation: firstFit(generated).allocation,
            settings: { ...resolveSettings(generated), replications: QUICK ? 1 : 2 }, timeParts: true },
        { name: 'scoring 20 requests/s, current, 24 h, 2 replications', model: scoring, allocation: scoring.allocations[0],
            settings: { ...resolveSettings(scoring), replications: QUICK ? 1 : 2 } },
        { name: `M/M/3 (rho 0.8), horizon ${MM3_HORIZON} s, no warm-up`, model: mm3, allocation: mm3.allocations[0],
            settings: { ...resolveSettings(mm3) } }
    ];
    const best = new Map<string, ChildTiming>();
    for (let round = 0; round < (CLI_ONLY ? 0 : ROUNDS); round++) {
        for (const side of sides) {
            for (const t of runChild(side, cases, REPEAT)) {
                const key = `${side.label}:${t.name}`;
                const old = best.get(key);
                if (!old || t.cpuSeconds < old.cpuSeconds) { best.set(key, t); }
            }
        }
    }
    for (const c of CLI_ONLY ? [] : cases) {
        const b = best.get(`base:${c.name}`)!, n = best.get(`new:${c.name}`)!;
        console.log(`${c.name}: ${n.events} events, ${n.customers} customers${b.events !== n.events ? ` (base: ${b.events} events)` : ''}`);
        console.log(`  base ${rate(b.events, b.cpuSeconds)} M events/s, ${rate(b.customers, b.cpuSeconds)} M customers/s (${b.cpuSeconds.toFixed(3)} CPU s, ${b.wallSeconds.toFixed(3)} s wall)`);
        console.log(`  new  ${rate(n.events, n.cpuSeconds)} M events/s, ${rate(n.customers, n.cpuSeconds)} M customers/s (${n.cpuSeconds.toFixed(3)} CPU s, ${n.wallSeconds.toFixed(3)} s wall)`
            + `  x${(b.cpuSeconds / n.cpuSeconds).toFixed(2)}`);
    }

    // The start-up of the command alone: the same M/M/3 simulated for 10 s.
    const file = join(tmp, 'mm3.mlops');
    writeFileSync(file, mm3Text);
    const tiny = join(tmp, 'mm3-tiny.mlops');
    const tinyText = mmc(3, 2.4, 1, 'optimize { horizon 10 s warmup 0 s replications 1 seed 1 }\n');
    writeFileSync(tiny, tinyText);
    const tinyEdited = join(tmp, 'mm3-tiny-edited.mlops');
    const fileEdited = join(tmp, 'mm3-edited.mlops');
    // The working tree's command on a file edited before each run, beside the others.
    const runs = [...sides.map(s => ({ label: s.label, cli: s.cli, edit: false })), { label: 'new, edited', cli: sides[1].cli, edit: true }];
    for (const side of sides) {
        // Untimed: the first command writes the code cache (the new side's; the base has none).
        timeCommand(process.execPath, [side.cli, 'simulate', tiny, '--json']);
    }
    const startup = new Map<string, CommandTiming[]>();
    for (let round = 0; round < (QUICK ? 3 : 7); round++) {
        for (const r of runs) {
            const t = timeCommand(process.execPath, [r.cli, 'simulate', r.edit ? edited(tinyEdited, tinyText) : tiny, '--json']);
            startup.set(r.label, [...(startup.get(r.label) ?? []), t]);
        }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
    console.log(`\nStart-up: mlops simulate --json on M/M/3 for 10 simulated seconds, ${QUICK ? 3 : 7} runs each, alternating (load average ${load()}):`);
    for (const r of runs) {
        const ts = startup.get(r.label)!;
        console.log(`  ${r.label.padEnd(11)} CPU best ${Math.min(...ts.map(t => t.cpu)).toFixed(2)} s, median ${median(ts.map(t => t.cpu)).toFixed(2)} s;`
            + ` wall best ${Math.min(...ts.map(t => t.wall)).toFixed(2)} s, median ${median(ts.map(t => t.wall)).toFixed(2)} s`);
    }

    // SimPy on M/M/3: the whole commands, as a user runs them.
    const cli = new Map<string, CommandTiming>();
    let simpy: (CommandTiming & { customers: number; inner: number; version: string }) | undefined;
    let ourCustomers = 0;
    for (const side of sides) {
        // Untimed: the first command on this file writes the model cache (the new side's).
        timeCommand(process.execPath, [side.cli, 'simulate', file, '--json', '--horizon', '10s']);
    }
    for (let round = 0; round < SIMPY_ROUNDS; round++) {
        for (const r of runs) {
            const t = timeCommand(process.execPath, [r.cli, 'simulate', r.edit ? edited(fileEdited, mm3Text) : file, '--json']);
            ourCustomers = (JSON.parse(t.stdout) as { processes: { runs: number }[] }).processes[0].runs;
            const old = cli.get(r.label);
            if (!old || t.wall < old.wall) { cli.set(r.label, t); }
        }
        const s = timeCommand('/usr/bin/python3', ['bench/mmc_simpy.py', '3', '2.4', '1', String(MM3_HORIZON), '1']);
        const json = JSON.parse(s.stdout.trim().split('\n').pop()!) as { customers: number; cpuSeconds: number; simpy: string };
        if (!simpy || s.wall < simpy.wall) { simpy = { ...s, customers: json.customers, inner: json.cpuSeconds, version: json.simpy }; }
    }
    const sp = simpy!;
    console.log(`\nM/M/3 (rho 0.8), horizon ${MM3_HORIZON} s, whole commands (start-up, parsing and output included), best of ${SIMPY_ROUNDS} (load average ${load()}):`);
    console.log(`  SimPy ${sp.version}: python3 bench/mmc_simpy.py: ${sp.customers} customers, ${sp.wall.toFixed(2)} s wall, ${sp.cpu.toFixed(2)} CPU s`
        + ` (its run alone: ${sp.inner.toFixed(2)} CPU s, ${rate(sp.customers, sp.inner, 1e3)} k customers/s)`);
    for (const r of runs) {
        const t = cli.get(r.label)!;
        console.log(`  ${r.label.padEnd(11)} mlops simulate --json: ${ourCustomers} customers, ${t.wall.toFixed(2)} s wall, ${t.cpu.toFixed(2)} CPU s:`
            + ` ${(ourCustomers / t.wall / (sp.customers / sp.wall)).toFixed(1)}x SimPy by wall time, ${(ourCustomers / t.cpu / (sp.customers / sp.cpu)).toFixed(1)}x by CPU time`);
    }
    const mm3Case = cases.find(c => c.name.startsWith('M/M/3'))!;
    for (const side of CLI_ONLY ? [] : sides) {
        const t = best.get(`${side.label}:${mm3Case.name}`)!;
        console.log(`  ${side.label.padEnd(4)} simulate() in process: ${rate(t.customers, t.cpuSeconds)} M customers/s, ${(t.customers / t.cpuSeconds / (sp.customers / sp.inner)).toFixed(1)}x SimPy's run alone`);
    }
    console.log(`load average at the end: ${load()}`);
}

main().catch(error => { console.error(error); process.exitCode = 1; });
