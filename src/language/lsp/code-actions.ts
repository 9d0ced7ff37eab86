/**
 * Quick fixes, chosen by the diagnostic's `data.code` (validation/codes.ts):
 * - unresolved-name (`suggestions`): replace the name with each suggestion;
 * - missing-unit (`units`): insert ` <unit>` after the number, first unit preferred;
 * - wrong-unit / mixed-currency (`units`): replace the unit;
 * - missing-instance (`component`, `allocation`): add `C on SERVER x 1` to
 *   the allocation, on a server kind where it fits (placement-choice.ts);
 * - missing-field `runs on` of a step / `steps` of a process: add the field
 *   with each declared component / step (preferred when there is only one).
 *   Missing numbers get no fix: the editor cannot guess a capacity or a load.
 * - server-overloaded (`largestFit`): set the line's count to the most that fit;
 * - gpu-step-no-gpu-instance: move the line to a server kind with a GPU
 *   where the component fits (gpu-move.ts);
 * - cold-start-risk (`component`, `keepalive`): make the component permanent,
 *   or set `keepalive` in the optimize block (added when there is none).
 */
import type { LangiumDocument, MaybePromise } from 'langium';
import { AstUtils, CstUtils, GrammarUtils } from 'langium';
import type { CodeActionProvider } from 'langium/lsp';
import { CodeActionKind, type CodeAction, type CodeActionParams, type Command, type Diagnostic, type TextEdit } from 'vscode-languageserver';
import * as ast from '../generated/ast.js';
import type { MlopsServices } from '../mlops-module.js';
import { Codes, type DiagnosticData } from '../validation/codes.js';
import { serversThatFit } from './placement-choice.js';
import { gpuMoveTargets } from './gpu-move.js';
import type { Model } from '../../model/types.js';

/** At most this many alternatives per diagnostic, so the light-bulb menu stays short. */
const MAX_ACTIONS = 6;

export class MlopsCodeActionProvider implements CodeActionProvider {
    constructor(protected readonly services: MlopsServices) {}

    getCodeActions(document: LangiumDocument, params: CodeActionParams): MaybePromise<Array<Command | CodeAction> | undefined> {
        const actions: CodeAction[] = [];
        for (const diagnostic of params.context.diagnostics) {
            actions.push(...this.actionsFor(document, diagnostic));
        }
        return actions;
    }

    protected actionsFor(document: LangiumDocument, diagnostic: Diagnostic): CodeAction[] {
        const data = diagnostic.data as DiagnosticData | undefined;
        switch (data?.code) {
            case Codes.unresolvedName:
                return strings(data.suggestions).slice(0, MAX_ACTIONS).map((name, i) =>
                    this.fix(document, diagnostic, `Change to '${name}'`, [{ range: diagnostic.range, newText: name }], i === 0));
            case Codes.missingUnit:
                return strings(data.units).slice(0, MAX_ACTIONS).map((unit, i) =>
                    this.fix(document, diagnostic, `Add unit '${unit}'`, [{ range: { start: diagnostic.range.end, end: diagnostic.range.end }, newText: ` ${unit}` }], i === 0));
            case Codes.wrongUnit:
            case Codes.mixedCurrency:
                return strings(data.units).slice(0, MAX_ACTIONS).map((unit, i) =>
                    this.fix(document, diagnostic, `Change unit to '${unit}'`, [{ range: diagnostic.range, newText: unit }], i === 0));
            case Codes.missingInstance:
                return this.missingInstance(document, diagnostic, data);
            case Codes.missingField:
                return this.missingReferenceField(document, diagnostic, data);
            case Codes.serverOverloaded:
                return this.largestFit(document, diagnostic, data);
            case Codes.gpuStepNoGpuInstance:
                return this.moveToGpu(document, diagnostic, data);
            case Codes.coldStartRisk:
                return this.coldStart(document, diagnostic, data);
            default:
                return [];
        }
    }

    /** One action per server kind where an instance fits (the first preferred); the first kind when none fits. */
    protected missingInstance(document: LangiumDocument, diagnostic: Diagnostic, data: DiagnosticData): CodeAction[] {
        const root = document.parseResult.value;
        const component = typeof data.component === 'string' ? data.component : undefined;
        const allocation = ast.isModel(root) && typeof data.allocation === 'string'
            ? root.elements.find((e): e is ast.Allocation => ast.isAllocation(e) && e.name === data.allocation)
            : undefined;
        if (!ast.isModel(root) || !component || !allocation) {
            return [];
        }
        const model = this.buildModel(root);
        let servers = model ? serversThatFit(model, allocation.name, component) : [];
        const fits = servers.length > 0;
        if (!fits) {
            const first = root.elements.find(ast.isServer)?.name;
            servers = first ? [first] : [];
        }
        return servers.slice(0, MAX_ACTIONS).map((server, i) => {
            const line = `${component} on ${server} x 1`;
            const title = `Add '${line}' to allocation ${allocation.name}${fits ? '' : ' (it does not fit there: check the capacity)'}`;
            const edit = addLineEdit(document, allocation, line);
            return this.fix(document, diagnostic, title, edit ? [edit] : [], fits && i === 0);
        }).filter(action => (action.edit?.changes?.[document.uri.toString()] ?? []).length > 0);
    }

