// bench-builds (issue 12's measurement) in a tiny configuration: one repeat,
// one loop file, two loop-free files and a two-file project. It checks that
// every row of the table is printed; timings are not asserted (the machine is
// shared and the numbers mean nothing at this size).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tallyDecisions } from '../../src/bench/builds.js';
import { REPO, run, slmccEnv, tempDir, writeFiles } from '../support/driver-env.js';

describe('slmcc --slmcc bench-builds', () => {
  it('prints the table with every row, in a tiny configuration', () => {
    const project = path.join(tempDir('slmcc-bench-builds-proj-'), 'tiny');
    writeFiles(project, {
      'a.c': '#include <stdio.h>\nint twice(int x);\nint main(void) { printf("%d\\n", twice(21)); return 0; }\n',
      'b.c': 'int twice(int x) { return 2 * x; }\n',
      Makefile: 'tiny: a.o b.o\n\t$(CC) -o $@ a.o b.o\n%.o: %.c\n\t$(CC) -O2 -c $< -o $@\nclean:\n\trm -f *.o tiny\n',
    });
    const res = run('node', [path.join(REPO, 'dist', 'main.js'), '--slmcc', 'bench-builds', '--repeats', '1', '--loop-units', '1', '--units', '2', '--project', project], {
      cwd: project,
      env: slmccEnv(),
    });
    expect(res.stderr).not.toMatch(/failed \(/);
    expect(res.status).toBe(0);
    const out = res.stdout;
    expect(out).toMatch(/medians of 1 interleaved runs; load average/);
    expect(out).toMatch(/^\| what \| clang-19 s \| slmcc s \| ratio \| target \| met\? \|$/m);
    const rows = [
      /^\| 1 loop files, first build, empty cache \| [\d.]+ \| [\d.]+ \| [\d.]+x \| report \| n\/a \|$/m,
      /^\| 1 loop files, second build, same cache \| [\d.]+ \| [\d.]+ \| [\d.]+x \| ≤ 1\.3x \| (yes|no) \|$/m,
      /^\| tiny \(2 \.c files\), empty cache \| [\d.]+ \| [\d.]+ \| [\d.]+x \| ≤ 2x \| (yes|no) \|$/m,
      /^\| tiny, cache warmed in another checkout \| [\d.]+ \| [\d.]+ \| [\d.]+x \| ≤ 1\.2x \| (yes|no) \|$/m,
      /^\| 2 loop-free files \| [\d.]+ \| [\d.]+ \| [\d.]+x \| ≤ 1\.06x \| (yes|no) \|$/m,
    ];
    for (const row of rows) expect(out).toMatch(row);
    expect(out).toMatch(/^- 1 loop files, first build, empty cache: \d+ decision records: \d+ pending because of the parallel build/m);
    // The project folder is copied, never built in place.
    expect(fs.existsSync(path.join(project, 'a.o'))).toBe(false);
  }, 600_000);

  it('counts the decision log by what happened', () => {
    const dir = tempDir('slmcc-bench-builds-log-');
    const log = path.join(dir, 'decisions.jsonl');
    const rec = (kind: string, reason: string) => JSON.stringify({ function: 'f', verdict: { kind }, reason });
    fs.writeFileSync(
      log,
      [
        rec('undecided', 'pending: another slmcc compile was deciding at the same time (a parallel build); ...'),
        rec('undecided', 'machine busy: other processes used 1.10 cores during the probe'),
        rec('original', 'not decided at compile time: its loops index no arrays'),
        rec('candidate', 'a builtin candidate passed every check'),
        rec('unverifiable', 'returns a pointer'),
        'not json',
      ].join('\n') + '\n',
    );
    expect(tallyDecisions(log)).toEqual({ records: 5, decided: 1, pendingParallel: 1, pendingBusy: 1, pendingOther: 0, notWorth: 1, other: 1 });
    expect(tallyDecisions(path.join(dir, 'missing.jsonl')).records).toBe(0);
  });
});
