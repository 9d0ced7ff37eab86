/**
 * The what-if part of an allocation line's hover: for the processes whose
 * steps run on the line's component, the figures the "Simulate" lens shows
 * for that allocation (the simulation once it has finished), or, when the
 * allocation is not followed, the analytic estimate computed for the hover
 * (milliseconds). Nothing when the file has errors.
 */
import type { LangiumDocument } from 'langium';
import type { Model } from '../../model/types.js';
import type { WhatIfService } from './what-if.js';
import { estimateWhatIf, prepareWhatIf, whatIfError } from './what-if-run.js';
import { hoverSection } from './what-if-text.js';

export function whatIfHover(whatIf: WhatIfService, document: LangiumDocument, model: Model, allocation: string, component: string | undefined): string | undefined {
    if (!component || (document.diagnostics ?? []).some(d => d.severity === 1)) {
        return undefined;
    }
    const steps = new Set(model.steps.filter(s => s.component === component).map(s => s.name));
    const processes = model.processes.filter(p => p.steps.some(s => steps.has(s))).map(p => p.name);
    const view = whatIf.view(document.uri.toString(), allocation);
    if (view?.outcome) {
        return hoverSection(component, processes, view.outcome, view.previous);
    }
    const run = prepareWhatIf(model, allocation);
    if (typeof run === 'string') {
        return undefined;
    }
    try {
        return hoverSection(component, processes, estimateWhatIf(run));
    } catch (error) {
        return `*What-if:* ${whatIfError(error)}`;
    }
}
