/** Messages between the optimizer and its evaluation workers (structured-clone data only). */
import type { AllocationDef, Model, Objectives } from '../model/types.js';
import type { SimulationResult, SimulationSettings } from '../sim/api.js';

/** `workerData` of each worker. */
export interface WorkerInit {
    model: Model;
    simulation: SimulationSettings;
    /** Settings of brief evaluations (absent: brief requests use `simulation`). */
    brief?: SimulationSettings;
}

export type WorkerRequest =
    | { type: 'evaluate'; id: number; allocation: AllocationDef; brief?: boolean }
    | { type: 'simulate'; id: number; allocation: AllocationDef };

export type WorkerReply =
    | { type: 'objectives'; id: number; objectives: Objectives }
    | { type: 'simulation'; id: number; result: SimulationResult }
    /** The allocation could not be simulated (the run ends with this message). */
    | { type: 'failed'; id: number; message: string }
    /** The worker cannot work at all (e.g. the simulator cannot be built). */
    | { type: 'fatal'; message: string };
