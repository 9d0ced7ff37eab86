/**
 * Commands the language server executes (workspace/executeCommand; the
 * language client registers them in VS Code): the "Simulate" code lens of an
 * allocation and the "Stop" lens beside its figures (what-if.ts). Arguments:
 * the document URI (a string) and the allocation's name.
 */
import { AbstractExecuteCommandHandler, type ExecuteCommandAcceptor } from 'langium/lsp';
import { URI } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import type { MlopsServices } from '../mlops-module.js';

export const SIMULATE_COMMAND = 'mlops.simulateAllocation';
export const STOP_SIMULATING_COMMAND = 'mlops.stopSimulating';

export class MlopsCommandHandler extends AbstractExecuteCommandHandler {
    constructor(private readonly shared: LangiumSharedServices) {
        super();
    }

    registerCommands(acceptor: ExecuteCommandAcceptor): void {
        acceptor(SIMULATE_COMMAND, args => this.withTarget(args, (whatIf, uri, name) => whatIf.simulate(uri, name)));
        acceptor(STOP_SIMULATING_COMMAND, args => this.withTarget(args, (whatIf, uri, name) => whatIf.stop(uri, name)));
    }

    private async withTarget(args: unknown[], run: (whatIf: MlopsServices['whatIf']['WhatIf'], uri: string, name: string) => unknown): Promise<void> {
        const [uri, name] = args;
        if (typeof uri !== 'string' || typeof name !== 'string') {
            throw new Error('expected the document URI and the allocation name');
        }
        const services = this.shared.ServiceRegistry.getServices(URI.parse(uri)) as MlopsServices;
        await run(services.whatIf.WhatIf, uri, name);
    }
}
