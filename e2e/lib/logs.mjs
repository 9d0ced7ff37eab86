// Reads code-server's logs in the user-data-dir: the extension host logs and the
// "MLOps" output channel log. Used to fail on activation errors and to read the
// activation time the extension reports (`activated in N ms`).
import * as fs from 'node:fs';
import * as path from 'node:path';

export const EXTENSION_ID = 'mlops-tools.mlops-allocation';

function walk(dir, out = []) {
    let entries;
    try { entries = fs.readdirSync(dir, { withFileTypes: true }); } catch { return out; }
    for (const e of entries) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p, out);
        else if (e.isFile() && e.name.endsWith('.log')) out.push(p);
    }
    return out;
}

function read(file) {
    try { return fs.readFileSync(file, 'utf8'); } catch { return ''; }
}

/** All .log files under `<userDataDir>/logs`. */
export function logFiles(userDataDir) {
    return walk(path.join(userDataDir, 'logs')).sort();
}

/** The extension host logs (code-server runs the extension host on the server side). */
export function exthostLogs(userDataDir) {
    return logFiles(userDataDir).filter(f => /exthost\.log$/i.test(path.basename(f)));
}

/** Logs of the "MLOps" output channel (log output channels and plain ones). */
export function mlopsChannelLogs(userDataDir) {
    return logFiles(userDataDir).filter(f => /(^|[-\d])MLOps\.log$/.test(path.basename(f)) ||
        (f.includes(EXTENSION_ID) && /\.log$/.test(f)));
}

/**
 * Problems the logs show with our extension: a failed activation, an exception
 * thrown by it, a crashed language server. Returns human-readable lines.
 */
export function extensionErrors(userDataDir) {
    const problems = [];
    for (const file of exthostLogs(userDataDir)) {
        const lines = read(file).split('\n');
        lines.forEach((line, i) => {
            // Our extension's id in the line or in the stack below it (not the temp dir's name).
            const entry = [line];
            for (let j = i + 1; j < lines.length && j < i + 8 && !/^\d{4}-\d\d-\d\d /.test(lines[j]); j++) entry.push(lines[j]);
            const mentionsUs = entry.some(l => l.includes(EXTENSION_ID));
            if (/Activating extension .* failed/i.test(line) && line.includes(EXTENSION_ID)) {
                // The reason is on the next line(s): "[error] Error: ..." and a stack.
                const reason = lines.slice(i + 1, i + 3).map(l => l.trim()).join(' | ');
                problems.push(`${path.basename(file)}:${i + 1}: ${line.trim()} ${reason}`);
            } else if (i > 0 && /Activating extension .* failed/i.test(lines[i - 1]) && lines[i - 1].includes(EXTENSION_ID)) {
                // already reported with the line before
            } else if (/\[error\]/.test(line) && mentionsUs) {
                problems.push(`${path.basename(file)}:${i + 1}: ${line.trim()}`);
            }
        });
    }
    for (const file of mlopsChannelLogs(userDataDir)) {
        const lines = read(file).split('\n');
        lines.forEach((line, i) => {
            if (/server crashed|Activation failed|activate.*failed|Error: Cannot find module|Uncaught/i.test(line)) {
                problems.push(`${path.basename(file)}:${i + 1}: ${line.trim()}`);
            }
        });
    }
    return problems;
}

/** Whether the extension host log shows our extension being activated. */
export function activationEvents(userDataDir) {
    const events = [];
    for (const file of exthostLogs(userDataDir)) {
        for (const line of read(file).split('\n')) {
            if (line.includes('_doActivateExtension') && line.includes(EXTENSION_ID)) events.push(line.trim());
        }
    }
    return events;
}

/** Activation times (ms) the extension logged as `activated in N ms`, oldest first. */
export function activationTimesMs(userDataDir) {
    const times = [];
    for (const file of mlopsChannelLogs(userDataDir)) {
        for (const m of read(file).matchAll(/activated in\s+([\d.]+)\s*ms/gi)) times.push(Number(m[1]));
    }
    return times;
}

/** Copies every log file into `dest` (flattened, path in the name) for CI artifacts. */
export function copyLogs(userDataDir, dest) {
    fs.mkdirSync(dest, { recursive: true });
    const base = path.join(userDataDir, 'logs');
    for (const file of logFiles(userDataDir)) {
        const name = path.relative(base, file).replaceAll(path.sep, '__');
        try { fs.copyFileSync(file, path.join(dest, name)); } catch { /* vanished */ }
    }
}

/** Epoch ms of a log line's `YYYY-MM-DD HH:MM:SS.mmm` timestamp (local time, as VS Code writes it). */
function lineTime(line) {
    const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3})/.exec(line);
    return m ? new Date(`${m[1]}T${m[2]}`).getTime() : undefined;
}

/**
 * When things happened in the extension host (epoch ms, undefined when not
 * logged yet): the host started, it finished activating the startup
 * extensions ("Eager extensions activated"), and our extension's activation
 * began (with the event that caused it).
 */
export function exthostTimeline(userDataDir) {
    const timeline = {};
    for (const file of exthostLogs(userDataDir)) {
        for (const line of read(file).split('\n')) {
            const at = lineTime(line);
            if (at === undefined) continue;
            if (timeline.hostStarted === undefined && /Extension host with pid \d+ started/.test(line)) timeline.hostStarted = at;
            if (timeline.eagerActivated === undefined && /Eager extensions activated/.test(line)) timeline.eagerActivated = at;
            if (timeline.mlopsActivated === undefined && line.includes('_doActivateExtension') && line.includes(EXTENSION_ID)) {
                timeline.mlopsActivated = at;
                timeline.mlopsActivationEvent = /activationEvent: '([^']*)'/.exec(line)?.[1];
            }
        }
    }
    return timeline;
}

/** The `language server ready in N ms` figures (from the start of activation) the extension logged, oldest first. */
export function serverReadyTimesMs(userDataDir) {
    const times = [];
    for (const file of mlopsChannelLogs(userDataDir)) {
        for (const m of read(file).matchAll(/language server ready in\s+([\d.]+)\s*ms/gi)) times.push(Number(m[1]));
    }
    return times;
}

/**
 * The language server's start-up milestones (written with MLOPS_LS_TIMING set,
 * src/language/startup-timing.ts): [{ at (epoch ms), sinceStartMs, what }], oldest first.
 */
export function serverStartupMarks(userDataDir) {
    const marks = [];
    for (const file of logFiles(userDataDir).filter(f => /MLOps Language Server\.log$/.test(f))) {
        for (const m of read(file).matchAll(/\[startup\] (\S+) \+(\d+) ms (.*)$/gm)) {
            marks.push({ at: Date.parse(m[1]), sinceStartMs: Number(m[2]), what: m[3].trim() });
        }
    }
    return marks;
}
