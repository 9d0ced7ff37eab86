import type { ValidationAcceptor, ValidationChecks } from 'langium';
import type { Element, MlopsAstType, Model } from '../generated/ast.js';
import type { MlopsServices } from '../mlops-module.js';
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
export function registerValidationChecks(services: MlopsServices): void {
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
    constructor(protected readonly services: MlopsServices) {}

    /** Check 2 and the optimize settings: one element on its own. */
    checkElement(element: Element, accept: ValidationAcceptor): void {
        report(accept, elementProblems(element, fileCurrency(element.$container)));
    }

    /** Duplicate names, one currency, checks 3-10. */
    checkModel(model: Model, accept: ValidationAcceptor): void {
        report(accept, systemProblems(model, this.services.model.ModelBuilder));
    }
}
