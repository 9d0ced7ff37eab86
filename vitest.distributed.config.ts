import { defineConfig } from 'vitest/config';

/**
 * `npm run test:distributed`: the suite of docs/distributed.md against a real
 * redis-server and `mlops worker` processes (needs the build: out/). One file
 * at a time: each starts several processes on a 2-core machine.
 */
export default defineConfig({
    test: {
        include: ['test/distributed/**/*.redis.test.ts'],
        testTimeout: 600_000,
        hookTimeout: 600_000,
        pool: 'forks',
        fileParallelism: false
    }
});
