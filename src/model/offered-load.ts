/**
 * Offered load against capacity, computed once for the validator (check 8,
 * analysis.ts) and the simulator's warnings (sim/simulator.ts). Pure.
 *
 * A component's work goes to whichever of its instances is free, so what a
 * set of components can use is the speed of the *distinct machines* holding
 * their instances, each machine counted once (three instances on one 1 GHz
 * machine give 1 GHz, not 3), and shared with the other components there.
 * The necessary condition for stable queues is then Hall's condition: for
 * every set S of components, the work arriving at S per second is below the
 * total speed of the machines holding instances of S. It is checked with one
 * maximum flow (components -> their machines -> capacity) per resource; when
 * the work cannot all be routed, the minimum cut names the overloaded
 * components and machines. Before this module the simulator added a machine's
 * speed once per instance (no warning while every run missed its deadline)
 * and the validator split a component's work equally over instances of
 * unequal speed (a stable 2 GHz + 1 GHz placement was reported as overloaded).
 *
 * Work of a step that needs a GPU (CPU and GPU) can only go to instances on
 * machines with a GPU; the CPU work of other steps to any instance.
 */
import { distributionMean } from './distributions.js';
import { stepNeedsGpu } from './placement-rules.js';
import type { Model } from './types.js';
import { meanArrivalGap } from './profile.js';

/** Mean work arriving per second at one component, by where it can run. */
export interface ComponentDemand {
    /** CPU work of steps that need no GPU, GHz. */
    cpuAnyGHz: number;
    /** CPU work of steps that need a GPU (runs only on GPU machines), GHz. */
    cpuGpuGHz: number;
    /** GPU work, TOPS. */
    gpuTOPS: number;
}

/** Mean work per second arriving at each component (rows of model.components): sum over processes of mean work / mean gap. */
export function componentDemand(model: Model): ComponentDemand[] {
    const index = new Map(model.components.map((c, i) => [c.name, i]));
    const demand = model.components.map(() => ({ cpuAnyGHz: 0, cpuGpuGHz: 0, gpuTOPS: 0 }));
    const stepByName = new Map(model.steps.map(s => [s.name, s]));
    for (const process of model.processes) {
        const meanGap = meanArrivalGap(process);
        if (!(meanGap > 0)) {
            continue;
        }
        for (const name of process.steps) {
            const step = stepByName.get(name);
            const c = step ? index.get(step.component) : undefined;
            if (!step || c === undefined) {
                continue;
            }
            const cpu = (step.cpuWorkGHzSeconds ? distributionMean(step.cpuWorkGHzSeconds) : 0) / meanGap;
            if (stepNeedsGpu(step)) {
                demand[c].cpuGpuGHz += cpu;
                demand[c].gpuTOPS += distributionMean(step.gpuWorkTOPSSeconds!) / meanGap;
            } else {
                demand[c].cpuAnyGHz += cpu;
            }
        }
    }
    return demand;
}

/** Machines as the load check sees them: speeds, and the distinct machines holding each component's instances. */
export interface LoadMachines {
    cpuGHz: ArrayLike<number>;
    gpuTOPS: ArrayLike<number>;
    /** Per component (rows of model.components): the distinct machines (indices into cpuGHz) holding its instances. */
    hosts: number[][];
}

/** A set of components whose work cannot all be served by the machines holding their instances. */
export interface LoadOverload {
    resource: 'cpu' | 'gpu';
    /** Component rows, ascending. */
    components: number[];
    /** Machine indices, ascending: every machine that can serve them (each counted once). */
    machines: number[];
    /** Work arriving per second at those components, GHz or TOPS. */
    offered: number;
    /** Total speed of those machines, GHz or TOPS. */
    capacity: number;
    /** Work per second of each of the components, same order. */
    byComponent: number[];
}

/** Relative margin: a load within 1e-9 of the capacity counts as reaching it ("at or above capacity"). */
const AT_CAPACITY = 1e-9;

/** Every overloaded set of components, per resource (CPU first), as in the file comment. */
export function loadOverloads(demand: ComponentDemand[], machines: LoadMachines): LoadOverload[] {
    const cpuNodes: Demand[] = [];
    const gpuNodes: Demand[] = [];
    demand.forEach((d, c) => {
        const all = machines.hosts[c] ?? [];
        const gpu = all.filter(m => machines.gpuTOPS[m] > 0);
        if (d.cpuAnyGHz > 0) { cpuNodes.push({ component: c, work: d.cpuAnyGHz, machines: all }); }
        if (d.cpuGpuGHz > 0) { cpuNodes.push({ component: c, work: d.cpuGpuGHz, machines: gpu }); }
        if (d.gpuTOPS > 0) { gpuNodes.push({ component: c, work: d.gpuTOPS, machines: gpu }); }
    });
    return [
        ...deficientSets(cpuNodes, machines.cpuGHz).map(s => overload('cpu', s, cpuNodes, machines.cpuGHz)),
        ...deficientSets(gpuNodes, machines.gpuTOPS).map(s => overload('gpu', s, gpuNodes, machines.gpuTOPS))
    ];
}

interface Demand {
    component: number;
    work: number;
    machines: number[];
}

function overload(resource: 'cpu' | 'gpu', set: { nodes: number[]; machines: number[] }, nodes: Demand[], speed: ArrayLike<number>): LoadOverload {
    const work = new Map<number, number>();
    for (const n of set.nodes) {
        work.set(nodes[n].component, (work.get(nodes[n].component) ?? 0) + nodes[n].work);
    }
    const components = [...work.keys()].sort((a, b) => a - b);
    const byComponent = components.map(c => work.get(c)!);
    const machines = [...set.machines].sort((a, b) => a - b);
    return {
        resource, components, machines, byComponent,
        offered: byComponent.reduce((a, b) => a + b, 0),
        capacity: machines.reduce((a, m) => a + speed[m], 0)
    };
}

