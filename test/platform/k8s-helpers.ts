/** Shared by the Kubernetes tests: the fixtures, schema validation, and a strategic merge as Kustomize applies it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { readObjects, type Json, type KObject } from '../../src/platform/k8s-read.js';

export const FIXTURES = join(__dirname, '../fixtures/k8s');

export function fixture(name: string): KObject[] {
    const file = join(FIXTURES, name);
    return readObjects(file, readFileSync(file, 'utf8'));
}

export const clusterObjects = () => [...fixture('nodes.yaml'), ...fixture('workloads.yaml'), ...fixture('extras.yaml')];

const SCHEMAS: Record<string, new (data: never) => { validate(): void }> = { Deployment, StatefulSet, CronJob, Job } as never;

/** Throws when `object` is not valid under the Kubernetes OpenAPI schema of its kind. */
export function validateAgainstSchema(object: { [key: string]: Json }): void {
    const Model = SCHEMAS[String(object.kind)];
    if (!Model) {
        throw new Error(`no schema for kind ${String(object.kind)}`);
    }
    new Model(structuredClone(object) as never).validate();
}

type Obj = { [key: string]: Json };
const isObj = (v: Json | undefined): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A strategic merge patch: maps merge, lists and scalars replace, `$patch: replace` and `$patch: delete` directives. */
export function strategicMerge(base: Json | undefined, patch: Json): Json {
    if (!isObj(patch)) {
        return structuredClone(patch);
    }
    if (patch.$patch === 'replace') {
        const { $patch: _, ...rest } = patch;
        return structuredClone(rest);
    }
    const out: Obj = isObj(base) ? structuredClone(base) : {};
    for (const [key, value] of Object.entries(patch)) {
        if (isObj(value) && value.$patch === 'delete') {
            delete out[key];
        } else {
            out[key] = strategicMerge(out[key], value);
        }
    }
    return out;
}
