/**
 * Parsing and validating .mlops text outside the language server, on the
 * full services (with the editor features): for the benchmarks and the
 * tests. The CLI uses load-core.ts (the same procedure without the LSP).
 * One services instance per process.
 */
import { EmptyFileSystem } from 'langium';
import { createMlopsServices, type MlopsServices } from './mlops-module.js';
import { loadWith, type LoadResult } from './load-core.js';
import type { Model } from '../model/types.js';

export type { LoadResult };

let services: MlopsServices | undefined;

export function mlopsServices(): MlopsServices {
    services ??= createMlopsServices(EmptyFileSystem).Mlops;
    return services;
}

/** Parses, links and validates `text` (load-core.ts) on the full services; builds the model when there is no error. */
export function loadModel(text: string, uri?: string): Promise<LoadResult> {
    return loadWith(mlopsServices(), text, uri);
}

/** The model of `text`, or an Error listing the error diagnostics (for tests and benchmarks). */
export async function parseModel(text: string): Promise<Model> {
    const result = await loadModel(text);
    if (!result.model) {
        const errors = result.diagnostics.filter(d => d.severity === 1)
            .map(d => `${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.message}`);
        throw new Error(`model has errors:\n${errors.join('\n')}`);
    }
    return result.model;
}
