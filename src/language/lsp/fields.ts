/**
 * Which dimension each quantity of the language has, by where it stands
 * (language.md, "Elements"). Hover, completion and semantic tokens share it.
 * A quantity inside a distribution has the dimension of the field that holds
 * the distribution.
 */
import type { AstNode } from 'langium';
import * as ast from '../generated/ast.js';
import type { Dimension } from '../../model/units.js';

const FIELD_DIMENSIONS: Record<string, Record<string, Dimension>> = {
    [ast.Server.$type]: { cpu: 'cpuSpeed', gpu: 'gpuSpeed', ram: 'memory', netIn: 'bandwidth', netOut: 'bandwidth', price: 'money' },
    [ast.Component.$type]: { idleCpu: 'cpuSpeed', idleRam: 'memory', startup: 'time' },
    [ast.Step.$type]: { cpu: 'cpuWork', gpu: 'gpuWork', ram: 'memory', netIn: 'bandwidth', netOut: 'bandwidth' },
    [ast.Process.$type]: { every: 'time', deadline: 'time' },
    [ast.OptimizeBlock.$type]: { horizon: 'time', warmup: 'time', keepalive: 'time', timeout: 'time' }
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
    return field ? fieldDimension(field.element.$type, field.property) : undefined;
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
