import { defineConfig } from 'vitest/config';

// The suites build real C with clang-19 and run sanitizers: they are slow per
// test and the machine has two cores, so give them room. Files run one at a
// time: the timing probe rightly refuses to judge a candidate while another
// process keeps the second core busy, and two suites at once would do that.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
    reporters: ['default'],
    setupFiles: ['test/support/yield-between-tests.ts'],
  },
});
