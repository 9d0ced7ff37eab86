/**
 * fast-check generators of .mlops text for the fuzz tests.
 *
 * `mlopsText(mode)` follows the grammar (language/mlops.langium): servers,
 * components, steps, processes, allocations and an optimize block, fields in
 * random order, random units and distributions, labels with odd characters,
 * comments and random whitespace. In `clean` mode the model is meant to be
 * valid (sizes chosen so that every component fits and no machine is
 * overloaded); in `noisy` mode numbers, units, fields and references are
 * sometimes wrong. `mutated(text)` then deletes, duplicates, swaps or inserts
 * tokens, and `byteMutated(bytes)` damages raw bytes of a file.
 */
import fc from 'fast-check';

export type Mode = 'clean' | 'noisy';

type Dim = 'time' | 'cpuSpeed' | 'cpuWork' | 'gpuSpeed' | 'gpuWork' | 'memory' | 'bandwidth' | 'money';

const UNITS: Record<Dim, string[]> = {
    time: ['ms', 's', 'min', 'h', 'd'],
    cpuSpeed: ['MHz', 'GHz'],
    cpuWork: ['GHz*s', 'GHz*min', 'GHz*h', 'MHz*s'],
    gpuSpeed: ['GOPS', 'TOPS'],
    gpuWork: ['TOPS*s', 'TOPS*min', 'TOPS*h'],
    memory: ['KB', 'MB', 'GB', 'TB', 'KiB', 'MiB', 'GiB', 'TiB'],
    bandwidth: ['Kbps', 'Mbps', 'Gbps', 'Mb/s', 'Gb/s'],
    money: ['EUR/h', 'EUR/s', 'EUR/min', 'EUR/d']
};
const ALL_UNITS = Object.values(UNITS).flat();
const ODD_UNITS = ['PLN/h', 'usd/h', 'GHz*d', 'Hz', 'GB/s', 'x', 'parsecs', 'TOPS/s', 'EURO/h'];

/** Keywords that may not be names (they start elements). */
const HARD_KEYWORDS = new Set(['system', 'server', 'component', 'step', 'process', 'allocation', 'optimize']);
const SOFT_KEYWORDS = ['x', 'in', 'out', 'on', 'to', 'time', 'variance', 'cost', 'mean', 'cv', 'label', 'cpu', 'ram',
    'count', 'idle', 'permanent', 'steps', 'every', 'limit', 'seed', 'prefer', 'constant', 'erlang', 'monitor'];

/** Numbers as typed: plain, decimals, exponents, leading dot. */
function plainNumber(min: number, max: number, integer = false): fc.Arbitrary<string> {
    if (integer) {
        return fc.integer({ min: Math.ceil(min), max: Math.floor(max) }).map(String);
    }
    return fc.oneof(
        fc.integer({ min: Math.ceil(min), max: Math.max(Math.ceil(min), Math.floor(max)) }).map(String),
        fc.double({ min, max, noNaN: true, noDefaultInfinity: true })
            .filter(v => v >= min && v <= max && v > 0)
            .map(v => trimNumber(v))
    );
}

/** A decimal spelling the grammar's NUMBER accepts (no sign, no 'Infinity'). */
function trimNumber(v: number): string {
    const s = String(v);
    return /^[0-9.eE+-]+$/.test(s) && !s.startsWith('-') ? s : '1';
}

/** Numbers that stress the checks: zero, huge, tiny, denormal, overflow, negative, long. */
export const EDGE_NUMBERS = ['0', '0.0', '-1', '-0', '1e308', '1.7976931348623157e308', '1e309', '1e400', '1e-300',
    '4.9e-324', '5e-324', '1e-400', '.5', '5.', '00012', '123456789012345678901234567890', '0.1e-10', '1E3', '2.5e+2', '-1e308'];

function numberText(mode: Mode, min: number, max: number, integer = false): fc.Arbitrary<string> {
    const normal = plainNumber(min, max, integer);
    return mode === 'clean' ? normal : fc.oneof({ arbitrary: normal, weight: 6 }, { arbitrary: fc.constantFrom(...EDGE_NUMBERS), weight: 1 });
}

