import { defineConfig } from 'vitest/config';

/** Runs the Node half of the benchmark (bench/*.run.ts), one file and one process at a time. */
export default defineConfig({
  test: {
    include: ['bench/*.run.ts'],
    environment: 'node',
    testTimeout: 60 * 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
  },
});