    /** `runs on C` for a step without component, `steps S` for a process without steps. */
    protected missingReferenceField(document: LangiumDocument, diagnostic: Diagnostic, data: DiagnosticData): CodeAction[] {
        const root = document.parseResult.value;
        const cst = root.$cstNode;
        if (!ast.isModel(root) || !cst) {
            return [];
        }
        const leaf = CstUtils.findLeafNodeAtOffset(cst, document.textDocument.offsetAt(diagnostic.range.start));
        const element = leaf ? AstUtils.getContainerOfType(leaf.astNode, ast.isElement) : undefined;
        let keyword: string;
        let candidates: string[];
        if (data.field === 'runs on' && ast.isStep(element)) {
            keyword = 'runs on';
            candidates = root.elements.filter(ast.isComponent).map(c => c.name);
        } else if (data.field === 'steps' && ast.isProcess(element)) {
            keyword = 'steps';
            candidates = root.elements.filter(ast.isStep).map(st => st.name);
        } else {
            return [];
        }
        return candidates.slice(0, MAX_ACTIONS).flatMap(name => {
            const edit = addFieldEdit(document, element, `${keyword} ${name}`);
            return edit ? [this.fix(document, diagnostic, `Add '${keyword} ${name}'`, [edit], candidates.length === 1)] : [];
        });
    }

    /** `C on S x N` over capacity: `x largestFit`, the most instances that fit beside the other lines. */
    protected largestFit(document: LangiumDocument, diagnostic: Diagnostic, data: DiagnosticData): CodeAction[] {
        const placement = this.placementAt(document, diagnostic);
        const count = placement?.$cstNode ? GrammarUtils.findNodeForProperty(placement.$cstNode, 'count') : undefined;
        const n = data.largestFit;
        if (!placement || !count || typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n >= placement.count) {
            return [];
        }
        return [this.fix(document, diagnostic, `Set ${placement.component.$refText} on ${placement.server.$refText} to x ${n} (the most that fit beside the other lines)`,
            [{ range: count.range, newText: String(n) }], true)];
    }

    /** A GPU step's component with no instance on a GPU: move this line to a kind with a GPU. */
    protected moveToGpu(document: LangiumDocument, diagnostic: Diagnostic, data: DiagnosticData): CodeAction[] {
        const root = document.parseResult.value;
        const placement = this.placementAt(document, diagnostic);
        const allocation = placement?.$container;
        const model = ast.isModel(root) ? this.buildModel(root) : undefined;
        if (!placement || !ast.isAllocation(allocation) || !model || typeof data.allocation !== 'string') {
            return [];
        }
        const index = allocation.placements.indexOf(placement);
        const targets = gpuMoveTargets(model, allocation.name, index);
        return targets.slice(0, MAX_ACTIONS).flatMap((target, i) => {
            const what = `${placement.component.$refText} x ${placement.count}`;
            const title = `Move ${what} to ${target.server} (it has a GPU)${target.fits ? '' : ' (it does not fit there: check the capacity)'}`;
            const server = placement.$cstNode ? GrammarUtils.findNodeForProperty(placement.$cstNode, 'server') : undefined;
            if (!server) {
                return [];
            }
            const edits: TextEdit[] = [{ range: server.range, newText: target.server }];
            return [this.fix(document, diagnostic, title, edits, target.fits && i === 0)];
        });
    }

    /** A component that may cold-start on every run: make it permanent, or keep idle instances up. */
    protected coldStart(document: LangiumDocument, diagnostic: Diagnostic, data: DiagnosticData): CodeAction[] {
        const root = document.parseResult.value;
        if (!ast.isModel(root) || typeof data.component !== 'string') {
            return [];
        }
        const actions: CodeAction[] = [];
        const component = root.elements.find((e): e is ast.Component => ast.isComponent(e) && e.name === data.component);
        const permanent = component ? addFieldEdit(document, component, 'permanent') : undefined;
        if (component && permanent) {
            actions.push(this.fix(document, diagnostic, `Make component ${component.name} permanent (always up)`, [permanent], true));
        }
        if (typeof data.keepalive === 'string' && /^[0-9]+ (s|min|h)$/.test(data.keepalive)) {
            const keepalive = keepaliveEdit(document, root, data.keepalive);
            if (keepalive) {
                actions.push(this.fix(document, diagnostic, `${keepalive.title}: idle instances stay up ${data.keepalive}`, [keepalive.edit], false));
            }
        }
        return actions;
    }

    /** The allocation line a diagnostic marks (its whole line or a part of it). */
    protected placementAt(document: LangiumDocument, diagnostic: Diagnostic): ast.Placement | undefined {
        const cst = document.parseResult.value.$cstNode;
        const leaf = cst ? CstUtils.findLeafNodeAtOffset(cst, document.textDocument.offsetAt(diagnostic.range.start)) : undefined;
        return leaf ? AstUtils.getContainerOfType(leaf.astNode, ast.isPlacement) : undefined;
    }

