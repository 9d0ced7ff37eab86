/**
 * The optimizer's generator is the project's one PRNG (src/model/rng.ts); this
 * name stays so that the search's many modules keep their import.
 */
export { Rng } from '../model/rng.js';
