/**
 * The code (`data.code`) of every diagnostic the language server reports.
 * Quick fixes, tests and the CLI name diagnostics by these codes; the numbers
 * refer to the checks of language.md.
 */
export const Codes = {
    // 1. Syntax and names (Langium's own codes for lexing/parsing/linking errors are kept too).
    syntax: 'syntax-error',
    unresolvedName: 'unresolved-name',
    duplicateName: 'duplicate-name',
    duplicateField: 'duplicate-field',
    // 2. Fields, numbers and units.
    missingField: 'missing-field',
    nonPositive: 'non-positive',
    invalidNumber: 'invalid-number',
    notInteger: 'not-integer',
    missingUnit: 'missing-unit',
    wrongUnit: 'wrong-unit',
    invalidDistribution: 'invalid-distribution',
    invalidSetting: 'invalid-setting',
    /** `split serial` outside [0, 1), or a `split overhead` of a kind of work the step does not have. */
    invalidSplitCost: 'invalid-split-cost',
    /** A profile's factor below 0, or every factor 0 (docs/language.md, "Profiles"). */
    invalidProfile: 'invalid-profile',
    // 3. and 4.
    componentFitsNowhere: 'component-fits-nowhere',
    gpuStepNoGpuServer: 'gpu-step-no-gpu-server',
    // 5. Allocations.
    missingInstance: 'missing-instance',
    serverOverloaded: 'server-overloaded',
    gpuStepNoGpuInstance: 'gpu-step-no-gpu-instance',
    limitBelowOne: 'limit-below-one',
    // Failures (language.md, "Failures"): mtbf without mttr or the reverse.
    failureFieldAlone: 'failure-field-alone',
    // 6.
    mixedCurrency: 'mixed-currency',
    // Warnings 7-10.
    deadlineUnreachable: 'deadline-unreachable',
    offeredLoad: 'offered-load',
    bandwidthExceeded: 'bandwidth-exceeded',
    unusedElement: 'unused-element',
    threadsAboveInstances: 'threads-above-instances',
    // Performance risks (warnings before any run).
    coldStartRisk: 'cold-start-risk',
    /** A `split` cost on a step that is never split (threads 1): it has no effect. */
    splitCostUnused: 'split-cost-unused',
    /** Profiles whose phases differ from the reporting cycle (the first profile in the file). */
    profileCycleDiffers: 'profile-cycle-differs'
} as const;

export type Code = typeof Codes[keyof typeof Codes];

/** The payload of every diagnostic: its code, and for some quick fixes more data. */
export interface DiagnosticData {
    code: Code | string;
    [key: string]: unknown;
}
