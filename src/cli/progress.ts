/**
 * Progress of a long command on stderr (`--progress bar|plain|json|none`,
 * `--quiet`): a one-line bar redrawn in place on a terminal; plain lines
 * (for CI logs) or JSON lines (for programs) otherwise; nothing with
 * `--quiet`. Lines are throttled, so a fast search does not flood a log:
 * plain at most one line per PLAIN_INTERVAL_MS, JSON one per
 * JSON_INTERVAL_MS; the first update and every change of phase are written
 * at once, and the last state is written when the command ends if it was
 * held back. Stdout (the result) is never touched.
 */
import { UsageError } from './errors.js';

export type ProgressMode = 'bar' | 'plain' | 'json' | 'none';

export const PROGRESS_MODES = ['bar', 'plain', 'json', 'none'] as const;
export const PLAIN_INTERVAL_MS = 5000;
export const JSON_INTERVAL_MS = 1000;

/** The options that choose it (optimize, compare, fit). */
export interface ProgressOptions {
    progress?: string;
    quiet?: boolean;
}

export const PROGRESS_OPTION_HELP = 'progress on stderr: bar, plain (lines), json (JSON lines) or none (default: bar on a terminal, else plain)';
export const QUIET_OPTION_HELP = 'no progress and no notes on stderr (warnings and errors still)';

/**
 * The mode: `--quiet` is none; else `--progress` (`jsonl` is accepted for
 * json, the name of the shared spec); else a bar on a terminal, plain lines
 * otherwise.
 */
export function progressMode(options: ProgressOptions, stderrIsTTY: boolean): ProgressMode {
    if (options.quiet) {
        return 'none';
    }
    if (options.progress === undefined) {
        return stderrIsTTY ? 'bar' : 'plain';
    }
    const mode = options.progress === 'jsonl' ? 'json' : options.progress;
    if (!(PROGRESS_MODES as readonly string[]).includes(mode)) {
        throw new UsageError(`--progress: expected one of ${PROGRESS_MODES.join(', ')}, got '${options.progress}'`);
    }
    return mode as ProgressMode;
}

/** One state of the run: a line for people, fields for programs. */
export interface ProgressState {
    /** Share done, 0..1, when known (the bar's length). */
    fraction?: number;
    text: string;
    fields: Record<string, unknown>;
    /** A new phase: written at once. */
    phase?: string;
}

export interface ProgressReporter {
    update(state: ProgressState): void;
    /** Writes a held-back last state (or clears the bar). */
    done(): void;
}

export function createProgress(mode: ProgressMode, write: (text: string) => void = text => process.stderr.write(text),
    now: () => number = () => performance.now()): ProgressReporter {
    const started = now();
    if (mode === 'none') {
        return { update: () => undefined, done: () => undefined };
    }
    if (mode === 'bar') {
        let shown = false;
        return {
            update: state => {
                const filled = Math.round(20 * Math.min(1, Math.max(0, state.fraction ?? 0)));
                write(`\r[${'#'.repeat(filled)}${'.'.repeat(20 - filled)}] ${state.text}   `);
                shown = true;
            },
            done: () => {
                if (shown) {
                    write('\r\x1b[K');
                }
            }
        };
    }
    const interval = mode === 'plain' ? PLAIN_INTERVAL_MS : JSON_INTERVAL_MS;
    let lastWritten = Number.NEGATIVE_INFINITY;
    let lastPhase: string | undefined;
    let held: ProgressState | undefined;
    const emit = (state: ProgressState, at: number) => {
        const elapsedSeconds = Math.round((at - started) / 100) / 10;
        write(mode === 'plain'
            ? `[${elapsedSeconds.toFixed(1)} s] ${state.text}\n`
            : JSON.stringify({ type: 'progress', elapsedSeconds, ...state.fields }, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)) + '\n');
        lastWritten = at;
        held = undefined;
    };
    return {
        update: state => {
            const at = now();
            const newPhase = state.phase !== undefined && state.phase !== lastPhase;
            lastPhase = state.phase ?? lastPhase;
            if (newPhase || at - lastWritten >= interval) {
                emit(state, at);
            } else {
                held = state;
            }
        },
        done: () => {
            if (held) {
                emit(held, now());
            }
        }
    };
}
