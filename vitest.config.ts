import { defineConfig } from 'vitest/config';

// One runner for every suite (unit, integration, documents, devices, end-to-end).
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/bench/**', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
