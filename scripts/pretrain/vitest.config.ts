import { defineConfig } from 'vitest/config';

/**
 * `npm run pretrain` runs scripts/pretrain/group-*.pretrain.ts through Vitest, which compiles the
 * model code's TypeScript as the tests do: two groups of families in two processes (one per core),
 * joined by merge-manifests.ts (groups.ts says more).
 */
export default defineConfig({
  test: {
    include: ['scripts/pretrain/group-*.pretrain.ts'],
    globalSetup: ['scripts/pretrain/merge-manifests.ts'],
    environment: 'node',
    testTimeout: 60 * 60_000,
    pool: 'forks',
    maxWorkers: 2,
    fileParallelism: true,
  },
});
