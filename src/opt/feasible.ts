/**
 * Does any valid allocation exist? Checked before any search starts, so that
 * `mlops optimize` can exit 1 with a reason per component (cli.md). Pure.
 */
import type { Model } from '../model/types.js';
import { firstFit } from '../model/first-fit.js';
import { componentNeeds, hasGpu, kindServesReasons } from '../model/placement-rules.js';
import { createSpace, emptyGenotype, fromAllocation, type Genotype, type Space } from './genotype.js';
import { isValid, repair } from './repair.js';
import { randomGenotype } from './operators.js';
import { Rng } from './rng.js';

export interface InfeasibleComponent {
    component: string;
    reason: string;
}

export interface FeasibilityReport {
    feasible: boolean;
    /** Empty when feasible. */
    reasons: InfeasibleComponent[];
}

/** Why component c cannot be placed on server kind s alone (one instance), or undefined when it can (placement-rules.ts). */
function whyNotOn(space: Space, c: number, s: number, gpuOnly: boolean): string | undefined {
    const server = space.model.servers[s];
    const reasons = kindServesReasons(space.model, space.model.components[c], server, gpuOnly);
    return reasons.length === 0 ? undefined : reasons.map(r => r.startsWith(server.name) ? r : `${server.name}: ${r}`).join(', ');
}

/** A valid genotype found by a few deterministic constructions, or undefined. */
export function findValidGenotype(space: Space, attempts = 200): Genotype | undefined {
    const rng = new Rng(1);
    const candidates: (() => Genotype)[] = [
        () => fromAllocation(space, firstFit(space.model).allocation),
        () => {
            const g = emptyGenotype(space);
            for (let c = 0; c < space.C; c++) {
                const s = [...Array(space.S).keys()].find(k => space.cellMax[c * space.S + k] > 0 && (!space.needsGpu[c] || space.hasGpu[k]));
                if (s !== undefined) {
                    g.inst[c * space.S + s] = 1;
                }
            }
            return g;
        },
        ...space.model.allocations.map(a => () => fromAllocation(space, a))
    ];
    for (let i = 0; i < attempts; i++) {
        const make = candidates[i] ?? (() => randomGenotype(space, rng));
        const g = repair(space, make(), rng);
        if (g && isValid(space, g)) {
            return g;
        }
    }
    return undefined;
}

export function checkFeasible(model: Model): FeasibilityReport {
    const space = createSpace(model);
    const reasons: InfeasibleComponent[] = [];
    if (model.servers.length === 0) {
        return { feasible: false, reasons: model.components.map(c => ({ component: c.name, reason: 'the model has no server' })) };
    }
    model.components.forEach((component, c) => {
        const gpuOnly = componentNeeds(model, component.name).onlyGpu;
        const why = model.servers.map((_, s) => whyNotOn(space, c, s, gpuOnly));
        if (why.every(w => w !== undefined)) {
            reasons.push({ component: component.name, reason: `fits on no server kind: ${why.join('; ')}` });
        } else if (space.needsGpu[c] && !model.servers.some((server, s) => hasGpu(server) && why[s] === undefined)) {
            reasons.push({
                component: component.name,
                reason: 'has a step with GPU work but fits on no server kind with a GPU'
                    + (model.servers.some(hasGpu) ? `: ${model.servers.map((x, s) => hasGpu(x) ? why[s] : undefined).filter(Boolean).join('; ')}` : ' (no server has a GPU)')
            });
        }
    });
    if (reasons.length > 0) {
        return { feasible: false, reasons };
    }
    if (!findValidGenotype(space)) {
        return {
            feasible: false,
            reasons: model.components.map(component => ({
                component: component.name,
                reason: `fits alone, but no placement found where all components together stay below the machines' idle CPU and RAM`
            }))
        };
    }
    return { feasible: true, reasons: [] };
}