function unitText(mode: Mode, dim: Dim): fc.Arbitrary<string> {
    const right = fc.constantFrom(...UNITS[dim]);
    if (mode === 'clean') {
        return right;
    }
    return fc.oneof(
        { arbitrary: right, weight: 12 },
        { arbitrary: fc.constantFrom(...ALL_UNITS, ...ODD_UNITS), weight: 1 },
        { arbitrary: fc.constant(''), weight: 1 }
    );
}

/** A quantity `N UNIT`, sometimes with odd spacing around the unit's operator. */
function quantity(mode: Mode, dim: Dim, min: number, max: number, unit?: string): fc.Arbitrary<string> {
    return fc.tuple(numberText(mode, min, max), unit ? fc.constant(unit) : unitText(mode, dim), fc.constantFrom(' ', ' ', '  ', '\t', '\n    '))
        .map(([n, u, sp]) => u === '' ? n : `${n}${sp}${u.replace(/([*/])/, mode === 'noisy' && u.length % 3 === 0 ? ' $1 ' : '$1')}`);
}

/** A time or a work: a bare quantity or one of the seven distributions. */
function distribution(mode: Mode, dim: Dim, min: number, max: number): fc.Arbitrary<string> {
    const q = () => quantity(mode, dim, min, max);
    const cv = mode === 'clean' ? plainNumber(0, 3) : fc.oneof(plainNumber(0, 3), fc.constantFrom('0', '100', '1e6', '-1', '1e400', '1e-300'));
    const k = mode === 'clean' ? plainNumber(1, 8, true) : fc.oneof(plainNumber(1, 8, true), fc.constantFrom('0', '1.5', '1e9', '-2', '1e400'));
    return fc.oneof(
        q(),
        q().map(v => `constant(${v})`),
        q().map(v => `exponential(mean ${v})`),
        mode === 'clean'
            ? fc.tuple(plainNumber(min, max), plainNumber(min, max), fc.constantFrom(...UNITS[dim]))
                .map(([a, b, u]) => `uniform(${Math.min(+a, +b)} ${u}, ${Math.max(+a, +b)} ${u})`)
            : fc.tuple(q(), q()).map(([a, b]) => `uniform(${a}, ${b})`),
        fc.tuple(q(), q()).map(([m, s]) => `normal(mean ${m}, sd ${s})`),
        fc.tuple(q(), cv).map(([m, c]) => `lognormal(mean ${m}, cv ${c})`),
        fc.tuple(q(), cv).map(([m, c]) => `gamma( mean ${m} , cv ${c} )`),
        fc.tuple(k, q()).map(([kk, m]) => `erlang(${kk}, mean ${m})`)
    );
}

/** A string literal with odd characters (quotes and backslashes escaped, no line breaks). */
const labelText: fc.Arbitrary<string> = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.string({ unit: 'grapheme', maxLength: 12 }),
    fc.constantFrom('<script>alert(1)</script>', 'Ünïcödé ✓ 🚀', 'a "quoted" \\ word', '\u202Eevil', '\u0000\u0007', '${x}', '')
).map(s => `"${s.replace(/[\r\n\u2028\u2029]/g, ' ').replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`);

/** Comment text without the terminator. */
const commentText = fc.oneof(fc.string({ maxLength: 20 }), fc.string({ unit: 'grapheme', maxLength: 8 }))
    .map(s => s.replace(/[\r\n\u2028\u2029]/g, ' ').replace(/\*\//g, '* /'));

/** What goes between two fields: whitespace, sometimes a comment. */
const separator: fc.Arbitrary<string> = fc.oneof(
    { arbitrary: fc.constantFrom(' ', '\n    ', '\n', '\r\n  ', '\t', '\n\n    '), weight: 8 },
    { arbitrary: commentText.map(c => ` // ${c}\n    `), weight: 1 },
    { arbitrary: commentText.map(c => ` /* ${c} */ `), weight: 1 }
);

const docComment: fc.Arbitrary<string> = fc.oneof(
    { arbitrary: fc.constant(''), weight: 4 },
    { arbitrary: commentText.map(c => `/** ${c} */\n`), weight: 1 },
    { arbitrary: commentText.map(c => `// ${c}\n`), weight: 1 }
);

/** An identifier of the language, never a hard keyword, sometimes a soft keyword or very long. */
export const nameArb: fc.Arbitrary<string> = fc.oneof(
    { arbitrary: fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/), weight: 8 },
    { arbitrary: fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,5}(-[a-z0-9]{1,4}){1,2}$/), weight: 2 },
    { arbitrary: fc.constantFrom(...SOFT_KEYWORDS), weight: 1 },
    { arbitrary: fc.integer({ min: 200, max: 2000 }).map(n => `n${'a'.repeat(n)}`), weight: 1 }
).filter(n => !HARD_KEYWORDS.has(n));

