/**
 * `mlops export kubernetes`: every exported object is valid under the
 * Kubernetes OpenAPI schema (kubernetes-models' validators); an overlay's
 * patches name objects of its base; and the import of the export gives back
 * the same allocation (round trip), with plain manifests and with an overlay.
 */
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { parseModel } from '../../src/language/load.js';
import { toMatrix } from '../../src/model/allocation.js';
import type { AllocationDef, Model } from '../../src/model/types.js';
import { exportOverlay, exportPlain, scheduleFor, type ExportResult } from '../../src/platform/k8s-export.js';
import { DEFAULT_IMPORT_OPTIONS, importKubernetes } from '../../src/platform/k8s-import.js';
import { readObjects, type Json, type KObject } from '../../src/platform/k8s-read.js';
import { clusterObjects, fixture, strategicMerge, validateAgainstSchema } from './k8s-helpers.js';

const options = { poolLabel: DEFAULT_IMPORT_OPTIONS.poolLabel, ghzPerCore: DEFAULT_IMPORT_OPTIONS.ghzPerCore, namespace: 'default' };

async function importedModel(): Promise<Model> {
    // Through the project's own loader, as a user's file would be.
    return parseModel(importKubernetes(clusterObjects()).text);
}

/** A different allocation: components moved and split over pools, permanent lines. */
function changed(model: Model): AllocationDef {
    const current = model.allocations[0];
    const placements = current.placements.flatMap(p => {
        if (p.component === 'scorer') {
            return [{ ...p, instances: 2 }, { ...p, server: 'r5_4xlarge', instances: 3, permanent: true }];
        }
        if (p.component === 'label-service') {
            return [{ ...p, server: 'r5_4xlarge', instances: 2 }];
        }
        if (p.component === 'drift-report') {
            return [{ ...p, instances: 2 }];
        }
        return [p];
    });
    return { name: 'optimized', placements, limits: {} };
}

function reimport(objects: KObject[]): AllocationDef {
    return importKubernetes([...fixture('nodes.yaml'), ...objects]).model.allocations[0];
}

const asObjects = (result: ExportResult, except: (path: string) => boolean = () => false) =>
    result.files.filter(f => !except(f.path)).flatMap(f => readObjects(f.path, f.text));

describe('plain manifests', () => {
    for (const which of ['current', 'changed']) {
        test(`${which} allocation: valid under the schema; import of the export gives back the same allocation`, async () => {
            const model = await importedModel();
            const allocation = which === 'current' ? model.allocations[0] : changed(model);
            const result = exportPlain(model, allocation, options);
            expect(result.objects.length).toBe(new Set(allocation.placements.map(p => `${p.component}@${p.server}`)).size);
            for (const object of result.objects) {
                expect(() => validateAgainstSchema(object), JSON.stringify(object)).not.toThrow();
            }
            expect(toMatrix(reimport(asObjects(result)))).toEqual(toMatrix(allocation));
        });
    }

    test('the schema check can fail: a replica count as text is refused', async () => {
        const model = await importedModel();
        const object = structuredClone(exportPlain(model, model.allocations[0], options).objects[0]);
        (object.spec as { [key: string]: Json }).replicas = 'three';
        expect(() => validateAgainstSchema(object)).toThrow(/replicas/);
    });
});

describe('Kustomize overlay over the imported manifests', () => {
    for (const which of ['current', 'changed']) {
        test(`${which} allocation: patches name base objects; merged and new objects valid; round trip`, async () => {
            const model = await importedModel();
            const allocation = which === 'current' ? model.allocations[0] : changed(model);
            const baseObjects = fixture('workloads.yaml');
            const result = exportOverlay(model, allocation, { relativeDir: '../base', isKustomization: true, files: [], objects: baseObjects }, options);
            const kustomization = parse(result.files.find(f => f.path === 'kustomization.yaml')!.text) as {
                resources: string[]; patches: { path: string; target: { kind: string; name: string; namespace?: string } }[];
            };
            const paths = new Set(result.files.map(f => f.path));
            for (const r of kustomization.resources.filter(r => r !== '../base')) {
                expect(paths.has(r), r).toBe(true);
            }
            // Every patch targets an object of the base, and its file exists.
            const merged = new Map<KObject, { [key: string]: Json }>();
            for (const p of kustomization.patches) {
                expect(paths.has(p.path), p.path).toBe(true);
                const target = baseObjects.find(o => o.kind === p.target.kind && o.name === p.target.name && o.namespace === (p.target.namespace ?? ''));
                expect(target, JSON.stringify(p.target)).toBeDefined();
                const patch = parse(result.files.find(f => f.path === p.path)!.text);
                merged.set(target!, strategicMerge(target!.data, patch) as { [key: string]: Json });
            }
            expect(merged.size).toBe(result.patches.length);
            // The overlay's result: base objects patched, the others as they are, plus the new resources.
            const built = baseObjects.map(o => {
                const data = merged.get(o) ?? o.data;
                return { ...o, data };
            });
            for (const o of [...merged.values(), ...result.objects]) {
                expect(() => validateAgainstSchema(o), JSON.stringify(o)).not.toThrow();
            }
            const newObjects = asObjects(result, path => path === 'kustomization.yaml' || path.startsWith('patch-') || path.startsWith('base/'));
            expect(toMatrix(reimport([...built, ...newObjects]))).toEqual(toMatrix(allocation));
        });
    }

    test('a base that is not a kustomization is copied into base/ with one', async () => {
        const model = await importedModel();
        const result = exportOverlay(model, model.allocations[0], {
            relativeDir: '../manifests', isKustomization: false, files: [{ path: 'workloads.yaml', text: 'x' }], objects: fixture('workloads.yaml')
        }, options);
        expect(result.files.map(f => f.path)).toEqual(expect.arrayContaining(['base/workloads.yaml', 'base/kustomization.yaml']));
        expect(parse(result.files.find(f => f.path === 'kustomization.yaml')!.text).resources).toContain('base');
    });
});

test('cron schedules for times between runs', () => {
    expect(scheduleFor(900)).toBe('*/15 * * * *');
    expect(scheduleFor(3600)).toBe('0 * * * *');
    expect(scheduleFor(6 * 3600)).toBe('0 */6 * * *');
    expect(scheduleFor(86400)).toBe('0 0 * * *');
    expect(scheduleFor(7 * 60)).toBeUndefined();
});
