/**
 * Parsing and validating .mlops text outside the language server: for the
 * CLI, the benchmarks and the tests. One services instance per process.
 */
import { EmptyFileSystem, URI, type LangiumDocument } from 'langium';
import type { Diagnostic } from 'vscode-languageserver';
import { createMlopsServices, type MlopsServices } from './mlops-module.js';
import type { Model as AstModel } from './generated/ast.js';
import type { Model } from '../model/types.js';

let services: MlopsServices | undefined;
let counter = 0;

export function mlopsServices(): MlopsServices {
    services ??= createMlopsServices(EmptyFileSystem).Mlops;
    return services;
}

export interface LoadResult {
    document: LangiumDocument<AstModel>;
    diagnostics: Diagnostic[];
    /** The model, when the document has no error (warnings allowed). */
    model?: Model;
}

/** Parses, links and validates `text`; builds the model when there is no error. */
export async function loadModel(text: string, uri?: string): Promise<LoadResult> {
    const mlops = mlopsServices();
    const shared = mlops.shared;
    const docUri = URI.parse(uri ?? `memory:///model-${++counter}.mlops`);
    const document = shared.workspace.LangiumDocumentFactory.fromString<AstModel>(text, docUri);
    shared.workspace.LangiumDocuments.addDocument(document);
    try {
        await shared.workspace.DocumentBuilder.build([document], { validation: true });
        const diagnostics = document.diagnostics ?? [];
        const hasErrors = diagnostics.some(d => d.severity === 1);
        return {
            document,
            diagnostics,
            model: hasErrors ? undefined : mlops.model.ModelBuilder.build(document.parseResult.value)
        };
    } finally {
        shared.workspace.LangiumDocuments.deleteDocument(docUri);
    }
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
