/**
 * `npm run bench:optimizer -- --only brief`: does the brief fidelity rank
 * allocations as the full simulation does, where it matters? On the
 * generated 30 x 10 x 12 model, for each search seed: the optimizer with its
 * defaults, then every member of its front whose full time is within 3x of
 * the front's best (the region the choice is made in, not the overloaded
 * extremes that rank themselves) is simulated with the run's full settings
 * and with its brief settings, counting a process the brief window saw no
 * run of as 0 (before) and with the analytic estimate
 * (src/opt/brief-simulator.ts). Spearman rank correlation of each brief
 * time with the full time.
 */
import os from 'node:os';
import { parseModel } from '../src/language/load.js';
import { resolveSettings } from '../src/model/settings.js';
import { fromMatrix } from '../src/model/allocation.js';
import { optimize, simulationSettings, type OptimizeOptions } from '../src/opt/index.js';
import { briefSettings, effectiveSettings } from '../src/opt/search/fidelity.js';
import { createBriefSimulator } from '../src/opt/brief-simulator.js';
import { createSimulator } from '../src/sim/index.js';
import { spearman } from './analytic.js';
import { generatedModelText } from './models.js';

export async function briefPart(seeds: number[], options: OptimizeOptions): Promise<void> {
    const model = await parseModel(generatedModelText({ seed: 1 }));
    const base = resolveSettings(model, { workers: 0 });
    const settings = effectiveSettings(model, base);
    console.log(`\nbrief vs full ranking of time on the generated 30 x 10 x 12 model (generator seed 1), search seeds ${seeds.join(', ')}; `
        + `${os.cpus()[0]?.model}, ${os.cpus().length} cores, node ${process.version}, load ${os.loadavg()[0].toFixed(1)}`);
    for (const seed of seeds) {
        const result = await optimize(model, { ...base, seed }, {}, options);
        const full = simulationSettings({ ...settings, seed });
        const brief = briefSettings(full);
        if (!brief) {
            console.log(`  seed ${seed}: no brief fidelity for these settings`);
            continue;
        }
        const best = Math.min(...result.front.map(s => s.objectives.time));
        const members = result.front.filter(s => s.objectives.time <= 3 * best);
        const allocations = members.map(s => fromMatrix(model, s.allocation));
        const fullTime = members.map(s => s.objectives.time);
        const plain = createSimulator(model, brief), filled = createBriefSimulator(model, brief);
        const seen = plain.simulate(allocations[0]).processes.filter(p => p.runs === 0).map(p => p.name);
        const plainTime = allocations.map(a => plain.evaluate(a).time);
        const filledTime = allocations.map(a => filled.evaluate(a).time);
        console.log(`  seed ${seed}: ${members.length} of ${result.front.length} front members; processes without a run in the brief window: `
            + `${seen.join(', ') || 'none'}; Spearman(brief, full) of time: counting them 0 ${spearman(plainTime, fullTime).toFixed(3)}, `
            + `with the analytic estimate ${spearman(filledTime, fullTime).toFixed(3)}`);
    }
}
