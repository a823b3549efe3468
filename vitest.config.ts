import { defineConfig } from 'vitest/config';

// The suites build real C with clang-19 and run sanitizers: they are slow per
// test and the machine has two cores, so give them room and run files in forks.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