/**
 * The sets of demand nodes whose work (raised by AT_CAPACITY) exceeds the
 * speed of the machines they can use: the source side of a minimum cut of
 * source -> node (work) -> machine (unbounded) -> sink (speed), split into
 * connected pieces (each piece is overloaded by itself: its machines are
 * saturated by its own nodes, and one of its nodes has work left).
 */
function deficientSets(nodes: Demand[], speed: ArrayLike<number>): { nodes: number[]; machines: number[] }[] {
    if (nodes.length === 0) {
        return [];
    }
    // Graph: 0 source, 1 sink, 2.. demand nodes, then the machines used.
    const machineNode = new Map<number, number>();
    const machineOf: number[] = [];
    const N0 = 2 + nodes.length;
    for (const d of nodes) {
        for (const m of d.machines) {
            if (!machineNode.has(m)) {
                machineNode.set(m, N0 + machineOf.length);
                machineOf.push(m);
            }
        }
    }
    const flow = new MaxFlow(N0 + machineOf.length);
    let total = 0;
    nodes.forEach((d, i) => {
        const work = d.work * (1 + AT_CAPACITY);
        total += work;
        flow.addEdge(0, 2 + i, work);
        for (const m of d.machines) {
            flow.addEdge(2 + i, machineNode.get(m)!, Infinity);
        }
    });
    machineOf.forEach((m, j) => flow.addEdge(N0 + j, 1, speed[m]));
    flow.eps = total * 1e-12;
    const routed = flow.run(0, 1);
    if (routed >= total * (1 - 1e-12)) {
        return [];
    }
    const reach = flow.reachable(0);
    // Connected pieces of the reachable nodes (through edges with flow or room left, either way).
    const piece = new Int32Array(flow.size).fill(-1);
    const sets: { nodes: number[]; machines: number[] }[] = [];
    for (let v = 2; v < N0; v++) {
        if (!reach[v] || piece[v] >= 0) { continue; }
        const set = { nodes: [] as number[], machines: [] as number[] };
        const stack = [v];
        piece[v] = sets.length;
        while (stack.length > 0) {
            const u = stack.pop()!;
            if (u < N0) { set.nodes.push(u - 2); } else { set.machines.push(machineOf[u - N0]); }
            for (const w of flow.neighbours(u)) {
                if (w >= 2 && reach[w] && piece[w] < 0) {
                    piece[w] = sets.length;
                    stack.push(w);
                }
            }
        }
        sets.push(set);
    }
    return sets;
}

/** Dinic's maximum flow on float capacities (small graphs: components and the machines they use). */
class MaxFlow {
    private readonly head: number[][];
    private readonly to: number[] = [];
    private readonly cap: number[] = [];
    private level: Int32Array;
    /** Residual capacity at or below this is none (float noise of the sums). */
    eps = 1e-12;
    private next: Int32Array;

    constructor(readonly size: number) {
        this.head = Array.from({ length: size }, () => []);
        this.level = new Int32Array(size);
        this.next = new Int32Array(size);
    }

    addEdge(u: number, v: number, capacity: number): void {
        this.head[u].push(this.to.length);
        this.to.push(v);
        this.cap.push(capacity);
        this.head[v].push(this.to.length);
        this.to.push(u);
        this.cap.push(0);
    }

    *neighbours(u: number): Iterable<number> {
        for (const e of this.head[u]) {
            yield this.to[e];
        }
    }

    run(s: number, t: number): number {
        let total = 0;
        while (this.bfs(s, t)) {
            this.next.fill(0);
            for (let f = this.dfs(s, t, Infinity); f > 0; f = this.dfs(s, t, Infinity)) {
                total += f;
            }
        }
        return total;
    }

    /** Nodes reachable from s through edges with room left. */
    reachable(s: number): Uint8Array {
        const seen = new Uint8Array(this.size);
        const stack = [s];
        seen[s] = 1;
        while (stack.length > 0) {
            const u = stack.pop()!;
            for (const e of this.head[u]) {
                const v = this.to[e];
                if (!seen[v] && this.cap[e] > this.eps) {
                    seen[v] = 1;
                    stack.push(v);
                }
            }
        }
        return seen;
    }

    private bfs(s: number, t: number): boolean {
        this.level.fill(-1);
        this.level[s] = 0;
        const queue = [s];
        for (let i = 0; i < queue.length; i++) {
            const u = queue[i];
            for (const e of this.head[u]) {
                const v = this.to[e];
                if (this.level[v] < 0 && this.cap[e] > this.eps) {
                    this.level[v] = this.level[u] + 1;
                    queue.push(v);
                }
            }
        }
        return this.level[t] >= 0;
    }

    private dfs(u: number, t: number, pushed: number): number {
        if (u === t) {
            return pushed;
        }
        for (; this.next[u] < this.head[u].length; this.next[u]++) {
            const e = this.head[u][this.next[u]];
            const v = this.to[e];
            if (this.level[v] !== this.level[u] + 1 || !(this.cap[e] > this.eps)) {
                continue;
            }
            const f = this.dfs(v, t, Math.min(pushed, this.cap[e]));
            if (f > 0) {
                this.cap[e] -= f;
                this.cap[e ^ 1] += f;
                return f;
            }
        }
        return 0;
    }
}
