import { defineProject } from 'vitest/config';

// Cross-package flows start real relays and real Chromium: one file at a time on 2-core machines.
export default defineProject({
  test: {
    name: 'e2e',
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
