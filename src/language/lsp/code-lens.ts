/**
 * Code lenses:
 * - "Optimize Allocation" above the `optimize` block, or above the `system`
 *   line when the file has none; it runs the extension's command
 *   `mlops.optimizeAllocation` with the document URI (a string) as argument;
 * - "Simulate" above each allocation block (the server's command, with the
 *   URI and the allocation's name). Once pressed, the same line shows what
 *   what-if.ts computed: the label (analytic estimate / simulated), one lens
 *   per process with its p95 and share of runs over the deadline, and "Stop".
 *   Lenses that only show figures have an empty command (VS Code draws them
 *   as text).
 */
import type { LangiumDocument, MaybePromise } from 'langium';
import type { CodeLensProvider } from 'langium/lsp';
import type { CodeLens, CodeLensParams, Range } from 'vscode-languageserver';
import * as ast from '../generated/ast.js';
import type { MlopsServices } from '../mlops-module.js';
import { SIMULATE_COMMAND, STOP_SIMULATING_COMMAND } from './commands.js';
import { lensTitles } from './what-if-text.js';

export const OPTIMIZE_COMMAND = 'mlops.optimizeAllocation';

export class MlopsCodeLensProvider implements CodeLensProvider {
    constructor(private readonly services?: MlopsServices) {}

    provideCodeLens(document: LangiumDocument, _params: CodeLensParams): MaybePromise<CodeLens[] | undefined> {
        const root = document.parseResult.value;
        if (!ast.isModel(root) || !root.$cstNode) {
            return [];
        }
        const uri = document.uri.toString();
        const anchor = root.elements.find(ast.isOptimizeBlock)?.$cstNode ?? root.$cstNode;
        const lenses: CodeLens[] = [
            { range: lineStart(anchor.range.start.line), command: { title: 'Optimize Allocation', command: OPTIMIZE_COMMAND, arguments: [uri] } }
        ];
        for (const allocation of root.elements.filter(ast.isAllocation)) {
            if (!allocation.$cstNode || !allocation.name) {
                continue;
            }
            const range = lineStart(allocation.$cstNode.range.start.line);
            const args = [uri, allocation.name];
            lenses.push({ range, command: { title: 'Simulate', tooltip: `Estimate, then simulate, allocation ${allocation.name}`, command: SIMULATE_COMMAND, arguments: args } });
            const view = this.services?.whatIf.WhatIf.view(uri, allocation.name);
            if (!view) {
                continue;
            }
            const titles = view.error ? [view.error] : view.outcome ? lensTitles(view.outcome, view.previous, view.running) : ['simulating…'];
            lenses.push(...titles.map(title => ({ range, command: { title, command: '' } })));
            lenses.push({ range, command: { title: 'Stop', tooltip: 'Stop following this allocation', command: STOP_SIMULATING_COMMAND, arguments: args } });
        }
        return lenses;
    }
}

function lineStart(line: number): Range {
    return { start: { line, character: 0 }, end: { line, character: 0 } };
}
