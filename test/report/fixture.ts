/**
 * A hand-made OptimizationResult for the view tests (until/besides a real
 * optimization): a front of `size` solutions on a trade-off between time and
 * cost, with details, baselines and hostile labels.
 */
import type { OptimizationResult, Solution } from '../../src/opt/api.js';

export const HOSTILE_LABEL = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">"quoted" \'single\' javascript:alert(1)';

export function fixtureResult(size = 6): OptimizationResult {
    const front: Solution[] = [];
    for (let i = 0; i < size; i++) {
        const t = size === 1 ? 0.5 : i / (size - 1);
        const scorers = 1 + (i % 6);
        front.push({
            allocation: {
                instances: {
                    feature_store: { cpu_node: 1 },
                    trainer: { gpu_node: 1 + (i % 2) },
                    scorer: { cpu_node: scorers },
                    monitor: i % 3 === 0 ? { cpu_node: 1, gpu_node: 1 } : { cpu_node: 1 }
                },
                permanent: { feature_store: ['cpu_node'], ...(i % 2 === 0 ? { scorer: ['cpu_node'] } : {}) },
                limits: { train: 1 + (i % 4) }
            },
            objectives: { time: 10 + 30 * (1 - t), variance: 5 + 20 * (1 - t) * (1 - t), violations: 4 * (1 - t), cost: 20 + 40 * t },
            details: fixtureDetails(t)
        });
    }
    const chosen = Math.floor(size / 2);
    return {
        system: 'retail',
        currency: 'PLN',
        components: ['feature_store', 'trainer', 'scorer', 'monitor'],
        servers: ['cpu_node', 'gpu_node'],
        steps: ['load_features', 'train', 'evaluate', 'score', 'check_drift'],
        labels: { scorer: HOSTILE_LABEL, cpu_node: 'CPU node "standard"' },
        seed: 42,
        evaluations: 7200,
        wallSeconds: 8.1,
        hypervolume: 0.83,
        hypervolumeByGeneration: Array.from({ length: 30 }, (_, g) => 0.83 * (1 - Math.exp(-g / 6))),
        front,
        chosen,
        baselines: [
            { name: 'first-fit', allocation: { instances: { feature_store: { cpu_node: 1 }, trainer: { gpu_node: 1 }, scorer: { cpu_node: 1 }, monitor: { cpu_node: 1 } }, permanent: {}, limits: {} },
                objectives: { time: 60, variance: 40, violations: 9.5, cost: 18 }, details: fixtureDetails(-0.5) },
            { name: 'current', allocation: { instances: { feature_store: { cpu_node: 1 }, trainer: { gpu_node: 2 }, scorer: { cpu_node: 4 }, monitor: { cpu_node: 1 } }, permanent: { feature_store: ['cpu_node'] }, limits: { train: 2 } },
                objectives: { time: 25, variance: 15, violations: 2, cost: 45 }, details: fixtureDetails(0.25) }
        ],
        stoppedBy: 'generations',
        warnings: []
    };
}

/** Per-process and per-server figures that improve as `t` goes from 0 to 1 (also used for the baselines). */
export function fixtureDetails(t: number): NonNullable<Solution['details']> {
    return {
        processes: [
            { name: 'training', runs: 40, mean: 7000 - 2000 * t, variance: 1e6, p50: 6500 - 2000 * t, p95: 10000 - 2000 * t,
                p99: 12000 - 2000 * t, deadline: 10800, violations: Math.round(5 * (1 - t)), meanCI: [6800 - 2000 * t, 7200 - 2000 * t], unfinishedRuns: 0 },
            { name: 'scoring', runs: 80000, mean: 0.3 + 0.2 * (1 - t), variance: 0.01, p50: 0.28 + 0.2 * (1 - t), p95: 0.6 + 0.2 * (1 - t),
                p99: 0.7 + 0.3 * (1 - t), deadline: 0.8, violations: Math.round(100 * (1 - t)), meanCI: [0.29, 0.31], unfinishedRuns: 0 },
            { name: 'monitoring', runs: 90, mean: 20, variance: 1, p50: 20, p95: 22, p99: 23, deadline: 600, violations: 0, meanCI: [19, 21], unfinishedRuns: 0 }
        ],
        servers: [
            { name: 'cpu_node', machines: 8, cpuUtilization: 0.2 + 0.3 * (1 - t), gpuUtilization: 0, ramUtilization: 0.1 + 0.1 * t },
            { name: 'gpu_node', machines: 2, cpuUtilization: 0.4, gpuUtilization: 0.5 + 0.3 * (1 - t), ramUtilization: 0.3 }
        ]
    };
}
