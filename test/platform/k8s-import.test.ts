/**
 * `mlops import kubernetes` on realistic kubectl output (test/fixtures/k8s:
 * 7 nodes in 3 pools with a tainted GPU pool, 13 workloads with requests,
 * selectors, required and preferred node affinities, two StatefulSets, two
 * CronJobs, a Job, plus a Service, an HPA and a ConfigMap).
 */
import { describe, expect, test } from 'vitest';
import { loadModel } from '../../src/language/load.js';
import { toMatrix } from '../../src/model/allocation.js';
import { cronInterval } from '../../src/platform/cron.js';
import { importKubernetes, DEFAULT_IMPORT_OPTIONS } from '../../src/platform/k8s-import.js';
import { parseQuantity } from '../../src/platform/k8s-quantity.js';
import { readObjects } from '../../src/platform/k8s-read.js';
import { InputError } from '../../src/platform/input-error.js';
import { clusterObjects } from './k8s-helpers.js';

describe('import of the fixture cluster', () => {
    const result = importKubernetes(clusterObjects());

    test('the model validates with only the documented placeholder diagnostics: unused-element on components whose steps are TODO', async () => {
        const loaded = await loadModel(result.text);
        expect(loaded.model, loaded.diagnostics.map(d => d.message).join('\n')).toBeDefined();
        const codes = new Set(loaded.diagnostics.map(d => (d.data as { code: string }).code));
        expect([...codes]).toEqual(['unused-element']);
        const flagged = loaded.diagnostics.map(d => /component (\S+) is unused/.exec(String(d.message))?.[1]).sort();
        const placeholders = [...result.text.matchAll(/^\/\/ TODO (\S+) \(/gm)].map(m => m[1]).sort();
        expect(flagged).toEqual(placeholders);
        expect(placeholders).toHaveLength(10);
    });

    test('pools become server kinds: count, allocatable CPU x GHz per core, memory, GPUs x TOPS', () => {
        const servers = Object.fromEntries(result.model.servers.map(s => [s.name, s]));
        expect(Object.keys(servers)).toEqual(['m5_2xlarge', 'r5_4xlarge', 'g5_2xlarge']);
        expect(servers.m5_2xlarge).toMatchObject({ count: 3, cpuGHz: 7.91 * 2.5, gpuTOPS: 0 });
        expect(servers.m5_2xlarge.ramMB).toBeCloseTo(31525532 * 1024 / 1e6, 6);
        expect(servers.r5_4xlarge).toMatchObject({ count: 2, cpuGHz: 15.89 * 2.5 });
        expect(servers.g5_2xlarge).toMatchObject({ count: 2, gpuTOPS: 100 });
    });

    test('workloads become components: requests as idle load (init containers count), StatefulSets permanent', () => {
        const c = Object.fromEntries(result.model.components.map(x => [x.name, x]));
        expect(c['api-gateway']).toMatchObject({ idleCpuGHz: 0.5 * 2.5, permanent: false });
        expect(c['api-gateway'].idleRamMB).toBeCloseTo(512 * 1024 * 1024 / 1e6, 9);
        expect(c.ingest.idleRamMB).toBeCloseTo(1024 ** 3 / 1e6, 9); // the init container's 1Gi is above the 256Mi
        expect(c['feature-store'].permanent).toBe(true);
        expect(c['redis-cache'].permanent).toBe(true);
        expect(c.notebook).toBeUndefined(); // 0 replicas
    });

    test('replicas and node selection become allocation current (selectors, affinities, taints, preferences)', () => {
        expect(toMatrix(result.model.allocations[0]).instances).toEqual({
            'api-gateway': { m5_2xlarge: 3 },       // nodeSelector instance-type
            scorer: { m5_2xlarge: 4 },              // required affinity In
            'model-server': { g5_2xlarge: 2 },      // GPU selector and toleration
            ingest: { m5_2xlarge: 2 },              // nodeSelector pool
            'drift-monitor': { r5_4xlarge: 1 },     // no selector; preferred affinity for memory
            'label-service': { m5_2xlarge: 1 },     // no selector: first untainted pool, reported
            'web-ui': { m5_2xlarge: 2 },            // NotIn
            'feature-store': { r5_4xlarge: 2 },
            'redis-cache': { r5_4xlarge: 1 },
            'nightly-retrain': { g5_2xlarge: 1 },   // CronJob parallelism
            'drift-report': { m5_2xlarge: 1 },
            'backfill-2026-11': { r5_4xlarge: 2 }   // Job parallelism 2
        });
    });

    test('CronJob schedules become processes with their every and deadline', () => {
        const p = Object.fromEntries(result.model.processes.map(x => [x.name, x]));
        expect(p['nightly-retrain']).toMatchObject({ everySeconds: { kind: 'constant', value: 86400 }, deadlineSeconds: 10800 });
        expect(p['drift-report']).toMatchObject({ everySeconds: { kind: 'constant', value: 900 }, deadlineSeconds: null });
    });

    test('everything not mapped is reported by name', () => {
        const report = result.report.join('\n');
        for (const name of ['Service serving/scorer', 'HorizontalPodAutoscaler serving/scorer', 'ConfigMap serving/scorer-config',
            'Deployment research/notebook', 'podAntiAffinity', 'topologySpreadConstraints', 'volumeClaimTemplates', 'resources.limits']) {
            expect(report).toContain(name);
        }
        expect(report).toMatch(/label-service: may run on pools m5\.2xlarge, r5\.4xlarge/);
    });

    test('--pool-label groups by another label', () => {
        const other = importKubernetes(clusterObjects(), { ...DEFAULT_IMPORT_OPTIONS, poolLabel: 'pool' });
        expect(other.model.servers.map(s => s.name)).toEqual(['general', 'memory', 'gpu']);
    });
});

describe('errors name the file, the line and the field', () => {
    const error = (text: string) => {
        try {
            importKubernetes(readObjects('in.yaml', text));
        } catch (e) {
            return (e as InputError).format();
        }
        return 'no error';
    };

    test('YAML syntax', () => {
        expect(error('apiVersion: v1\nkind: Node\nmetadata: {name: a\n')).toMatch(/^in\.yaml:\d+:\d+: error: YAML: /);
    });

    test('a bad quantity, a bad replica count, an unknown operator', () => {
        const deployment = (spec: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n${spec}`;
        expect(error(deployment('  template:\n    spec:\n      containers:\n      - name: a\n        resources:\n          requests:\n            cpu: lots\n')))
            .toBe("in.yaml:12:18: error: spec.template.spec.containers[0].resources.requests.cpu: not a Kubernetes quantity: 'lots'");
        expect(error(deployment('  replicas: -1\n  template:\n    spec:\n      containers: [{name: a}]\n')))
            .toBe('in.yaml:6:13: error: spec.replicas: expected a whole number >= 0, got -1');
        const nodes = 'apiVersion: v1\nkind: Node\nmetadata: {name: n}\nstatus: {allocatable: {cpu: "4", memory: 8Gi}}\n---\n';
        expect(error(nodes + deployment('  template:\n    spec:\n      affinity:\n        nodeAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n'
            + '            nodeSelectorTerms:\n            - matchExpressions:\n              - {key: a, operator: Near}\n      containers: [{name: a}]\n')))
            .toMatch(/^in\.yaml:18:\d+: error: spec\.template\.spec\.affinity\.nodeAffinity\.requiredDuringSchedulingIgnoredDuringExecution\.nodeSelectorTerms\[0\]\.matchExpressions\[0\]\.operator: unknown operator/);
    });

    test('an object without a name, inside a List', () => {
        expect(error('apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Node\n  metadata: {}\n')).toBe('in.yaml:6:13: error: items[0].metadata.name: missing: the Node has no name');
    });
});

test('cron schedules: regular intervals exact, irregular ones as their mean', () => {
    expect(cronInterval('*/15 * * * *')).toMatchObject({ seconds: 900, regular: true });
    expect(cronInterval('0 2 * * *')).toMatchObject({ seconds: 86400, regular: true });
    expect(cronInterval('@weekly')).toMatchObject({ seconds: 7 * 86400, regular: true });
    expect(cronInterval('0 */6 * * *')).toMatchObject({ seconds: 6 * 3600, regular: true });
    expect(cronInterval('0 3 * * MON-FRI')).toMatchObject({ seconds: 7 * 86400 / 5, regular: false });
    expect(cronInterval('30 1 1 * *').seconds).toBe(365 * 86400 / 12);
    expect(() => cronInterval('0 25 * * *')).toThrow(/hour/);
    expect(() => cronInterval('0 0 30 2 *')).toThrow(/never runs/);
});

test('Kubernetes quantities', () => {
    expect(parseQuantity('250m')).toBe(0.25);
    expect(parseQuantity('2')).toBe(2);
    expect(parseQuantity(3)).toBe(3);
    expect(parseQuantity('1.5Gi')).toBe(1.5 * 1024 ** 3);
    expect(parseQuantity('32827484Ki')).toBe(32827484 * 1024);
    expect(parseQuantity('1e3')).toBe(1000);
    expect(parseQuantity('500M')).toBe(5e8);
    expect(parseQuantity('lots')).toBeUndefined();
    expect(parseQuantity('-1')).toBeUndefined();
});
