/**
 * The custom request `mlops/model`: the validated model of one open document,
 * including its unsaved edits, or the list of its errors. The extension asks
 * for it before optimizing; the handler is plain Langium, testable without
 * VS Code (create the services with EmptyFileSystem).
 */
import { DocumentState, URI } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import type { Model as AstModel } from './generated/ast.js';
import type { MlopsServices } from './mlops-module.js';
import type { ModelError, ModelRequestParams, ModelResponse } from './model-protocol.js';

export { MODEL_REQUEST } from './model-protocol.js';
export type { ModelError, ModelRequestParams, ModelResponse } from './model-protocol.js';

/**
 * Builds the handler. It runs under the workspace read lock, so any pending
 * document update (a keystroke not yet built) is applied first, and it runs
 * every validation category (also the `slow` ones the editor may skip while
 * typing), so the model it returns is one the simulator can run.
 */
export function createModelRequestHandler(shared: LangiumSharedServices, mlops: MlopsServices):
    (params: ModelRequestParams) => Promise<ModelResponse> {
    return async (params) => {
        if (!params || typeof params.uri !== 'string') {
            return { kind: 'errors', errors: [{ line: 0, character: 0, message: 'mlops/model needs { uri: string }', code: 'bad-request' }] };
        }
        const uri = URI.parse(params.uri);
        return shared.workspace.WorkspaceLock.read(async () => {
            const document = shared.workspace.LangiumDocuments.getDocument(uri);
            if (!document) {
                return { kind: 'errors', errors: [{ line: 0, character: 0, message: `the language server does not know ${params.uri}`, code: 'unknown-document' }] };
            }
            if (document.state < DocumentState.Linked) {
                await shared.workspace.DocumentBuilder.build([document], { validation: false });
            }
            const diagnostics = await mlops.validation.DocumentValidator.validateDocument(document);
            const errors: ModelError[] = diagnostics
                .filter(d => d.severity === 1)
                .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character)
                .map(d => ({
                    line: d.range.start.line,
                    character: d.range.start.character,
                    message: typeof d.message === 'string' ? d.message : d.message.value,
                    code: codeOf(d.data, d.code)
                }));
            if (errors.length > 0) {
                return { kind: 'errors', errors };
            }
            try {
                return { kind: 'model', model: mlops.model.ModelBuilder.build(document.parseResult.value as AstModel) };
            } catch (error) {
                return { kind: 'errors', errors: [{ line: 0, character: 0, message: `cannot build the model: ${String(error)}`, code: 'internal' }] };
            }
        });
    };
}

function codeOf(data: unknown, code: unknown): string {
    const fromData = (data as { code?: unknown } | undefined)?.code;
    if (typeof fromData === 'string') {
        return fromData;
    }
    return typeof code === 'string' || typeof code === 'number' ? String(code) : 'unknown';
}
