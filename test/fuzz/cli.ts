/**
 * Runs `main(argv)` of src/cli/program.ts in this process with stdout and
 * stderr captured.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Main = (argv: string[]) => Promise<number>;

let mainFn: Main | undefined;
let sink: string[] | undefined;
let installed = false;

function install(): void {
    if (installed) {
        return;
    }
    installed = true;
    for (const stream of [process.stdout, process.stderr]) {
        const original = stream.write.bind(stream);
        stream.write = ((chunk: unknown, ...rest: unknown[]) => {
            if (sink) {
                sink.push(`${stream === process.stdout ? 'out' : 'err'}\u0000${String(chunk)}`);
                const callback = rest.find(r => typeof r === 'function') as (() => void) | undefined;
                callback?.();
                return true;
            }
            return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
        }) as typeof stream.write;
    }
}

async function loadMain(): Promise<Main> {
    if (mainFn) {
        return mainFn;
    }
    install();
    const module = await import('../../src/cli/program.js');
    mainFn = module.main as Main;
    return mainFn;
}

export interface CliRun {
    code: number;
    stdout: string;
    stderr: string;
}

export async function runCli(argv: string[]): Promise<CliRun> {
    const main = await loadMain();
    const captured: string[] = [];
    sink = captured;
    // Langium logs validator exceptions with console.error (a stack trace in a real run).
    const consoleMethods = ['error', 'warn', 'log', 'info'] as const;
    const saved = consoleMethods.map(m => console[m]);
    for (const m of consoleMethods) {
        console[m] = (...args: unknown[]) => { captured.push(`${m === 'log' || m === 'info' ? 'out' : 'err'}\u0000${args.map(a => a instanceof Error ? a.stack : String(a)).join(' ')}\n`); };
    }
    let code: number;
    try {
        code = await main(argv);
    } finally {
        sink = undefined;
        consoleMethods.forEach((m, i) => { console[m] = saved[i]; });
    }
    const part = (which: string) => captured.filter(c => c.startsWith(`${which}\u0000`)).map(c => c.slice(which.length + 1)).join('');
    return { code, stdout: part('out'), stderr: part('err') };
}

const dir = mkdtempSync(join(tmpdir(), 'mlops-fuzz-'));
let fileCounter = 0;

/** Writes `data` to a fresh temporary .mlops file and returns its path. */
export function tempModelFile(data: string | Uint8Array): string {
    const file = join(dir, `input-${++fileCounter}.mlops`);
    writeFileSync(file, data);
    return file;
}

/** Problems with one `mlops validate FILE` run (empty when it behaved). */
export function validateRunProblems(file: string, run: CliRun): string[] {
    const problems: string[] = [];
    if (![0, 1, 2].includes(run.code)) {
        problems.push(`exit code ${run.code}`);
    }
    for (const [name, text] of [['stdout', run.stdout], ['stderr', run.stderr]] as const) {
        if (/^\s+at .+(:\d+:\d+\)?|<anonymous>\)?)$/m.test(text) || /internal error/.test(text)) {
            problems.push(`stack trace or internal error on ${name}:\n${text.slice(0, 2000)}`);
        }
    }
    const lines = run.stdout.split('\n').filter(l => l !== '');
    const format = new RegExp(`^${escape(file)}:\\d+:\\d+: (error|warning|info) [a-z][a-z0-9-]*: .+$`);
    for (const line of lines) {
        if (!format.test(line)) {
            problems.push(`line not in the FILE:LINE:COL: severity CODE: message format: ${JSON.stringify(line.slice(0, 300))}`);
        }
    }
    const errors = lines.filter(l => format.test(l) && / error [a-z]/.test(l.slice(file.length))).length;
    if (run.code === 0 && errors > 0) {
        problems.push(`exit code 0 with ${errors} error line(s)`);
    }
    if (run.code === 1 && errors === 0) {
        problems.push('exit code 1 without an error line');
    }
    return problems;
}

function escape(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
