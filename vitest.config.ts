import { defineConfig } from 'vitest/config';

// Two projects, named for what a file needs, not for where it lives:
//
// - unit: no compiler, sanitizer, model server, sandbox or built dist/. These
//   files answer in seconds and are safe to run side by side:
//   `npm run test:unit` runs them in parallel without building.
// - e2e: everything else. They build real C with clang-19 and run sanitizers:
//   slow per test on a two-core machine, so they get room, and files run one
//   at a time: the timing probe rightly refuses to judge a candidate while
//   another process keeps the second core busy, and two suites at once would
//   do that.
//
// A file belongs in UNIT only if it runs none of those; anything new starts
// in e2e. `npm test` runs both, unit first, one file at a time as before
// (fileParallelism is one switch for the whole run, so test:unit turns it on
// from the command line).
const UNIT = [
  'test/analysis/member-pointers.test.ts',
  'test/analysis/value-uses.test.ts',
  'test/architecture/import-cycles.test.ts',
  'test/architecture/parts-through-index.test.ts',
  'test/cache/give-up-counters.test.ts',
  'test/cache/lock.test.ts',
  'test/cli/cache-command.test.ts',
  'test/config/reassociation.test.ts',
  'test/driver/classify.test.ts',
  'test/driver/compiler-words.test.ts',
  'test/driver/flag-props.test.ts',
  'test/driver/flags.test.ts',
  'test/propose/ollama-reply.test.ts',
  'test/pipeline/outcome.test.ts',
  'test/verify/disturbance.test.ts',
  'test/verify/prediction.test.ts',
  'test/verify/harness-plan.test.ts',
  'test/verify/probe-verdict.test.ts',
  'test/verify/run-report.test.ts',
  'test/verify/unverifiable-reasons.test.ts',
  'test/verify/call-constants.test.ts',
  'test/shell/*.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
    reporters: ['default'],
    projects: [
      { extends: true, test: { name: 'unit', include: UNIT, sequence: { groupOrder: 0 } } },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/**/*.test.ts'],
          exclude: UNIT,
          sequence: { groupOrder: 1 },
          // Only e2e files block their worker for long (see the file).
          setupFiles: ['test/support/yield-between-tests.ts'],
        },
      },
    ],
  },
});
