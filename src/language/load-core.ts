/**
 * Parsing, linking and validating .mlops text outside the language server.
 * `loadWith` is the one procedure; load.ts runs it on the full services
 * (tests and benchmarks that also use the editor features), the CLI on the
 * core services (mlops-core-module.ts: the same diagnostics without loading
 * the LSP). One services instance per process and kind.
 */
import { EmptyFileSystem, URI, type LangiumDocument, type LangiumSharedCoreServices } from 'langium';
import type { Diagnostic } from 'vscode-languageserver';
import { createMlopsCoreServices, type MlopsCoreServices } from './mlops-core-module.js';
import type { Model as AstModel } from './generated/ast.js';
import type { Model } from '../model/types.js';

export interface LoadResult {
    document: LangiumDocument<AstModel>;
    diagnostics: Diagnostic[];
    /** The model, when the document has no error (warnings allowed). */
    model?: Model;
}

let counter = 0;

/** Parses, links and validates `text` with `mlops`; builds the model when there is no error. */
export async function loadWith(mlops: MlopsCoreServices & { shared: LangiumSharedCoreServices }, text: string, uri?: string): Promise<LoadResult> {
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

let core: MlopsCoreServices | undefined;

/** loadWith on the core services (no LSP): what the CLI runs. */
export function loadModelCore(text: string, uri?: string): Promise<LoadResult> {
    core ??= createMlopsCoreServices(EmptyFileSystem).Mlops;
    return loadWith(core, text, uri);
}
