import { defineConfig } from 'vitest/config';

/** `npm run pretrain` runs scripts/pretrain/run.pretrain.ts through Vitest, which compiles the model code's TypeScript as the tests do. */
export default defineConfig({
  test: {
    include: ['scripts/pretrain/run.pretrain.ts'],
    environment: 'node',
    testTimeout: 60 * 60_000,
    pool: 'forks',
    maxWorkers: 1,
  },
});
