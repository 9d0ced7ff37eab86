import type { AstNode, ValidationAcceptor, ValidationChecks } from 'langium';
import type { Element, MlopsAstType, Model } from '../generated/ast.js';
import type { MlopsCoreServices } from '../mlops-core-module.js';
import { elementProblems } from './element-checks.js';
import { fileCurrency, systemProblems } from './system-checks.js';
import { report } from './problem.js';

/**
 * Registers the checks of language.md; every diagnostic carries `data: { code }`
 * (see codes.ts). Element checks run per element (check 2 and the settings);
 * the whole-model checks (names, currency, checks 3-10) run once per document
 * on its valid part. Both are cheap enough for the 'fast' category (see
 * docs/benchmarks.md, "Language"), so the editor shows them while typing.
 */
export function registerValidationChecks(services: MlopsCoreServices): void {
    const registry = services.validation.ValidationRegistry;
    const validator = services.validation.MlopsValidator;
    const element = validator.checkElement.bind(validator);
    const checks: ValidationChecks<MlopsAstType> = {
        Model: validator.checkModel.bind(validator),
        Server: element,
        Component: element,
        Step: element,
        Process: element,
        Allocation: element,
        OptimizeBlock: element
    };
    registry.register(checks, validator);
}

export class MlopsValidator {
    constructor(protected readonly services: MlopsCoreServices) {}

    /** Check 2 and the optimize settings: one element on its own. */
    checkElement(element: Element, accept: ValidationAcceptor): void {
        guarded(element, accept, () => report(accept, elementProblems(element, fileCurrency(element.$container))));
    }

    /** Duplicate names, one currency, checks 3-10. */
    checkModel(model: Model, accept: ValidationAcceptor): void {
        guarded(model, accept, () => report(accept, systemProblems(model, this.services.model.ModelBuilder)));
    }
}

/**
 * A bug in a check must not hide the other diagnostics nor print a stack
 * trace (Langium would log it to the console): it becomes one error on the
 * element, with the code `internal-error`, and the other checks still run.
 */
function guarded(node: AstNode, accept: ValidationAcceptor, check: () => void): void {
    try {
        check();
    } catch (error) {
        accept('error', `internal error in a check (please report it): ${error instanceof Error ? error.message : String(error)}`, {
            node, property: isNamed(node) ? 'name' as never : undefined, data: { code: INTERNAL_ERROR }, code: INTERNAL_ERROR
        });
    }
}

/** Not in codes.ts: no input should produce it. */
export const INTERNAL_ERROR = 'internal-error';

function isNamed(node: AstNode): boolean {
    return typeof (node as { name?: unknown }).name === 'string';
}
