/**
 * Which dimension each quantity of the language has, by where it stands
 * (language.md, "Elements"). Hover, completion and semantic tokens share it.
 * A quantity inside a distribution has the dimension of the field that holds
 * the distribution.
 */
import type { AstNode } from 'langium';
import * as ast from '../generated/ast.js';
import { lookupUnit, type Dimension } from '../../model/units.js';

const FIELD_DIMENSIONS: Record<string, Record<string, Dimension>> = {
    [ast.Server.$type]: { cpu: 'cpuSpeed', gpu: 'gpuSpeed', ram: 'memory', netIn: 'bandwidth', netOut: 'bandwidth', price: 'money', mtbf: 'time', mttr: 'time' },
    [ast.Component.$type]: { idleCpu: 'cpuSpeed', idleRam: 'memory', startup: 'time' },
    [ast.Step.$type]: {
        cpu: 'cpuWork', gpu: 'gpuWork', ram: 'memory', netIn: 'bandwidth', netOut: 'bandwidth',
        dataIn: 'memory', dataOut: 'memory', splitOverhead: 'cpuWork'
    },
    [ast.Process.$type]: { every: 'time', deadline: 'time' },
    [ast.Phase.$type]: { length: 'time' },
    [ast.OptimizeBlock.$type]: { horizon: 'time', warmup: 'time', keepalive: 'time', timeout: 'time', latency: 'time' }
};

/** The dimension of the field `property` of a node of type `type`, if it holds a quantity. */
export function fieldDimension(type: string, property: string): Dimension | undefined {
    return FIELD_DIMENSIONS[type]?.[property];
}

export function isDistributionNode(node: AstNode): node is ast.Distribution {
    return ast.isConstant(node) || ast.isExponential(node) || ast.isUniform(node) || ast.isNormal(node)
        || ast.isLognormal(node) || ast.isGamma(node) || ast.isErlang(node);
}

/**
 * The dimension of a quantity or distribution node, from the field it stands
 * in; undefined for a node outside any quantity field (e.g. half-parsed text).
 */
export function dimensionOf(node: AstNode): Dimension | undefined {
    const field = fieldOf(node);
    if (field && ast.isStep(field.element) && field.property === 'splitOverhead') {
        return overheadDimension(field.element);
    }
    return field ? fieldDimension(field.element.$type, field.property) : undefined;
}

/**
 * `split overhead` is work of either kind: GPU work when its unit says so, or
 * when it has no unit yet and the step has GPU work only; else CPU work.
 */
function overheadDimension(step: ast.Step): Dimension {
    const unit = step.splitOverhead?.unit;
    const kind = unit !== undefined ? lookupUnit(unit)?.dimension : undefined;
    if (kind === 'gpuWork' || kind === 'cpuWork') { return kind; }
    return step.gpu !== undefined && step.cpu === undefined ? 'gpuWork' : 'cpuWork';
}

/** The field that holds a quantity or distribution: its element and property name. */
export function fieldOf(node: AstNode): { element: AstNode; property: string } | undefined {
    let current: AstNode = node;
    while (current.$container && isDistributionNode(current.$container)) {
        current = current.$container;
    }
    return current.$container && current.$containerProperty
        ? { element: current.$container, property: current.$containerProperty }
        : undefined;
}
