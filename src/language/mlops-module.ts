import '../polyfill/object-group-by.js';
import { inject, type Module } from 'langium';
import {
    createDefaultModule, createDefaultSharedModule,
    type DefaultSharedModuleContext, type LangiumServices, type LangiumSharedServices, type PartialLangiumServices, type PartialLangiumSharedServices
} from 'langium/lsp';
import { MlopsGeneratedModule, MlopsGeneratedSharedModule } from './generated/module.js';
import { MlopsScopeComputation } from './scope-computation.js';
import { MlopsScopeProvider } from './linking/scope-provider.js';
import { createMlopsParser } from './parser/parser.js';
import { MlopsValidator, registerValidationChecks } from './validation/mlops-validator.js';
import { MlopsDocumentValidator } from './validation/document-validator.js';
import { MlopsModelBuilder } from './model-builder.js';
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

/** Services the .mlops language adds to Langium's. */
export type MlopsAddedServices = {
    validation: {
        MlopsValidator: MlopsValidator;
    };
    model: {
        ModelBuilder: MlopsModelBuilder;
    };
    /** The "Simulate" code lens's figures (lsp/what-if.ts). */
    whatIf: {
        WhatIf: WhatIfService;
    };
};

export type MlopsServices = LangiumServices & MlopsAddedServices;

export const MlopsModule: Module<MlopsServices, PartialLangiumServices & MlopsAddedServices> = {
    parser: {
        LangiumParser: (services) => createMlopsParser(services)
    },
    references: {
        ScopeComputation: (services) => new MlopsScopeComputation(services),
        ScopeProvider: (services) => new MlopsScopeProvider(services)
    },
    validation: {
        MlopsValidator: (services) => new MlopsValidator(services),
        DocumentValidator: (services) => new MlopsDocumentValidator(services)
    },
    model: {
        ModelBuilder: (services) => new MlopsModelBuilder(services)
    },
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
 * The one services factory: the language server, the CLI and every test call
 * it (with NodeFileSystem or EmptyFileSystem).
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
    shared.ServiceRegistry.register(Mlops);
    registerValidationChecks(Mlops);
    if (context.connection) {
        // Created before the client's initialize: it reads there whether the client can refresh code lenses.
        void Mlops.whatIf.WhatIf;
    } else {
        // Without a language client nobody triggers the configuration's
        // initial update, so the workspace would never be marked ready.
        shared.workspace.ConfigurationProvider.initialized({});
    }
    return { shared, Mlops };
}
