import { readFileSync } from 'node:fs';
import { EmptyFileSystem } from 'langium';
import { createMlopsServices } from '../../../src/language/mlops-module.js';

/** One services instance for the editor tests (no connection, in-memory files). */
export const services = createMlopsServices(EmptyFileSystem).Mlops;

export const retail = readFileSync('examples/retail.mlops', 'utf8');
