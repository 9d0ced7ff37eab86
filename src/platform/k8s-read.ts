/**
 * Kubernetes objects from YAML text (what `kubectl get ... -o yaml` prints: a
 * `List`, several documents, or plain manifests), each with a way to say where
 * one of its fields is (file, line, column) for errors (InputError).
 */
import { isMap, LineCounter, parseAllDocuments, type Document } from 'yaml';
import { InputError } from './input-error.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Path = (string | number)[];

export interface KObject {
    kind: string;
    apiVersion: string;
    name: string;
    namespace: string;
    /** The object as plain data. */
    data: { [key: string]: Json };
    file: string;
    /** An error at `path` (relative to the object), pointing at the deepest part of the path that exists. */
    error(path: Path, message: string): InputError;
}

/** `a.b[2].c` */
export function pathText(path: Path): string {
    return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** Every object of the documents of `text`; `List`s are flattened into their items. */
export function readObjects(file: string, text: string): KObject[] {
    const lineCounter = new LineCounter();
    const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
    const objects: KObject[] = [];
    if (!Array.isArray(docs)) {
        // An empty stream.
        return objects;
    }
    for (const doc of docs) {
        const problem = doc.errors[0];
        if (problem) {
            const { line, col } = lineCounter.linePos(problem.pos[0]);
            throw new InputError(file, line, col, '', `YAML: ${problem.message.split('\n')[0]}`);
        }
        if (doc.contents === null) {
            continue;
        }
        const at = (path: Path): { line: number; col: number } => {
            for (let n = path.length; n >= 0; n--) {
                const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
                if (node && typeof node === 'object' && node.range) {
                    return lineCounter.linePos(node.range[0]);
                }
            }
            return { line: 1, col: 1 };
        };
        if (!isMap(doc.contents)) {
            const { line, col } = at([]);
            throw new InputError(file, line, col, '', 'expected a Kubernetes object (a mapping with apiVersion and kind)');
        }
        const data = doc.toJS({ maxAliasCount: 1000 }) as { [key: string]: Json };
        collect(file, doc, data, [], at, objects);
    }
    return objects;
}

function collect(file: string, doc: Document, data: { [key: string]: Json }, prefix: Path,
    at: (path: Path) => { line: number; col: number }, out: KObject[]): void {
    const fail = (path: Path, message: string) => {
        const full = [...prefix, ...path];
        const { line, col } = at(full);
        return new InputError(file, line, col, pathText(full), message);
    };
    const kind = data.kind;
    if (typeof kind !== 'string' || kind === '') {
        throw fail(['kind'], 'missing: every object needs a kind');
    }
    if (/List$/.test(kind) && Array.isArray(data.items)) {
        data.items.forEach((item, i) => {
            if (item === null || typeof item !== 'object' || Array.isArray(item)) {
                throw fail(['items', i], 'expected a Kubernetes object');
            }
            collect(file, doc, item, [...prefix, 'items', i], at, out);
        });
        return;
    }
    const metadata = data.metadata;
    const name = metadata && typeof metadata === 'object' && !Array.isArray(metadata) ? metadata.name : undefined;
    if (typeof name !== 'string' || name === '') {
        throw fail(['metadata', 'name'], `missing: the ${kind} has no name`);
    }
    const namespace = metadata && typeof metadata === 'object' && !Array.isArray(metadata) && typeof metadata.namespace === 'string' ? metadata.namespace : '';
    out.push({
        kind, name, namespace, data, file,
        apiVersion: typeof data.apiVersion === 'string' ? data.apiVersion : '',
        error: (path, message) => fail(path, message)
    });
}

/** The value at `path`, or undefined. */
export function getPath(data: Json | undefined, path: Path): Json | undefined {
    let value: Json | undefined = data;
    for (const key of path) {
        if (value === null || typeof value !== 'object') {
            return undefined;
        }
        value = Array.isArray(value) ? (typeof key === 'number' ? value[key] : undefined) : (value as Record<string, Json>)[String(key)];
    }
    return value;
}