/** An element `keyword name { fields }` with the fields in random order. */
function element(keyword: string, name: string, fields: fc.Arbitrary<string>[]): fc.Arbitrary<string> {
    if (fields.length === 0) {
        return fc.tuple(docComment, separator).map(([doc, sep]) => `${doc}${keyword} ${name} {${sep}}`);
    }
    return fc.tuple(docComment, fc.tuple(...fields), fc.array(separator, { minLength: fields.length + 1, maxLength: fields.length + 1 }),
        fc.shuffledSubarray(fields.map((_, i) => i), { minLength: fields.length, maxLength: fields.length }))
        .map(([doc, values, seps, order]) => {
            const parts = order.map((i, j) => `${seps[j]}${values[i]}`);
            return `${doc}${keyword} ${name} {${parts.join('')}${seps[fields.length]}}`;
        });
}

/** Present with probability ~p (returns '' otherwise), in noisy mode; always in clean mode when `required`. */
function maybe(mode: Mode, arb: fc.Arbitrary<string>, required: boolean): fc.Arbitrary<string> {
    if (required && mode === 'clean') {
        return arb;
    }
    return fc.oneof({ arbitrary: arb, weight: required ? 12 : 1 }, { arbitrary: fc.constant(''), weight: 1 });
}

interface Names {
    system: string;
    servers: string[];
    gpuServers: boolean[];
    components: string[];
    steps: string[];
    processes: string[];
    allocations: string[];
}

const namesArb: fc.Arbitrary<Names> = fc.record({
    system: nameArb,
    servers: fc.uniqueArray(nameArb, { minLength: 1, maxLength: 4 }),
    gpuServers: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
    components: fc.uniqueArray(nameArb, { minLength: 1, maxLength: 5 }),
    steps: fc.uniqueArray(nameArb, { minLength: 1, maxLength: 6 }),
    processes: fc.uniqueArray(nameArb, { minLength: 1, maxLength: 3 }),
    allocations: fc.uniqueArray(nameArb, { minLength: 0, maxLength: 2 })
});

/** A reference: a declared name, or (noisy) sometimes an unknown one. */
function ref(mode: Mode, declared: string[]): fc.Arbitrary<string> {
    const known = fc.constantFrom(...declared);
    return mode === 'clean' ? known : fc.oneof({ arbitrary: known, weight: 10 }, { arbitrary: nameArb, weight: 1 });
}

function server(mode: Mode, name: string, gpu: boolean): fc.Arbitrary<string> {
    const f = (s: fc.Arbitrary<string>, required = false) => maybe(mode, s, required);
    return element('server', name, [
        f(quantity(mode, 'cpuSpeed', 16, 128, 'GHz').map(q => `cpu ${q}`), true),
        gpu ? f(quantity(mode, 'gpuSpeed', 50, 1000).map(q => `gpu ${q}`), true) : fc.constant(''),
        f(quantity(mode, 'memory', 64, 1024, 'GB').map(q => `ram ${q}`), true),
        f(fc.tuple(quantity(mode, 'bandwidth', 1, 100, 'Gbps'), quantity(mode, 'bandwidth', 1, 100, 'Gbps'))
            .map(([i, o]) => `net in ${i} out ${o}`)),
        f(quantity(mode, 'money', 0.01, 20, 'EUR/h').map(q => `price ${q}`), true),
        f(numberText(mode, 1, 6, true).map(n => `count ${n}`)),
        f(labelText.map(l => `label ${l}`))
    ]);
}

