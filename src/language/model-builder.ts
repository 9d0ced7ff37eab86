/**
 * Builds the plain model (src/model/types.ts) from a parsed, linked and
 * validated document: units converted to base units, names resolved,
 * defaults filled in. Call it only on a document without errors: wrong units
 * or missing fields are the validator's to report, and are built as 0 here.
 */
import { isCompositeCstNode, isLeafCstNode, type AstNode, type CommentProvider } from 'langium';
import * as ast from './generated/ast.js';
import type { MlopsCoreServices } from './mlops-core-module.js';
import type * as m from '../model/types.js';
import { lookupUnit, type Dimension } from '../model/units.js';

export class MlopsModelBuilder {
    protected readonly comments: CommentProvider;

    constructor(services: MlopsCoreServices) {
        this.comments = services.documentation.CommentProvider;
    }

    /**
     * The model of `root`. `include` (default: everything) leaves out
     * elements: the validator builds the part of a document with errors that
     * is valid, to run the whole-model checks on it.
     */
    build(root: ast.Model, include: (element: ast.Element) => boolean = () => true): m.Model {
        this.docs = docComments(root);
        const elements = root.elements.filter(include);
        const servers = elements.filter(ast.isServer).map(s => this.server(s));
        const prices = elements.filter(ast.isServer).map(s => s.price?.unit && lookupUnit(s.price.unit)?.currency).filter(c => c);
        const optimizeBlock = elements.find(ast.isOptimizeBlock);
        return {
            system: root.name,
            ...this.described(root),
            currency: prices[0] ?? null,
            servers,
            components: elements.filter(ast.isComponent).map(c => this.component(c)),
            steps: elements.filter(ast.isStep).map(s => this.step(s)),
            processes: elements.filter(ast.isProcess).map(p => this.process(p)),
            allocations: elements.filter(ast.isAllocation).map(a => this.allocation(a)),
            optimize: optimizeBlock ? this.optimize(optimizeBlock) : {}
        };
    }

    /** Doc comments of the elements of the model being built (see docComments). */
    protected docs = new Map<AstNode, string>();

    protected described(node: AstNode & { label?: string }): { label?: string; doc?: string } {
        const result: { label?: string; doc?: string } = {};
        if (node.label !== undefined) {
            result.label = node.label;
        }
        const comment = ast.isModel(node)
            ? (node.$cstNode ? this.comments.getComment(node) : undefined)
            : this.docs.get(node);
        if (comment && comment.startsWith('/**')) {
            result.doc = docText(comment);
        }
        return result;
    }

    protected server(s: ast.Server): m.ServerKind {
        return {
            name: s.name,
            ...this.described(s),
            cpuGHz: quantity(s.cpu, 'cpuSpeed'),
            gpuTOPS: quantity(s.gpu, 'gpuSpeed'),
            ramMB: quantity(s.ram, 'memory'),
            netInMbps: s.netIn ? quantity(s.netIn, 'bandwidth') : null,
            netOutMbps: s.netOut ? quantity(s.netOut, 'bandwidth') : null,
            pricePerSecond: quantity(s.price, 'money'),
            count: s.count ?? 1,
            // Only when declared: a model without failures keeps its plain shape (and JSON).
            ...(s.mtbf ? { mtbfSeconds: failureTime(s.mtbf) } : {}),
            ...(s.mttr ? { mttrSeconds: failureTime(s.mttr) } : {})
        };
    }

    protected component(c: ast.Component): m.ComponentDef {
        return {
            name: c.name,
            ...this.described(c),
            idleCpuGHz: quantity(c.idleCpu, 'cpuSpeed'),
            idleRamMB: quantity(c.idleRam, 'memory'),
            permanent: c.permanent,
            startupSeconds: quantity(c.startup, 'time')
        };
    }

    protected step(s: ast.Step): m.StepDef {
        return {
            name: s.name,
            ...this.described(s),
            component: s.component?.$refText ?? '',
            cpuWorkGHzSeconds: s.cpu ? distribution(s.cpu, 'cpuWork') : null,
            gpuWorkTOPSSeconds: s.gpu ? distribution(s.gpu, 'gpuWork') : null,
            ramMB: quantity(s.ram, 'memory'),
            netInMbps: quantity(s.netIn, 'bandwidth'),
            netOutMbps: quantity(s.netOut, 'bandwidth'),
            threads: s.threads ?? 1,
            ...this.communication(s)
        };
    }

    /** The step's optional communication fields (absent ones stay absent: old models build as before). */
    protected communication(s: ast.Step): Partial<m.StepDef> {
        const fields: Partial<m.StepDef> = {};
        if (s.dataIn) { fields.dataInMB = quantity(s.dataIn, 'memory'); }
        if (s.dataOut) { fields.dataOutMB = quantity(s.dataOut, 'memory'); }
        if (s.splitSerial !== undefined) { fields.splitSerial = s.splitSerial; }
        if (s.splitOverhead) {
            const gpu = s.splitOverhead.unit !== undefined && lookupUnit(s.splitOverhead.unit)?.dimension === 'gpuWork';
            if (gpu) { fields.splitOverheadGpuTOPSSeconds = quantity(s.splitOverhead, 'gpuWork'); } else { fields.splitOverheadCpuGHzSeconds = quantity(s.splitOverhead, 'cpuWork'); }
        }
        return fields;
    }

