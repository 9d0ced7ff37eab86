/**
 * Checking untrusted JSON against a schema of this folder: the results view's
 * messages and saved state, the report's embedded data. Interpreted by
 * TypeBox's Value functions (no generated code, so it runs under the
 * webview's Content Security Policy). A failure names the first bad field
 * (`message.result.front[1].objectives.cost: number expected`).
 */
import { Kind, type StaticDecode, type TSchema } from '@sinclair/typebox';
import { Errors, type ValueError } from '@sinclair/typebox/errors';
import { Check, Clean, Clone, Decode, Default } from '@sinclair/typebox/value';

export type Parsed<T> = { ok: true; message: T } | { ok: false; error: string };

/**
 * A checked, decoded copy of `value` (the argument is not changed): fields
 * the schema does not know are dropped (a message from a newer view), missing
 * fields that have a default get it (a state saved by an older version), and
 * null stands for a non-finite number.
 */
export function parseWith<T extends TSchema>(schema: T, value: unknown, root: string): Parsed<StaticDecode<T>> {
    const copy = Default(schema, Clean(schema, Clone(value)));
    if (!Check(schema, copy)) {
        const first = Errors(schema, copy).First();
        return { ok: false, error: first ? `${pathOf(root, first.path)}: ${expected(first)}` : `${root}: invalid` };
    }
    return { ok: true, message: Decode(schema, copy) };
}

/** `/front/1/cost` under `result` -> `result.front[1].cost`. */
function pathOf(root: string, pointer: string): string {
    return root + pointer.split('/').slice(1)
        .map(part => part.replace(/~1/g, '/').replace(/~0/g, '~'))
        .map(part => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`)).join('');
}

/** What the schema at the error expected, in words. */
function expected(error: ValueError): string {
    const schema = error.schema;
    const words = describe(schema);
    return words ? `${words} expected` : error.message;
}

function describe(schema: TSchema): string | undefined {
    switch (schema[Kind]) {
        case 'Number': return 'number';
        case 'Integer': return schema.minimum !== undefined ? `integer >= ${schema.minimum}` : 'integer';
        case 'String': return 'string';
        case 'Boolean': return 'boolean';
        case 'Null': return 'null';
        case 'Literal': return JSON.stringify(schema.const);
        case 'Array': return 'array';
        case 'Tuple': return `array of ${schema.maxItems} items`;
        case 'Object':
        case 'Record': return 'object';
        case 'Union': {
            const members = (schema.anyOf as TSchema[]).filter(m => m[Kind] !== 'Null');
            const nullable = members.length < schema.anyOf.length;
            if (members.every(m => m[Kind] === 'Literal')) {
                return `one of ${members.map(m => String(m.const)).join(', ')}`;
            }
            const words = members.map(describe);
            // A nullable number: null only stands for a non-finite one, so say "number".
            return words.every(w => w !== undefined) ? words.join(' or ') + (nullable && words.join() !== 'number' ? ' or null' : '') : undefined;
        }
        default: return undefined;
    }
}
