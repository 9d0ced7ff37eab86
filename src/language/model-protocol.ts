/**
 * The custom request `mlops/model` as both sides see it (no Langium import:
 * the extension bundles this file).
 */
import type { Model } from '../model/types.js';

export const MODEL_REQUEST = 'mlops/model';

export interface ModelRequestParams {
    /** The document URI as the client knows it (`file:///...`, `untitled:...`). */
    uri: string;
}

/** One error of the document; line and character are 0-based (LSP positions). */
export interface ModelError {
    line: number;
    character: number;
    message: string;
    code: string;
}

export type ModelResponse =
    | { kind: 'model'; model: Model }
    | { kind: 'errors'; errors: ModelError[] };
