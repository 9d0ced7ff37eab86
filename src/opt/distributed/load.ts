/**
 * Loads the distributed evaluation (index.ts) when a run needs it: from a
 * CommonJS bundle (the CLI, the extension), the separate bundle
 * out/opt/distributed.cjs beside it; from the sources (tests, tsx), the
 * TypeScript module. The specifier is not a literal, so esbuild does not
 * pull BullMQ and ioredis into the bundles that load this file.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as Distributed from './index.js';

export type DistributedModule = typeof Distributed;

export async function loadDistributed(): Promise<DistributedModule> {
    if (typeof __filename === 'string' && !/\.[cm]?ts$/.test(__filename)) {
        const bundle = [join(dirname(__filename), '..', 'opt', 'distributed.cjs'), join(dirname(__filename), 'distributed.cjs')].find(existsSync);
        if (bundle) {
            return createRequire(__filename)(bundle) as DistributedModule;
        }
    }
    const source = './index.js';
    return await import(source) as DistributedModule;
}
