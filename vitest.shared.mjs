import { defineConfig } from 'vitest/config';

/** Tests share one real Redis; each uses its own key prefix, and long ones get room. */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    fileParallelism: false,
  },
});