function component(mode: Mode, name: string): fc.Arbitrary<string> {
    const f = (s: fc.Arbitrary<string>) => maybe(mode, s, false);
    return element('component', name, [
        f(fc.tuple(quantity(mode, 'cpuSpeed', 0.01, 1, 'GHz'), quantity(mode, 'memory', 1, 2000, 'MB'))
            .map(([c, r]) => `idle cpu ${c} ram ${r}`)),
        f(fc.constant('permanent')),
        f(quantity(mode, 'time', 0, 30, 's').map(q => `startup ${q}`)),
        f(labelText.map(l => `label ${l}`))
    ]);
}

/** GPU works whose mean is 0, each valid in the language. */
const ZERO_GPU_WORK = fc.constantFrom('0 TOPS*s', 'constant(0 TOPS*min)', 'uniform(0 TOPS*s, 0 TOPS*h)', 'normal(mean 0 TOPS*s, sd 0 TOPS*s)');

function step(mode: Mode, name: string, names: Names, gpuAllowed: boolean): fc.Arbitrary<string> {
    const f = (s: fc.Arbitrary<string>, required = false) => maybe(mode, s, required);
    return element('step', name, [
        f(ref(mode, names.components).map(c => `runs on ${c}`), true),
        f(distribution(mode, 'cpuWork', 0.001, 0.5).map(d => `cpu ${d}`)),
        // GPU work that is always 0 needs no GPU (src/model/placement-rules.ts): drawn with or without GPU servers.
        f((gpuAllowed ? fc.oneof({ arbitrary: distribution(mode, 'gpuWork', 0.001, 1), weight: 3 }, { arbitrary: ZERO_GPU_WORK, weight: 1 }) : ZERO_GPU_WORK)
            .map(d => `gpu ${d}`)),
        f(quantity(mode, 'memory', 1, 500, 'MB').map(q => `ram ${q}`)),
        f(fc.tuple(quantity(mode, 'bandwidth', 1, 50, 'Mbps'), quantity(mode, 'bandwidth', 1, 50, 'Mbps'))
            .map(([i, o]) => `net in ${i} out ${o}`)),
        f(numberText(mode, 1, 4, true).map(n => `threads ${n}`)),
        f(labelText.map(l => `label ${l}`))
    ]);
}

function processElement(mode: Mode, name: string, names: Names): fc.Arbitrary<string> {
    const f = (s: fc.Arbitrary<string>, required = false) => maybe(mode, s, required);
    const chain = fc.array(ref(mode, names.steps), { minLength: 1, maxLength: 4 })
        .chain(steps => fc.array(fc.constantFrom('->', ' -> ', '  ->\n  '), { minLength: steps.length, maxLength: steps.length })
            .map(arrows => steps.map((s, i) => (i === 0 ? '' : arrows[i]) + s).join('')));
    return element('process', name, [
        f(chain.map(c => `steps ${c}`), true),
        f(distribution(mode, 'time', 5, 600).map(d => `every ${d}`), true),
        f(quantity(mode, 'time', 1, 3600).map(q => `deadline ${q}`)),
        f(fc.tuple(numberText(mode, 0, 5), numberText(mode, 0, 5)).map(([t, v]) => `weight time ${t} variance ${v}`)),
        f(labelText.map(l => `label ${l}`))
    ]);
}