    protected buildModel(root: ast.Model): Model | undefined {
        try {
            return this.services.model.ModelBuilder.build(root);
        } catch {
            // A half-typed document may not build; the fix then falls back to the first server kind.
            return undefined;
        }
    }

    protected fix(document: LangiumDocument, diagnostic: Diagnostic, title: string, edits: TextEdit[], isPreferred: boolean): CodeAction {
        return {
            title,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            isPreferred,
            edit: { changes: { [document.uri.toString()]: edits } }
        };
    }
}

function strings(value: unknown): string[] {
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * Inserts `line` as the allocation's last line: on its own line before a
 * closing brace that starts its line, indented like the other lines (or one
 * level deeper than the brace); before the brace otherwise.
 */
function addLineEdit(document: LangiumDocument, allocation: ast.Allocation, line: string): TextEdit | undefined {
    const close = allocation.$cstNode ? GrammarUtils.findNodeForKeyword(allocation.$cstNode, '}') : undefined;
    if (!close) {
        return undefined;
    }
    const text = document.textDocument.getText();
    const closeStart = close.range.start;
    const lineStart = document.textDocument.offsetAt({ line: closeStart.line, character: 0 });
    const beforeBrace = text.slice(lineStart, close.offset);
    if (/^\s*$/.test(beforeBrace)) {
        const last = [...allocation.placements, ...allocation.limits].sort((a, b) => (b.$cstNode?.offset ?? 0) - (a.$cstNode?.offset ?? 0))[0];
        const indent = last?.$cstNode ? indentOf(document, last.$cstNode.range.start.line) : `${beforeBrace}    `;
        return { range: { start: { line: closeStart.line, character: 0 }, end: { line: closeStart.line, character: 0 } }, newText: `${indent}${line}\n` };
    }
    const needsSpace = !/\s$/.test(beforeBrace);
    return { range: { start: closeStart, end: closeStart }, newText: `${needsSpace ? ' ' : ''}${line} ` };
}

/**
 * Inserts a field as the first of a block: on a line of its own when the
 * block spans several lines (indented like its first field), after `{` otherwise.
 */
function addFieldEdit(document: LangiumDocument, element: ast.Element, field: string): TextEdit | undefined {
    const open = element.$cstNode ? GrammarUtils.findNodeForKeyword(element.$cstNode, '{') : undefined;
    if (!open) {
        return undefined;
    }
    const text = document.textDocument.getText();
    const rest = text.slice(open.end);
    const next = nextTokenOffset(text, open.end);
    const multiLine = text.slice(open.end, next).includes('\n');
    if (multiLine) {
        const firstIndent = indentOf(document, document.textDocument.positionAt(next).line);
        const indent = text[next] === '}' ? `${indentOf(document, open.range.start.line)}    ` : firstIndent;
        // At the end of the `{` line, after any comment there.
        let lineEnd = text.indexOf('\n', open.end);
        lineEnd = text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
        const at = document.textDocument.positionAt(lineEnd);
        return { range: { start: at, end: at }, newText: `${text.includes('\r\n') ? '\r\n' : '\n'}${indent}${field}` };
    }
    return { range: { start: open.range.end, end: open.range.end }, newText: ` ${field}${rest.startsWith('}') ? ' ' : ''}` };
}

/**
 * `keepalive VALUE` in the optimize block: the value replaced when the block
 * has one, the field added when it has none, a block added at the end of the
 * file when there is no optimize block.
 */
function keepaliveEdit(document: LangiumDocument, root: ast.Model, value: string): { title: string; edit: TextEdit } | undefined {
    const block = root.elements.find(ast.isOptimizeBlock);
    if (block?.keepalive?.$cstNode) {
        return { title: `Set keepalive ${value} in the optimize block`, edit: { range: block.keepalive.$cstNode.range, newText: value } };
    }
    if (block) {
        const edit = addFieldEdit(document, block, `keepalive ${value}`);
        return edit ? { title: `Set keepalive ${value} in the optimize block`, edit } : undefined;
    }
    const text = document.textDocument.getText();
    const end = document.textDocument.positionAt(text.length);
    const newline = text.includes('\r\n') ? '\r\n' : '\n';
    const before = text.length === 0 || text.endsWith('\n') ? '' : newline;
    return {
        title: `Add an optimize block with keepalive ${value}`,
        edit: { range: { start: end, end }, newText: `${before}${newline}optimize {${newline}    keepalive ${value}${newline}}${newline}` }
    };
}

/** The offset of the next token at or after `from`, skipping whitespace and comments. */
function nextTokenOffset(text: string, from: number): number {
    const skip = /\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\//y;
    let offset = from;
    for (;;) {
        skip.lastIndex = offset;
        const match = skip.exec(text);
        if (!match || match[0].length === 0) {
            return offset;
        }
        offset += match[0].length;
    }
}

function indentOf(document: LangiumDocument, line: number): string {
    const text = document.textDocument.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
    return /^[ \t]*/.exec(text)?.[0] ?? '';
}
