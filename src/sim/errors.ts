/** The model, the settings or the allocation cannot be simulated as given (the message says why). */
export class SimulationInputError extends Error {}
