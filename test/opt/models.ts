/** Small .mlops models for the optimizer tests. */
import { parseModel } from '../../src/language/load.js';
import type { Model } from '../../src/model/types.js';

/**
 * Two server kinds, two components, one limit: a space small enough to
 * enumerate (test/opt/enumerate.test.ts counts it).
 */
export const SMALL = `system small
server small { cpu 8 GHz ram 16 GB price 1 EUR/h count 2 }
server big   { cpu 24 GHz ram 64 GB price 4 EUR/h count 1 }
component api    { idle cpu 2.5 GHz ram 2 GB startup 5 s permanent }
component worker { idle cpu 3 GHz ram 4 GB startup 20 s }
step handle { runs on api cpu exponential(mean 4 GHz*s) ram 1 GB }
step crunch { runs on worker cpu exponential(mean 60 GHz*s) ram 2 GB threads 2 }
process requests {
    steps handle -> crunch
    every exponential(mean 20 s)
    deadline 40 s
}
optimize { horizon 2 h warmup 10 min replications 2 population 16 generations 60 seed 7 }
`;

/** A GPU model: the trainer needs a GPU machine. */
export const GPU = `system gpu
server cpu_node { cpu 16 GHz ram 32 GB price 1 EUR/h count 3 }
server gpu_node { cpu 32 GHz gpu 100 TOPS ram 128 GB price 10 EUR/h count 1 }
component store   { idle cpu 1 GHz ram 4 GB permanent }
component trainer { idle cpu 2 GHz ram 8 GB startup 30 s }
component scorer  { idle cpu 0.5 GHz ram 1 GB startup 2 s }
step load  { runs on store cpu 1 GHz*s ram 1 GB }
step train { runs on trainer cpu 10 GHz*s gpu exponential(mean 200 TOPS*s) ram 16 GB threads 3 }
step score { runs on scorer cpu exponential(mean 0.5 GHz*s) ram 512 MB }
process training { steps load -> train every exponential(mean 10 min) deadline 10 min }
process scoring  { steps load -> score every exponential(mean 5 s) deadline 2 s weight time 3 }
allocation current {
    store on cpu_node x 1
    trainer on gpu_node x 1
    scorer on cpu_node x 2
}
optimize { horizon 1 h warmup 5 min replications 2 population 12 generations 6 seed 3 }
`;

/** Valid as a model, but the two components cannot share the single machine. */
export const CROWDED = `system crowded
server only { cpu 10 GHz ram 16 GB price 1 EUR/h count 1 }
component a { idle cpu 6 GHz ram 2 GB }
component b { idle cpu 6 GHz ram 2 GB }
step sa { runs on a cpu 1 GHz*s }
step sb { runs on b cpu 1 GHz*s }
process p { steps sa -> sb every exponential(mean 1 min) }
`;

export async function model(text: string): Promise<Model> {
    return parseModel(text);
}
