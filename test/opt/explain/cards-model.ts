/**
 * The small scoring model the explanation tests share (test/opt/explain and
 * test/extension/explainer.test.ts), and a result over it whose front and
 * baselines are named allocations of the file, every objective 1.
 */
import { parseModel } from '../../../src/language/load.js';
import { toMatrix } from '../../../src/model/allocation.js';
import type { Model } from '../../../src/model/types.js';
import type { OptimizationResult } from '../../../src/opt/api.js';

export const CARDS_TEXT = `system cards
server node { cpu 4 GHz ram 8 GB price 1 EUR/h count 2 }
component scorer { startup 2 s }
step score { runs on scorer cpu exponential(mean 0.2 GHz*s) }
process scoring { steps score every exponential(mean 5 s) deadline 500 ms }
allocation current { scorer on node x 1 }
allocation warm { scorer on node x 1 permanent }
allocation two { scorer on node x 2 permanent }
`;

/**
 * The model and a result whose front is the allocations named in `front`,
 * `chosen` its index, and whose baselines are [baseline name, allocation
 * name] pairs.
 */
export async function cardsResult(front: string[], chosen: number, baselines: [string, string][]): Promise<{ model: Model; result: OptimizationResult }> {
    const model = await parseModel(CARDS_TEXT);
    const matrix = (name: string) => toMatrix(model.allocations.find(a => a.name === name)!);
    const objectives = { time: 1, variance: 1, violations: 1, cost: 1 };
    return {
        model,
        result: {
            system: 'cards', currency: null, components: ['scorer'], servers: ['node'], steps: ['score'], labels: {}, seed: 1, evaluations: 1,
            wallSeconds: 1, hypervolume: 0, hypervolumeByGeneration: [], stoppedBy: 'generations', warnings: [],
            front: front.map(name => ({ allocation: matrix(name), objectives })), chosen,
            baselines: baselines.map(([name, allocation]) => ({ name, allocation: matrix(allocation), objectives }))
        }
    };
}