    protected process(p: ast.Process): m.ProcessDef {
        return {
            name: p.name,
            ...this.described(p),
            steps: p.steps.map(r => r.$refText),
            everySeconds: p.every ? distribution(p.every, 'time') : { kind: 'constant', value: 0 },
            deadlineSeconds: p.deadline ? quantity(p.deadline, 'time') : null,
            weightTime: p.weightTime ?? 1,
            weightVariance: p.weightVariance ?? 1,
            // Only when written: a model without them is the same object (and JSON) as before.
            ...(p.profile ? { profile: p.profile.phases.map(f => ({ factor: f.factor, seconds: quantity(f.length, 'time'), ...(f.label !== undefined ? { label: f.label } : {}) })) } : {}),
            ...(p.priority !== undefined ? { priority: p.priority } : {}),
            ...(p.preemptive ? { preemptive: true } : {})
        };
    }

    protected allocation(a: ast.Allocation): m.AllocationDef {
        const limits: Record<string, number> = {};
        for (const limit of a.limits) {
            limits[limit.step.$refText] = limit.value;
        }
        return {
            name: a.name,
            ...(a.label !== undefined ? { label: a.label } : {}),
            placements: a.placements.map(p => ({
                component: p.component.$refText,
                server: p.server.$refText,
                instances: p.count,
                permanent: p.permanent
            })),
            limits
        };
    }

    protected optimize(o: ast.OptimizeBlock): m.OptimizeSettings {
        const settings: m.OptimizeSettings = {};
        if (o.horizon) { settings.horizonSeconds = quantity(o.horizon, 'time'); }
        if (o.warmup) { settings.warmupSeconds = quantity(o.warmup, 'time'); }
        if (o.keepalive) { settings.keepaliveSeconds = quantity(o.keepalive, 'time'); }
        if (o.timeout) { settings.timeoutSeconds = quantity(o.timeout, 'time'); }
        if (o.replications !== undefined) { settings.replications = o.replications; }
        if (o.population !== undefined) { settings.population = o.population; }
        if (o.generations !== undefined) { settings.generations = o.generations; }
        if (o.evaluations !== undefined) { settings.evaluations = o.evaluations; }
        if (o.stagnation !== undefined) { settings.stagnationGenerations = o.stagnation; }
        if (o.events !== undefined) { settings.maxEvents = o.events; }
        if (o.seed !== undefined) { settings.seed = o.seed; }
        if (o.latency) { settings.latencySeconds = quantity(o.latency, 'time'); }
        if (o.prefer) {
            const prefer: Partial<m.PreferWeights> = {};
            if (o.preferTime !== undefined) { prefer.time = o.preferTime; }
            if (o.preferVariance !== undefined) { prefer.variance = o.preferVariance; }
            if (o.preferViolations !== undefined) { prefer.violations = o.preferViolations; }
            if (o.preferCost !== undefined) { prefer.cost = o.preferCost; }
            settings.prefer = prefer;
        }
        return settings;
    }
}

/** The value of a quantity in the base unit of `dimension` (0 when absent or not convertible). */
export function quantity(q: ast.Quantity | undefined, dimension: Dimension): number {
    if (!q || q.unit === undefined) {
        return 0;
    }
    const info = lookupUnit(q.unit);
    return info && info.dimension === dimension ? q.value * info.factor : 0;
}

export function distribution(d: ast.Distribution, dimension: Dimension): m.Distribution {
    switch (d.$type) {
        case ast.Quantity.$type: return { kind: 'constant', value: quantity(d, dimension) };
        case ast.Constant.$type: return { kind: 'constant', value: quantity(d.value, dimension) };
        case ast.Exponential.$type: return { kind: 'exponential', mean: quantity(d.mean, dimension) };
        case ast.Uniform.$type: return { kind: 'uniform', min: quantity(d.min, dimension), max: quantity(d.max, dimension) };
        case ast.Normal.$type: return { kind: 'normal', mean: quantity(d.mean, dimension), sd: quantity(d.sd, dimension) };
        case ast.Lognormal.$type: return { kind: 'lognormal', mean: quantity(d.mean, dimension), cv: d.cv };
        case ast.Gamma.$type: return { kind: 'gamma', mean: quantity(d.mean, dimension), cv: d.cv };
        case ast.Erlang.$type: return { kind: 'erlang', k: d.k, mean: quantity(d.mean, dimension) };
    }
}

/**
 * `mtbf` and `mttr`: a bare quantity is the mean of an exponential time (the
 * classical failure model); an explicit distribution, `constant(...)`
 * included, is taken as written (docs/language.md).
 */
export function failureTime(d: ast.Distribution): m.Distribution {
    return ast.isQuantity(d) ? { kind: 'exponential', mean: quantity(d, 'time') } : distribution(d, 'time');
}

/**
 * The block comment right before each element, in one pass over the file.
 * Langium's CommentProvider finds a node's predecessor with indexOf among its
 * siblings, which is linear per element and so quadratic for a whole file
 * (36 s of a 10 MB file); the result here is the same: a block comment that
 * is the element's immediate predecessor in the syntax tree.
 */
export function docComments(root: ast.Model): Map<AstNode, string> {
    const docs = new Map<AstNode, string>();
    const content = root.$cstNode && isCompositeCstNode(root.$cstNode) ? root.$cstNode.content : [];
    for (let i = 1; i < content.length; i++) {
        const node = content[i];
        const previous = content[i - 1];
        if (!node.hidden && node.astNode !== root && isLeafCstNode(previous) && previous.tokenType.name === 'ML_COMMENT') {
            docs.set(node.astNode, previous.text);
        }
    }
    return docs;
}

/** The text of a `/** ... *\/` comment without its markers and leading stars. */
export function docText(comment: string): string {
    return comment
        .replace(/^\/\*\*+/, '')
        .replace(/\*+\/$/, '')
        .split(/\r?\n/)
        .map(line => line.replace(/^\s*\*? ?/, '').trimEnd())
        .join('\n')
        .trim();
}
