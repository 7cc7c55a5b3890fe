import { defineConfig } from 'vitest/config';

// One runner for every suite. Suites that share the machine's CUPS queue (printing through real CUPS and
// the end-to-end test) run one after another, after the rest, so one never cancels the other's job.
const SERIAL = ['tests/e2e/**/*.test.ts', 'tests/devices/printing/cups.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: { name: 'parallel', include: ['tests/**/*.test.ts'], exclude: ['tests/bench/**', 'node_modules/**', ...SERIAL], sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: { name: 'serial', include: SERIAL, fileParallelism: false, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
