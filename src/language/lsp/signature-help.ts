/**
 * Signature help inside a distribution: after `exponential(` the editor shows
 * `exponential(mean X)`, after `normal(mean 1 s, ` it highlights `sd Y`.
 * Text-based (the innermost unclosed `(` on the line and the word before it),
 * because while the user types the parser has usually not built the node yet.
 */
import type { LangiumDocument, MaybePromise } from 'langium';
import type { SignatureHelpProvider } from 'langium/lsp';
import type { SignatureHelp, SignatureHelpOptions, SignatureHelpParams, SignatureInformation } from 'vscode-languageserver';

interface Signature {
    parameters: Array<[label: string, doc: string]>;
    doc: string;
}

const QUANTITY = 'a number with the unit of the field (a time, a CPU work, …)';

const SIGNATURES: Record<string, Signature> = {
    constant: { parameters: [['X', `the value: ${QUANTITY}`]], doc: 'Always X.' },
    exponential: { parameters: [['mean X', `the mean: ${QUANTITY}`]], doc: 'Exponential: standard deviation equal to the mean.' },
    uniform: { parameters: [['A', `the smallest value: ${QUANTITY}`], ['B', 'the largest value, same unit']], doc: 'Any value between A and B equally likely.' },
    normal: { parameters: [['mean X', `the mean: ${QUANTITY}`], ['sd Y', 'the standard deviation, same unit']], doc: 'Normal, truncated at 0.' },
    lognormal: { parameters: [['mean X', `the mean: ${QUANTITY}`], ['cv C', 'coefficient of variation sd/mean, a plain number']], doc: 'Lognormal: skewed to the right.' },
    gamma: { parameters: [['mean X', `the mean: ${QUANTITY}`], ['cv C', 'coefficient of variation sd/mean, a plain number']], doc: 'Gamma.' },
    erlang: { parameters: [['k', 'number of exponential phases, a whole number ≥ 1'], ['mean X', `the mean: ${QUANTITY}`]], doc: 'Erlang: the sum of k exponential phases; sd = mean/√k.' }
};

export class MlopsSignatureHelpProvider implements SignatureHelpProvider {
    provideSignatureHelp(document: LangiumDocument, params: SignatureHelpParams): MaybePromise<SignatureHelp | undefined> {
        const lineStart = document.textDocument.offsetAt({ line: params.position.line, character: 0 });
        const before = document.textDocument.getText().slice(lineStart, document.textDocument.offsetAt(params.position));
        const call = openCall(before);
        const signature = call ? SIGNATURES[call.name] : undefined;
        if (!call || !signature) {
            return undefined;
        }
        const label = `${call.name}(${signature.parameters.map(([p]) => p).join(', ')})`;
        const information: SignatureInformation = {
            label,
            documentation: signature.doc,
            parameters: signature.parameters.map(([p, doc]) => ({ label: p, documentation: doc }))
        };
        return {
            signatures: [information],
            activeSignature: 0,
            activeParameter: Math.min(call.commas, signature.parameters.length - 1)
        };
    }

    get signatureHelpOptions(): SignatureHelpOptions {
        return { triggerCharacters: ['('], retriggerCharacters: [','] };
    }
}

/** The innermost `word(` not yet closed in `text`, and how many commas follow it. */
export function openCall(text: string): { name: string; commas: number } | undefined {
    let depth = 0;
    let commas = 0;
    for (let i = text.length - 1; i >= 0; i--) {
        const c = text[i];
        if (c === ')') {
            depth++;
        } else if (c === '(') {
            if (depth === 0) {
                const name = /([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(text.slice(0, i))?.[1];
                return name ? { name, commas } : undefined;
            }
            depth--;
        } else if (c === ',' && depth === 0) {
            commas++;
        }
    }
    return undefined;
}
