/**
 * Capacity-aware heuristic seeds (docs/optimizer.md "Initialization").
 *
 * The load-sized seeds of initialization.ts size each component alone on its
 * best-valued kinds; when many components share the same cheapest kind (on a
 * generated 30-component model, 25 of 30 chose one kind of 5 machines), that
 * kind's machines run at 100% CPU and every process misses its deadline.
 * These seeds place the same replicas while they keep a CPU (and GPU) budget
 * per kind: a kind offers count x speed x u, every instance placed there
 * takes its share of the component's work plus its idle CPU, and a
 * component's work goes on to the next kind when a kind is full. Components
 * are placed in decreasing order of their work, GPU work first (the GPU kinds
 * are scarce). Kinds are tried cheapest per unit of speed first (a cost-minded
 * seed) or fastest first (a time-minded seed: a run's service time is its work
 * over the machine's speed). Permanent where the startup exceeds the deadline
 * slack. Pure; the caller repairs.
 */
import { cloneGenotype, emptyGenotype, type Genotype } from '../genotype.js';
import { consolidations } from './initialization.js';
import { kindsByValue, type Problem } from './problem.js';

export type KindOrder = 'value' | 'speed';

export interface CapacitySeedOptions {
    /** Target utilization of each kind's CPU and GPU (0 < u <= 1). */
    utilization: number;
    order: KindOrder;
    /** Set the flags of components whose startup exceeds their deadline slack. */
    permanentWhereSlow: boolean;
}

/** The seeds made for every model: cost-minded at three utilizations, one without flags, one time-minded. */
export const CAPACITY_SEEDS: readonly CapacitySeedOptions[] = [
    { utilization: 0.5, order: 'value', permanentWhereSlow: true },
    { utilization: 0.7, order: 'value', permanentWhereSlow: true },
    { utilization: 0.85, order: 'value', permanentWhereSlow: true },
    { utilization: 0.7, order: 'value', permanentWhereSlow: false },
    { utilization: 0.5, order: 'speed', permanentWhereSlow: true }
];

/** Kinds component c may use, in the seed's order (GPU kinds only for a component with GPU work). */
function kindOrder(problem: Problem, c: number, order: KindOrder): number[] {
    const { space } = problem;
    const gpu = space.needsGpu[c];
    const kinds = kindsByValue(problem, c, gpu);
    if (order === 'value') {
        return kinds;
    }
    const speed = (s: number) => gpu ? space.model.servers[s].gpuTOPS : space.model.servers[s].cpuGHz;
    // Stable: equal speeds keep the value order.
    return kinds.map((s, i) => ({ s, i })).sort((a, b) => speed(b.s) - speed(a.s) || a.i - b.i).map(x => x.s);
}

/**
 * One capacity-aware seed (see the file comment). Every component gets at
 * least one instance; a component whose work does not fit in the budgets
 * left gets the instances it could place (the search and repair go on from
 * there).
 */
export function capacitySeed(problem: Problem, options: CapacitySeedOptions): Genotype {
    const { space } = problem;
    const { model, C, S } = space;
    const u = options.utilization;
    const g = emptyGenotype(space);
    const cpuLeft = Float64Array.from(model.servers, s => s.count * s.cpuGHz * u);
    const gpuLeft = Float64Array.from(model.servers, s => s.count * s.gpuTOPS * u);
    // GPU work first, then CPU work, largest first; ties by file order.
    const components = [...Array(C).keys()].sort((a, b) =>
        Number(space.needsGpu[b]) - Number(space.needsGpu[a]) || problem.gpuDemand[b] - problem.gpuDemand[a]
        || problem.cpuDemand[b] - problem.cpuDemand[a] || a - b);
    for (const c of components) {
        const kinds = kindOrder(problem, c, options.order);
        if (kinds.length === 0) {
            continue;
        }
        const idle = model.components[c].idleCpuGHz;
        const gpuWork = space.needsGpu[c] && problem.gpuDemand[c] > 0;
        let cpu = problem.cpuDemand[c];
        let gpuDemand = gpuWork ? problem.gpuDemand[c] : 0;
        const hasWork = cpu > 1e-12 || gpuDemand > 1e-12;
        let placed = 0;
        for (const s of kinds) {
            const server = model.servers[s];
            // One instance per machine: instances on one machine share its speed.
            const room = Math.min(server.count, space.cellMax[c * S + s]);
            while (g.inst[c * S + s] < room) {
                if (!hasWork) {
                    // No work (its processes never come): one instance where its idle load fits.
                    if (cpuLeft[s] >= idle) {
                        g.inst[c * S + s]++;
                        cpuLeft[s] -= idle;
                        placed++;
                    }
                    break;
                }
                // What one more instance here can take: at most u of one machine, at most what the kind has left.
                const takeCpu = Math.max(0, Math.min(cpu, server.cpuGHz * u, cpuLeft[s] - idle));
                const takeGpu = gpuWork ? Math.max(0, Math.min(gpuDemand, server.gpuTOPS * u, gpuLeft[s])) : 0;
                if (takeCpu <= 1e-12 && takeGpu <= 1e-12) {
                    break;
                }
                g.inst[c * S + s]++;
                placed++;
                cpuLeft[s] -= idle + takeCpu;
                gpuLeft[s] -= takeGpu;
                cpu -= takeCpu;
                gpuDemand -= takeGpu;
            }
            if (placed > 0 && cpu <= 1e-12 && gpuDemand <= 1e-12) {
                break;
            }
        }
        if (placed === 0) {
            // Every kind is full: one instance on the component's first kind; repair decides.
            g.inst[c * S + kinds[0]]++;
        }
        if (options.permanentWhereSlow && problem.startupTooSlow[c]) {
            for (let s = 0; s < S; s++) {
                if (g.inst[c * S + s] > 0) {
                    g.perm[c * S + s] = 1;
                }
            }
        }
    }
    return g;
}

/** The capacity-aware seeds of CAPACITY_SEEDS, then consolidations of the middle cost-minded one. Unrepaired. */
export function capacitySeeds(problem: Problem): Genotype[] {
    const seeds = CAPACITY_SEEDS.map(options => capacitySeed(problem, options));
    seeds.push(...consolidations(problem, cloneGenotype(seeds[1])));
    return seeds;
}
