/**
 * The .mlops language without the editor: parser, linking, validation and
 * the model builder on Langium's core services. The language server adds
 * the LSP features on top (mlops-module.ts); the CLI loads only this, so it
 * neither loads vscode-languageserver nor evaluates the editor features'
 * modules at every start (issue 18: the CLI's start-up). The diagnostics are
 * the same (test/language/core-services.test.ts).
 */
import '../polyfill/object-group-by.js';
import {
    createDefaultCoreModule, createDefaultSharedCoreModule, inject,
    type DefaultSharedCoreModuleContext, type LangiumCoreServices, type LangiumSharedCoreServices, type Module, type PartialLangiumCoreServices
} from 'langium';
import { MlopsGeneratedModule, MlopsGeneratedSharedModule } from './generated/module.js';
import { MlopsScopeComputation } from './scope-computation.js';
import { MlopsScopeProvider } from './linking/scope-provider.js';
import { createMlopsParser } from './parser/parser.js';
import { MlopsValidator, registerValidationChecks } from './validation/mlops-validator.js';
import { MlopsDocumentValidator } from './validation/document-validator.js';
import { MlopsModelBuilder } from './model-builder.js';

/** Services the .mlops language adds to Langium's. */
export type MlopsAddedServices = {
    validation: {
        MlopsValidator: MlopsValidator;
    };
    model: {
        ModelBuilder: MlopsModelBuilder;
    };
};

export type MlopsCoreServices = LangiumCoreServices & MlopsAddedServices;

export const MlopsCoreModule: Module<MlopsCoreServices, PartialLangiumCoreServices & MlopsAddedServices> = {
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
    }
};

/** Registers the language and its checks; without a language client, marks the configuration ready. */
export function finishServices<S extends MlopsCoreServices>(shared: LangiumSharedCoreServices, mlops: S, hasConnection: boolean): void {
    shared.ServiceRegistry.register(mlops);
    registerValidationChecks(mlops);
    if (!hasConnection) {
        // Without a language client nobody triggers the configuration's
        // initial update, so the workspace would never be marked ready.
        shared.workspace.ConfigurationProvider.initialized({});
    }
}

/** The language on Langium's core services (no LSP): for the CLI. */
export function createMlopsCoreServices(context: DefaultSharedCoreModuleContext): { shared: LangiumSharedCoreServices; Mlops: MlopsCoreServices } {
    const shared = inject(createDefaultSharedCoreModule(context), MlopsGeneratedSharedModule);
    const Mlops = inject(createDefaultCoreModule({ shared }), MlopsGeneratedModule, MlopsCoreModule);
    finishServices(shared, Mlops, false);
    return { shared, Mlops };
}
