/**
 * The runtime check of OptimizationResult.explanation (src/opt/explain), for
 * protocol.ts: the field comes from the host or a saved state and is
 * untrusted like the rest. Throws an Error naming the first bad field.
 * Non-finite numbers arrive as null (JSON) and are read back as NaN, or
 * Infinity for a headroom's `upper` (no factor broke the target).
 */
import type { SolutionExplanation } from '../opt/index.js';

type Obj = Record<string, unknown>;

function obj(v: unknown, path: string): Obj {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) { throw new Error(`${path}: object expected`); }
    return v as Obj;
}
function arr(v: unknown, path: string): unknown[] {
    if (!Array.isArray(v)) { throw new Error(`${path}: array expected`); }
    return v;
}
function num(v: unknown, path: string, nullIs = NaN): number {
    if (v === null) { return nullIs; }
    if (typeof v !== 'number') { throw new Error(`${path}: number expected`); }
    return v;
}
function str(v: unknown, path: string): string {
    if (typeof v !== 'string') { throw new Error(`${path}: string expected`); }
    return v;
}
function counts(v: unknown, path: string): Record<string, number> {
    const o = obj(v, path);
    const out: Record<string, number> = Object.create(null);
    for (const [k, x] of Object.entries(o)) { out[k] = num(x, `${path}.${k}`); }
    return out;
}
function nullableInt(v: unknown, path: string): number | null {
    return v === null || v === undefined ? null : num(v, path);
}

function figures(v: unknown, path: string) {
    const o = obj(v, path);
    return { mean: num(o.mean, `${path}.mean`), p95: num(o.p95, `${path}.p95`), overShare: num(o.overShare, `${path}.overShare`) };
}

function objectives(v: unknown, path: string) {
    const o = obj(v, path);
    return { time: num(o.time, `${path}.time`), variance: num(o.variance, `${path}.variance`), violations: num(o.violations, `${path}.violations`), cost: num(o.cost, `${path}.cost`) };
}

function change(v: unknown, path: string): SolutionExplanation['changes'][number]['change'] {
    const o = obj(v, path);
    switch (o.kind) {
        case 'component':
            return { kind: 'component', component: str(o.component, `${path}.component`), before: counts(o.before, `${path}.before`), after: counts(o.after, `${path}.after`),
                moved: num(o.moved, `${path}.moved`), added: num(o.added, `${path}.added`), removed: num(o.removed, `${path}.removed`) };
        case 'permanent':
            if (typeof o.permanent !== 'boolean') { throw new Error(`${path}.permanent: boolean expected`); }
            return { kind: 'permanent', component: str(o.component, `${path}.component`), server: str(o.server, `${path}.server`), permanent: o.permanent };
        case 'limit':
            return { kind: 'limit', step: str(o.step, `${path}.step`), before: nullableInt(o.before, `${path}.before`), after: nullableInt(o.after, `${path}.after`) };
        default:
            throw new Error(`${path}.kind: component, permanent or limit expected`);
    }
}

export function parseExplanation(v: unknown, path: string): SolutionExplanation {
    const o = obj(v, path);
    const h = o.headroom === null || o.headroom === undefined ? null : obj(o.headroom, `${path}.headroom`);
    const worst = (x: unknown, p: string) => {
        const w = obj(x, p);
        return { process: str(w.process, `${p}.process`), withinDeadline: num(w.withinDeadline, `${p}.withinDeadline`) };
    };
    return {
        solution: num(o.solution, `${path}.solution`),
        against: o.against === null || o.against === undefined ? null : str(o.against, `${path}.against`),
        changes: arr(o.changes, `${path}.changes`).map((x, i) => {
            const p = `${path}.changes[${i}]`;
            const e = obj(x, p);
            return {
                change: change(e.change, `${p}.change`),
                processes: arr(e.processes, `${p}.processes`).map((y, j) => {
                    const q = obj(y, `${p}.processes[${j}]`);
                    return { process: str(q.process, `${p}.processes[${j}].process`), deadline: nullableInt(q.deadline, `${p}.processes[${j}].deadline`),
                        with: figures(q.with, `${p}.processes[${j}].with`), without: figures(q.without, `${p}.processes[${j}].without`) };
                }),
                objectives: e.objectives === null || e.objectives === undefined ? null
                    : { with: objectives(obj(e.objectives, `${p}.objectives`).with, `${p}.objectives.with`), without: objectives(obj(e.objectives, `${p}.objectives`).without, `${p}.objectives.without`) },
                ...(e.refused === undefined ? {} : { refused: str(e.refused, `${p}.refused`) })
            };
        }),
        headroom: h === null ? null : {
            target: num(h.target, `${path}.headroom.target`),
            factor: num(h.factor, `${path}.headroom.factor`),
            upper: num(h.upper, `${path}.headroom.upper`, Infinity),
            limitedBy: h.limitedBy === null || h.limitedBy === undefined ? null : worst(h.limitedBy, `${path}.headroom.limitedBy`),
            steps: arr(h.steps, `${path}.headroom.steps`).map((x, i) => {
                const s = obj(x, `${path}.headroom.steps[${i}]`);
                return { factor: num(s.factor, `${path}.headroom.steps[${i}].factor`), ok: s.ok === true, worst: worst(s.worst, `${path}.headroom.steps[${i}].worst`) };
            })
        }
    };
}