function allocation(mode: Mode, name: string, names: Names): fc.Arbitrary<string> {
    // Clean: every component once, x 1, on a random server kind (the sizes above always fit).
    const placements = fc.tuple(...names.components.map(c => fc.tuple(
        fc.constant(c), ref(mode, names.servers), numberText(mode, 1, 1, true), fc.boolean()
    ))).map(lines => lines.map(([c, s, n, p]) => `${c} on ${s} x ${n}${p ? ' permanent' : ''}`));
    const limits = fc.array(fc.tuple(ref(mode, names.steps), numberText(mode, 1, 3, true)), { maxLength: mode === 'clean' ? 0 : 2 })
        .map(ls => ls.map(([s, n]) => `limit ${s} to ${n}`));
    return fc.tuple(docComment, placements, limits, separator, maybe(mode, labelText.map(l => `label ${l}`), false))
        .map(([doc, ps, ls, sep, label]) => `${doc}allocation ${name} {${sep}${[label, ...ps, ...ls].filter(x => x !== '').join('\n    ')}\n}`);
}

function optimizeBlock(mode: Mode): fc.Arbitrary<string> {
    const f = (s: fc.Arbitrary<string>) => maybe(mode, s, false);
    return element('optimize', '', [
        f(fc.constantFrom('horizon 2 h', 'horizon 30 min', 'horizon 1 d')),
        f(fc.constantFrom('warmup 0 s', 'warmup 5 min', 'warmup 60 s')),
        f(numberText(mode, 1, 4, true).map(n => `replications ${n}`)),
        f(numberText(mode, 4, 40, true).map(n => `population ${n}`)),
        f(numberText(mode, 1, 30, true).map(n => `generations ${n}`)),
        f(numberText(mode, 0, 100000, true).map(n => `seed ${n}`)),
        f(fc.tuple(numberText(mode, 0, 3), numberText(mode, 0.1, 3)).map(([t, c]) => `prefer time ${t} cost ${c}`)),
        mode === 'noisy' ? f(fc.constantFrom('keepalive 10 s', 'timeout 5 s', 'stagnation 3', 'events 100000', 'evaluations 50')) : fc.constant('')
    ]).map(text => text.replace('optimize  {', 'optimize {'));
}

/** A whole .mlops file. */
export function mlopsText(mode: Mode): fc.Arbitrary<string> {
    return namesArb.chain(names => {
        const gpu = names.servers.map((_, i) => mode === 'noisy' && names.gpuServers[i]);
        const parts: fc.Arbitrary<string>[] = [
            fc.tuple(docComment, maybe(mode, labelText, false)).map(([doc, label]) => `${doc}system ${names.system}${label ? ` label ${label}` : ''}`),
            ...names.servers.map((s, i) => server(mode, s, gpu[i])),
            ...names.components.map(c => component(mode, c)),
            ...names.steps.map(s => step(mode, s, names, gpu.some(Boolean))),
            ...names.processes.map(p => processElement(mode, p, names)),
            ...names.allocations.map(a => allocation(mode, a, names)),
            fc.oneof(fc.constant(''), optimizeBlock(mode))
        ];
        return fc.tuple(...parts, fc.constantFrom('\n', '\n\n', '\r\n', ' '))
            .map(values => {
                const sep = values.pop() as string;
                return values.filter(v => v !== '').join(sep) + '\n';
            });
    });
}

/** Tokens of a text (whitespace, comments, strings, words, numbers, punctuation) for token-level mutation. */
export function tokenize(text: string): string[] {
    return text.match(/\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:\\.|[^"\\\n])*"|[A-Za-z_][A-Za-z0-9_-]*|[0-9.]+(?:[eE][+-]?[0-9]+)?|->|[\s\S]/g) ?? [];
}

const GARBAGE = ['{', '}', '(', ')', '->', ',', '"', '/*', '*/', '//', 'x', 'on', 'system', 'server', 'step', 'process',
    'allocation', 'optimize', 'limit', 'mean', '-', '*', '/', '1e400', '\u0000', '\uFFFD', '\uD800', '🚀', '\\', 'ß', '=', ';', '#'];

export type Mutation =
    | { op: 'delete'; at: number }
    | { op: 'duplicate'; at: number }
    | { op: 'swap'; at: number; with: number }
    | { op: 'insert'; at: number; token: string };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
    fc.record({ op: fc.constant('duplicate' as const), at: fc.nat() }),
    fc.record({ op: fc.constant('swap' as const), at: fc.nat(), with: fc.nat() }),
    fc.record({ op: fc.constant('insert' as const), at: fc.nat(), token: fc.oneof(fc.constantFrom(...GARBAGE), fc.string({ maxLength: 4 }), nameArb) })
);

