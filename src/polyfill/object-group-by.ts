/**
 * `Object.groupBy` for Node.js 20. Chevrotain 13 (Langium 4.4's parser
 * library) calls it while it builds and checks the parser; Node.js has it
 * from version 21, VS Code's extension host and our supported Node.js 20.19
 * do not. The language layer imports this module before it creates a parser
 * (mlops-module.ts), so every entry (language server, CLI, tests, benchmarks)
 * gets it. A no-op where the runtime has its own.
 */
type GroupBy = <T, K extends PropertyKey>(items: Iterable<T>, key: (item: T, index: number) => K) => Partial<Record<K, T[]>>;

const objectWithGroupBy = Object as unknown as { groupBy?: GroupBy };

if (typeof objectWithGroupBy.groupBy !== 'function') {
    const groupBy = <T, K extends PropertyKey>(items: Iterable<T>, key: (item: T, index: number) => K): Partial<Record<K, T[]>> => {
        // A null-prototype object, as the standard's: no inherited keys such as "constructor".
        const groups = Object.create(null) as Partial<Record<K, T[]>>;
        let index = 0;
        for (const item of items) {
            const k = key(item, index++);
            (groups[k] ??= []).push(item);
        }
        return groups;
    };
    Object.defineProperty(Object, 'groupBy', { value: groupBy, writable: true, configurable: true, enumerable: false });
}

export {};
