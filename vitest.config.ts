import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
    test: {
        include: ['test/**/*.test.ts'],
        // The distributed suite starts redis-server and worker processes of the built CLI:
        // its own stage (npm run test:distributed, vitest.distributed.config.ts).
        exclude: [...configDefaults.exclude, 'test/distributed/**/*.redis.test.ts'],
        testTimeout: 60_000,
        pool: 'forks'
    }
});
