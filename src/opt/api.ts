/**
 * The optimizer's contract (semantics.md "Optimization", cli.md `optimize --json`).
 * The CLI, the extension, the results view and the HTML report use only this.
 */
import type { AllocationMatrix, Objectives, ObjectiveKey } from '../model/types.js';
import type { PhasesResult, ProcessStats, ServerStats } from '../sim/api.js';
import type { SolutionExplanation } from './explain/explain-solution.js';

/** Per-process and per-server statistics of one allocation, for the results view. */
export interface SolutionDetails {
    processes: ProcessStats[];
    servers: ServerStats[];
    /** Per phase of the arrival profile (docs/semantics.md, "Profiles"), when a process has one. */
    phases?: PhasesResult;
}

export interface Solution {
    allocation: AllocationMatrix;
    objectives: Objectives;
    objectivesCI?: Record<ObjectiveKey, [number, number]>;
    details?: SolutionDetails;
}

export interface Baseline extends Solution {
    /** `first-fit`, or the name of an allocation written in the file. */
    name: string;
}

export type StopReason = 'generations' | 'evaluations' | 'time' | 'stagnation' | 'cancelled' | 'error';

/** The JSON of `optimize --json` (cli.md) plus what the results view needs. */
export interface OptimizationResult {
    system: string;
    /** Currency of the cost criterion, or null. */
    currency: string | null;
    /** Component, server kind and step names in file order (rows, columns and limits of the matrix view). */
    components: string[];
    servers: string[];
    steps: string[];
    /** Labels by element name, where the file gives one (text, never markup). */
    labels: Record<string, string>;
    seed: number;
    evaluations: number;
    wallSeconds: number;
    hypervolume: number;
    hypervolumeByGeneration: number[];
    front: Solution[];
    /**
     * Index in `front` of the solution nearest the ideal point (weighted by
     * `prefer`, each criterion as its excess over the ideal relative to the
     * ideal: chooseSolution in result.ts, docs/optimizer.md).
     */
    chosen: number;
    baselines: Baseline[];
    stoppedBy: StopReason;
    warnings: string[];
    /** Generations run (0: only the initial population was evaluated). */
    generations?: number;
    /** Simulations by fidelity (`evaluations` is their sum); absent in results from older versions. */
    simulations?: { brief: number; full: number };
    /** What the chosen solution's changes did and its headroom (src/opt/explain), when computed after the run. */
    explanation?: SolutionExplanation;
}

export interface Progress {
    generation: number;
    /** Generation limit; 0 when the run has none (it stops on its time budget). */
    generations: number;
    evaluations: number;
    hypervolume: number;
    /** Best value of each criterion on the current front (Infinity while the front is empty: baselines still running). */
    best: Objectives;
    /** The current front (for live updates of the results view). */
    front: Solution[];
    /** What the run is doing: searching (the baselines are simulated alongside), or simulating the front's details. */
    phase?: 'search' | 'details';
    /** Fidelity of the search's evaluations: `brief` (short simulations, the front re-simulated in full) or `full`. */
    fidelity?: 'brief' | 'full';
    /** Seconds until the run's time limit, when it has one. */
    timeLeftSeconds?: number;
}

export interface OptimizeCallbacks {
    /** Called at least once a second while the optimizer runs. */
    onProgress?: (progress: Progress) => void;
    /** Cooperative cancellation: the result holds the front found so far. */
    signal?: AbortSignal;
}
