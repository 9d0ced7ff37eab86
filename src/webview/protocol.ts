/**
 * The messages between the extension host and the results view: one typed
 * union each way, and a validator for each that the receiver runs on every
 * message (a webview message is untrusted input: it may come from an older
 * view restored after an update, or be malformed). Pure: no DOM, no vscode.
 */
import type { OptimizationResult, Solution, Baseline, StopReason } from '../opt/api.js';
import { OBJECTIVE_KEYS, type AllocationMatrix, type Objectives } from '../model/types.js';
import type { ProcessStats, ServerStats } from '../sim/api.js';

/** Host -> view. */
export type HostMessage =
    /** A whole result (at the start, at the end, after a reload). */
    | { type: 'show'; result: OptimizationResult; running: boolean; selected: number | null;
        /** URI of the .mlops document the result belongs to (Apply writes there), or null. */
        source: string | null }
    /** Live update while the optimizer runs. */
    | { type: 'progress'; generation: number; generations: number; evaluations: number; hypervolume: number;
        hypervolumeByGeneration: number[]; front: Solution[] }
    /** The outcome of an Apply or Export the view asked for. */
    | { type: 'notice'; level: 'info' | 'error'; text: string }
    /** The model changed after the run: the shown results may no longer hold. */
    | { type: 'stale' };

/** View -> host. */
export type ViewMessage =
    | { type: 'ready' }
    | { type: 'select'; index: number }
    | { type: 'apply'; index: number }
    | { type: 'export' }
    /** Run the optimizer again on the result's document (offered when stale). */
    | { type: 'rerun' };

const STOP_REASONS: readonly StopReason[] = ['generations', 'evaluations', 'time', 'stagnation', 'cancelled', 'error'];

/** Thrown (and caught by the parse functions) with the path of the first bad field. */
class Invalid extends Error {}

type Obj = Record<string, unknown>;

function obj(v: unknown, path: string): Obj {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
        throw new Invalid(`${path}: object expected`);
    }
    return v as Obj;
}
function arr(v: unknown, path: string): unknown[] {
    if (!Array.isArray(v)) {
        throw new Invalid(`${path}: array expected`);
    }
    return v;
}
/** A number; `null` stands for a non-finite number (JSON turns NaN and Infinity into null). */
function num(v: unknown, path: string): number {
    if (v === null) {
        return NaN;
    }
    if (typeof v !== 'number') {
        throw new Invalid(`${path}: number expected`);
    }
    return v;
}
function int(v: unknown, path: string, min = 0): number {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
        throw new Invalid(`${path}: integer >= ${min} expected`);
    }
    return v;
}
function str(v: unknown, path: string): string {
    if (typeof v !== 'string') {
        throw new Invalid(`${path}: string expected`);
    }
    return v;
}
function nums(v: unknown, path: string): number[] {
    return arr(v, path).map((x, i) => num(x, `${path}[${i}]`));
}
function strs(v: unknown, path: string): string[] {
    return arr(v, path).map((x, i) => str(x, `${path}[${i}]`));
}
function record<T>(v: unknown, path: string, item: (x: unknown, p: string) => T): Record<string, T> {
    const o = obj(v, path);
    const out: Record<string, T> = Object.create(null);
    for (const [k, x] of Object.entries(o)) {
        out[k] = item(x, `${path}.${k}`);
    }
    return out;
}

function objectives(v: unknown, path: string): Objectives {
    const o = obj(v, path);
    return { time: num(o.time, `${path}.time`), variance: num(o.variance, `${path}.variance`),
        violations: num(o.violations, `${path}.violations`), cost: num(o.cost, `${path}.cost`) };
}

function matrix(v: unknown, path: string): AllocationMatrix {
    const o = obj(v, path);
    return {
        instances: record(o.instances, `${path}.instances`, (row, p) => record(row, p, (n, q) => int(n, q))),
        permanent: record(o.permanent ?? {}, `${path}.permanent`, strs),
        limits: record(o.limits ?? {}, `${path}.limits`, (n, q) => int(n, q, 1))
    };
}

function pair(v: unknown, path: string): [number, number] {
    const a = nums(v, path);
    if (a.length !== 2) {
        throw new Invalid(`${path}: two numbers expected`);
    }
    return [a[0], a[1]];
}

function processStats(v: unknown, path: string): ProcessStats {
    const o = obj(v, path);
    return {
        name: str(o.name, `${path}.name`), runs: num(o.runs, `${path}.runs`), mean: num(o.mean, `${path}.mean`),
        variance: num(o.variance, `${path}.variance`), p50: num(o.p50, `${path}.p50`), p95: num(o.p95, `${path}.p95`),
        p99: num(o.p99, `${path}.p99`), deadline: o.deadline === null || o.deadline === undefined ? null : num(o.deadline, `${path}.deadline`),
        violations: num(o.violations, `${path}.violations`), meanCI: o.meanCI === undefined ? [NaN, NaN] : pair(o.meanCI, `${path}.meanCI`),
        unfinishedRuns: o.unfinishedRuns === undefined ? 0 : num(o.unfinishedRuns, `${path}.unfinishedRuns`)
    };
}

function serverStats(v: unknown, path: string): ServerStats {
    const o = obj(v, path);
    return {
        name: str(o.name, `${path}.name`), machines: num(o.machines, `${path}.machines`),
        cpuUtilization: num(o.cpuUtilization, `${path}.cpuUtilization`), gpuUtilization: num(o.gpuUtilization, `${path}.gpuUtilization`),
        ramUtilization: num(o.ramUtilization, `${path}.ramUtilization`)
    };
}

