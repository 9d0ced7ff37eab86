import type { ValidationAcceptor, ValidationChecks } from 'langium';
import type { MlopsAstType, Model } from '../generated/ast.js';
import type { MlopsServices } from '../mlops-module.js';

/** Registers the checks of language.md; every diagnostic carries `data: { code }` (see codes.ts). */
export function registerValidationChecks(services: MlopsServices): void {
    const registry = services.validation.ValidationRegistry;
    const validator = services.validation.MlopsValidator;
    const checks: ValidationChecks<MlopsAstType> = {
        Model: validator.checkModel.bind(validator)
    };
    registry.register(checks, validator);
}

export class MlopsValidator {
    constructor(protected readonly services: MlopsServices) {}

    checkModel(_model: Model, _accept: ValidationAcceptor): void {
        // Filled in by the validation work (issue 2).
    }
}