export function applyMutations(text: string, mutations: Mutation[]): string {
    const tokens = tokenize(text);
    for (const m of mutations) {
        if (tokens.length === 0) {
            tokens.push(m.op === 'insert' ? m.token : 'x');
            continue;
        }
        const at = m.at % tokens.length;
        switch (m.op) {
            case 'delete': tokens.splice(at, 1); break;
            case 'duplicate': tokens.splice(at, 0, tokens[at]); break;
            case 'swap': {
                const other = m.with % tokens.length;
                [tokens[at], tokens[other]] = [tokens[other], tokens[at]];
                break;
            }
            case 'insert': tokens.splice(at, 0, m.token); break;
        }
    }
    return tokens.join('');
}

/** A generated model with 1-6 token mutations. */
export function mutatedText(): fc.Arbitrary<string> {
    return fc.tuple(mlopsText('noisy'), fc.array(mutationArb, { minLength: 1, maxLength: 6 }))
        .map(([text, ms]) => applyMutations(text, ms));
}

export type ByteMutation =
    | { op: 'set'; at: number; byte: number }
    | { op: 'insert'; at: number; bytes: number[] }
    | { op: 'truncate'; at: number }
    | { op: 'number'; at: number; text: string }
    | { op: 'longName'; at: number; length: number };

const INVALID_UTF8 = [[0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xc0, 0xaf], [0x00], [0xef, 0xbb, 0xbf]];

const byteMutationArb: fc.Arbitrary<ByteMutation> = fc.oneof(
    fc.record({ op: fc.constant('set' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ op: fc.constant('insert' as const), at: fc.nat(), bytes: fc.oneof(fc.constantFrom(...INVALID_UTF8), fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 8 })) }),
    fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
    fc.record({ op: fc.constant('number' as const), at: fc.nat(), text: fc.constantFrom(...EDGE_NUMBERS) }),
    fc.record({ op: fc.constant('longName' as const), at: fc.nat(), length: fc.integer({ min: 100, max: 20000 }) })
);

/** Applies byte-level damage: random bytes, invalid UTF-8, NUL, truncation, numbers replaced by extreme ones, very long names. */
export function applyByteMutations(source: Uint8Array, mutations: ByteMutation[]): Uint8Array {
    let bytes = [...source];
    for (const m of mutations) {
        const at = bytes.length === 0 ? 0 : m.at % (bytes.length + 1);
        switch (m.op) {
            case 'set': if (bytes.length > 0) { bytes[at % bytes.length] = m.byte; } break;
            case 'insert': bytes.splice(at, 0, ...m.bytes); break;
            case 'truncate': bytes = bytes.slice(0, at); break;
            case 'number': {
                // Replace the next number at or after `at` (if any) with an extreme one.
                const text = Buffer.from(bytes).toString('latin1');
                const re = /[0-9]+(?:\.[0-9]+)?/g;
                re.lastIndex = at;
                const found = re.exec(text) ?? /[0-9]+(?:\.[0-9]+)?/.exec(text);
                if (found) {
                    bytes.splice(found.index, found[0].length, ...Buffer.from(m.text, 'latin1'));
                }
                break;
            }
            case 'longName': {
                const text = Buffer.from(bytes).toString('latin1');
                const re = /\b(server|component|step|process|allocation) ([A-Za-z_][A-Za-z0-9_]*)/g;
                re.lastIndex = at;
                const found = re.exec(text) ?? /\b(server|component|step) ([A-Za-z_][A-Za-z0-9_]*)/.exec(text);
                if (found) {
                    const start = found.index + found[1].length + 1;
                    bytes.splice(start, found[2].length, ...Buffer.from(found[2] + 'z'.repeat(m.length), 'latin1'));
                }
                break;
            }
        }
    }
    return Uint8Array.from(bytes);
}

export function byteMutations(): fc.Arbitrary<ByteMutation[]> {
    return fc.array(byteMutationArb, { minLength: 1, maxLength: 5 });
}