function solution(v: unknown, path: string): Solution {
    const o = obj(v, path);
    const s: Solution = { allocation: matrix(o.allocation, `${path}.allocation`), objectives: objectives(o.objectives, `${path}.objectives`) };
    if (o.objectivesCI !== undefined) {
        const ci = obj(o.objectivesCI, `${path}.objectivesCI`);
        s.objectivesCI = Object.fromEntries(OBJECTIVE_KEYS.map(k => [k, pair(ci[k], `${path}.objectivesCI.${k}`)])) as Solution['objectivesCI'];
    }
    if (o.details !== undefined) {
        const d = obj(o.details, `${path}.details`);
        s.details = {
            processes: arr(d.processes, `${path}.details.processes`).map((x, i) => processStats(x, `${path}.details.processes[${i}]`)),
            servers: arr(d.servers, `${path}.details.servers`).map((x, i) => serverStats(x, `${path}.details.servers[${i}]`))
        };
    }
    return s;
}

function baseline(v: unknown, path: string): Baseline {
    return { ...solution(v, path), name: str(obj(v, path).name, `${path}.name`) };
}

/** A checked copy of an OptimizationResult, or throws Invalid. */
function result(v: unknown, path: string): OptimizationResult {
    const o = obj(v, path);
    const front = arr(o.front, `${path}.front`).map((x, i) => solution(x, `${path}.front[${i}]`));
    const chosen = int(o.chosen, `${path}.chosen`);
    if (front.length > 0 ? chosen >= front.length : chosen !== 0) {
        throw new Invalid(`${path}.chosen: index into the front expected`);
    }
    const stoppedBy = str(o.stoppedBy, `${path}.stoppedBy`) as StopReason;
    if (!STOP_REASONS.includes(stoppedBy)) {
        throw new Invalid(`${path}.stoppedBy: one of ${STOP_REASONS.join(', ')} expected`);
    }
    return {
        system: str(o.system, `${path}.system`),
        currency: o.currency === null || o.currency === undefined ? null : str(o.currency, `${path}.currency`),
        components: strs(o.components, `${path}.components`),
        servers: strs(o.servers, `${path}.servers`),
        steps: strs(o.steps ?? [], `${path}.steps`),
        labels: record(o.labels ?? {}, `${path}.labels`, str),
        seed: num(o.seed, `${path}.seed`),
        evaluations: num(o.evaluations, `${path}.evaluations`),
        wallSeconds: num(o.wallSeconds, `${path}.wallSeconds`),
        hypervolume: num(o.hypervolume, `${path}.hypervolume`),
        hypervolumeByGeneration: nums(o.hypervolumeByGeneration, `${path}.hypervolumeByGeneration`),
        front,
        chosen,
        baselines: arr(o.baselines ?? [], `${path}.baselines`).map((x, i) => baseline(x, `${path}.baselines[${i}]`)),
        stoppedBy,
        warnings: strs(o.warnings ?? [], `${path}.warnings`)
    };
}

export type Parsed<T> = { ok: true; message: T } | { ok: false; error: string };

function parse<T>(v: unknown, body: (o: Obj) => T): Parsed<T> {
    try {
        return { ok: true, message: body(obj(v, 'message')) };
    } catch (error) {
        if (error instanceof Invalid) {
            return { ok: false, error: error.message };
        }
        throw error;
    }
}

/** Checks a message received by the view. */
export function parseHostMessage(v: unknown): Parsed<HostMessage> {
    return parse<HostMessage>(v, o => {
        switch (o.type) {
            case 'show': {
                const r = result(o.result, 'message.result');
                const selected = o.selected === null || o.selected === undefined ? null : int(o.selected, 'message.selected');
                if (selected !== null && selected >= r.front.length) {
                    throw new Invalid('message.selected: index into the front expected');
                }
                if (typeof o.running !== 'boolean') {
                    throw new Invalid('message.running: boolean expected');
                }
                const source = o.source === null || o.source === undefined ? null : str(o.source, 'message.source');
                return { type: 'show', result: r, running: o.running, selected, source };
            }
            case 'progress':
                return {
                    type: 'progress',
                    generation: int(o.generation, 'message.generation'),
                    generations: int(o.generations, 'message.generations'),
                    evaluations: num(o.evaluations, 'message.evaluations'),
                    hypervolume: num(o.hypervolume, 'message.hypervolume'),
                    hypervolumeByGeneration: nums(o.hypervolumeByGeneration, 'message.hypervolumeByGeneration'),
                    front: arr(o.front, 'message.front').map((x, i) => solution(x, `message.front[${i}]`))
                };
            case 'notice': {
                if (o.level !== 'info' && o.level !== 'error') {
                    throw new Invalid('message.level: info or error expected');
                }
                return { type: 'notice', level: o.level, text: str(o.text, 'message.text') };
            }
            case 'stale':
                return { type: 'stale' };
            default:
                throw new Invalid(`message.type: unknown host message ${JSON.stringify(o.type)}`);
        }
    });
}

/** Checks a message received by the extension host from the view. */
export function parseViewMessage(v: unknown): Parsed<ViewMessage> {
    return parse<ViewMessage>(v, o => {
        switch (o.type) {
            case 'ready':
            case 'export':
            case 'rerun':
                return { type: o.type };
            case 'select':
            case 'apply':
                return { type: o.type, index: int(o.index, 'message.index') };
            default:
                throw new Invalid(`message.type: unknown view message ${JSON.stringify(o.type)}`);
        }
    });
}

/** Checks a whole result (the report's embedded data, a restored view state). */
export function parseResult(v: unknown): Parsed<OptimizationResult> {
    try {
        return { ok: true, message: result(v, 'result') };
    } catch (error) {
        if (error instanceof Invalid) {
            return { ok: false, error: error.message };
        }
        throw error;
    }
}
