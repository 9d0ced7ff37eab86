/**
 * Near-saturation warning (docs/semantics.md, "Warnings"): a queue at 99% of
 * its capacity is stable, so no overload warning fires, but it takes very
 * long to reach its steady state from the empty start. When the warm-up is
 * shorter than that, the figures are those of a queue still filling up
 * (optimistic, and they move with the warm-up and the horizon). Pure.
 *
 * Which components are near saturation comes from the offered-load rule of
 * src/model/offered-load.ts (the overload check of the validator and the
 * simulator): a set of components whose demand, raised by 1 / NEAR_SATURATION,
 * would overload the machines that can serve it has a load factor
 * rho = offered / capacity of at least NEAR_SATURATION.
 *
 * Relaxation time: for a single-server queue in heavy traffic the time to
 * forget the initial state is about S / (1 - sqrt(rho))^2 (Morse), S the mean
 * service time; with the machines' speeds pooled, S = rho / lambda for parts
 * arriving at lambda per second, so tau = rho / (lambda (1 - sqrt(rho))^2):
 * rho 0.99 and one part a second give about 11 h; rho 0.5, 6 s.
 */
import { fmtSeconds } from '../model/format.js';
import { loadOverloads, type ComponentDemand, type LoadMachines } from '../model/offered-load.js';
import type { Model } from '../model/types.js';
import { meanArrivalGap } from '../model/profile.js';

export const NEAR_SATURATION = 0.9;

export function relaxationSeconds(rho: number, partsPerSecond: number): number {
    return rho / (partsPerSecond * (1 - Math.sqrt(rho)) ** 2);
}

export function saturationWarnings(model: Model, demand: ComponentDemand[], machines: LoadMachines, warmupSeconds: number): string[] {
    const scaled = demand.map(d => ({ cpuAnyGHz: d.cpuAnyGHz / NEAR_SATURATION, cpuGpuGHz: d.cpuGpuGHz / NEAR_SATURATION, gpuTOPS: d.gpuTOPS / NEAR_SATURATION }));
    const parts = partsPerSecond(model);
    const warnings: string[] = [];
    for (const set of loadOverloads(scaled, machines)) {
        const rho = set.offered * NEAR_SATURATION / set.capacity;
        if (!(rho < 1)) {
            continue; // overloaded: the overload warning says so
        }
        const lambda = set.components.reduce((sum, c) => sum + parts[c], 0);
        const tau = relaxationSeconds(rho, lambda);
        if (!(lambda > 0) || !(warmupSeconds < tau)) {
            continue;
        }
        const names = set.components.map(c => model.components[c].name);
        warnings.push(`${names.length === 1 ? 'component' : 'components'} ${names.join(', ')}: ${set.resource.toUpperCase()} load is `
            + `${(100 * rho).toFixed(1)}% of the ${set.machines.length === 1 ? 'machine' : `${set.machines.length} machines`} that can serve `
            + `${names.length === 1 ? 'it' : 'them'} (near saturation): such a queue needs about ${fmtSeconds(tau)} to settle from its empty start `
            + `(relaxation time), but the warmup is ${fmtSeconds(warmupSeconds)}; the figures are optimistic and depend on the warmup and the horizon: `
            + `raise warmup and horizon to several times ${fmtSeconds(tau)}, or add capacity`);
    }
    return warnings;
}

/** Parts arriving per second at each component (one per step of a run): sum over processes of 1 / mean time between runs. */
function partsPerSecond(model: Model): number[] {
    const index = new Map(model.components.map((c, i) => [c.name, i]));
    const stepComponent = new Map(model.steps.map(s => [s.name, index.get(s.component)]));
    const parts = model.components.map(() => 0);
    for (const process of model.processes) {
        const gap = meanArrivalGap(process);
        if (!(gap > 0)) {
            continue;
        }
        for (const step of process.steps) {
            const c = stepComponent.get(step);
            if (c !== undefined) {
                parts[c] += 1 / gap;
            }
        }
    }
    return parts;
}
