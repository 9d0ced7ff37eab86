import '../polyfill/object-group-by.js';
import { inject, type Module } from 'langium';
import { finishServices, MlopsCoreModule, type MlopsAddedServices as MlopsCoreAddedServices } from './mlops-core-module.js';
import {
    createDefaultModule, createDefaultSharedModule,
    type DefaultSharedModuleContext, type LangiumServices, type LangiumSharedServices, type PartialLangiumServices, type PartialLangiumSharedServices
} from 'langium/lsp';
import { MlopsGeneratedModule, MlopsGeneratedSharedModule } from './generated/module.js';
import { MlopsFormatter } from './lsp/formatter.js';
import { MlopsCodeActionProvider } from './lsp/code-actions.js';
import { MlopsHoverProvider } from './lsp/hover.js';
import { MlopsCompletionProvider } from './lsp/completion.js';
import { MlopsSemanticTokenProvider } from './lsp/semantic-tokens.js';
import { MlopsDocumentSymbolProvider } from './lsp/document-symbols.js';
import { MlopsNodeKindProvider } from './lsp/node-kinds.js';
import { MlopsRenameProvider } from './lsp/rename.js';
import { MlopsCodeLensProvider } from './lsp/code-lens.js';
import { MlopsWorkspaceSymbolProvider } from './lsp/workspace-symbols.js';
import { MlopsSignatureHelpProvider } from './lsp/signature-help.js';
import { MlopsWorkspaceManager } from './workspace-manager.js';
import { WhatIfService } from './lsp/what-if.js';
import { MlopsCommandHandler } from './lsp/commands.js';

/** Services the .mlops language adds to Langium's: the core ones (mlops-core-module.ts) and the editor's. */
export type MlopsAddedServices = MlopsCoreAddedServices & {
    /** The "Simulate" code lens's figures (lsp/what-if.ts). */
    whatIf: {
        WhatIf: WhatIfService;
    };
};

export type MlopsServices = LangiumServices & MlopsAddedServices;

/** The language of mlops-core-module.ts plus the editor features. */
export const MlopsModule: Module<MlopsServices, PartialLangiumServices & MlopsAddedServices> = {
    ...(MlopsCoreModule as Module<MlopsServices, PartialLangiumServices & MlopsAddedServices>),
    whatIf: {
        WhatIf: (services) => new WhatIfService(services)
    },
    lsp: {
        Formatter: () => new MlopsFormatter(),
        CodeActionProvider: (services) => new MlopsCodeActionProvider(services),
        HoverProvider: (services) => new MlopsHoverProvider(services),
        CompletionProvider: (services) => new MlopsCompletionProvider(services),
        SemanticTokenProvider: (services) => new MlopsSemanticTokenProvider(services),
        DocumentSymbolProvider: (services) => new MlopsDocumentSymbolProvider(services),
        RenameProvider: (services) => new MlopsRenameProvider(services),
        CodeLensProvider: (services) => new MlopsCodeLensProvider(services),
        SignatureHelp: () => new MlopsSignatureHelpProvider()
    }
};

/**
 * Shared services: one kind per element (lsp/node-kinds.ts), workspace symbols
 * from every file, and open files built before the rest of the workspace.
 */
export const MlopsSharedModule: Module<LangiumSharedServices, PartialLangiumSharedServices> = {
    workspace: {
        WorkspaceManager: (shared) => new MlopsWorkspaceManager(shared)
    },
    lsp: {
        NodeKindProvider: () => new MlopsNodeKindProvider(),
        ExecuteCommandHandler: (shared) => new MlopsCommandHandler(shared),
        WorkspaceSymbolProvider: (shared) => new MlopsWorkspaceSymbolProvider(shared)
    }
};

/**
 * The services factory with the editor features: the language server and
 * the tests call it (with NodeFileSystem or EmptyFileSystem); the CLI builds
 * the same language without them (createMlopsCoreServices).
 */
export function createMlopsServices(context: DefaultSharedModuleContext): {
    shared: LangiumSharedServices;
    Mlops: MlopsServices;
} {
    const shared = inject(
        createDefaultSharedModule(context),
        MlopsGeneratedSharedModule,
        MlopsSharedModule
    );
    const Mlops = inject(
        createDefaultModule({ shared }),
        MlopsGeneratedModule,
        MlopsModule
    );
    finishServices(shared, Mlops, !!context.connection);
    if (context.connection) {
        // Created before the client's initialize: it reads there whether the client can refresh code lenses.
        void Mlops.whatIf.WhatIf;
    }
    return { shared, Mlops };
}
