// Judging loops, not functions, through bin/slmcc with the builtin provider:
// a hot nest in main or in a function that prints is outlined, judged and
// shipped by itself; a nest that cannot be outlined safely leaves the
// function (and the object) as written, and its record says why.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLANG, SLMCC, runAsync, run, slmccEnv, tempDir, writeFiles } from '../support/driver-env.js';

interface Decision {
  function: string;
  verdict: { kind: string; reason?: string };
  reason: string;
  candidates: { id: string; checks: { check: string; ok: boolean; detail?: string }[] }[];
}

function decisions(cacheDir: string): Decision[] {
  const log = path.join(cacheDir, 'decisions.jsonl');
  if (!fs.existsSync(log)) return [];
  return fs
    .readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
}

/** Builds with slmcc (retrying a verdict a busy machine left undecided) and with clang-19; both programs' outputs. */
async function buildBoth(dir: string, source: string, env: NodeJS.ProcessEnv, fnName: string) {
  const cache = env.SLMCC_CACHE_DIR!;
  let r = await runAsync(SLMCC, ['-O2', '-c', source, '-o', 'prog.o'], { cwd: dir, env });
  expect(r.status).toBe(0);
  expect(r.stderr).toBe('');
  for (
    let i = 0;
    i < 1 &&
    decisions(cache)
      .filter((d) => d.function === fnName)
      .at(-1)?.verdict.kind === 'undecided';
    i++
  ) {
    r = await runAsync(SLMCC, ['-O2', '-c', source, '-o', 'prog.o'], { cwd: dir, env: { ...env, SLMCC_RETRY_PENDING: '1' } });
    expect(r.status).toBe(0);
  }
  expect(run(SLMCC, ['prog.o', '-o', 'prog', '-lm'], { cwd: dir, env }).status).toBe(0);
  expect(run(CLANG, ['-O2', source, '-o', 'ref', '-lm'], { cwd: dir }).status).toBe(0);
  return {
    slmcc: run(path.join(dir, 'prog'), [], { cwd: dir }).stdout,
    clang: run(path.join(dir, 'ref'), [], { cwd: dir }).stdout,
    record: decisions(cache)
      .filter((d) => d.function === fnName)
      .at(-1),
    all: decisions(cache),
  };
}

const symbols = (obj: string) => execFileSync('nm', [obj], { encoding: 'utf8' });

describe('a hot loop nest is judged by itself', () => {
  it('a hot loop in main that prints its result is outlined and parallelised; the program prints the same', async ({ skip }) => {
    const dir = tempDir();
    writeFiles(dir, {
      'main.c': `#include <math.h>
#include <stdio.h>
#include <stdlib.h>
int main(void) {
  int n = 400000;
  double *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
  for (int i = 0; i < n; i++) a[i] = (rand() % 97) * 0.01;
  for (int i = 0; i < n; i++) {
    double x = a[i];
    for (int k = 0; k < 40; k++) x = sin(x) + cos(x * 0.5);
    b[i] = x;
  }
  printf("%.6f %.6f %.6f\\n", b[0], b[n / 3], b[n - 1]);
  free(a);
  free(b);
  return 0;
}
`,
    });
    const env = slmccEnv({ SLMCC_CACHE_DIR: path.join(dir, 'cache') });
    const out = await buildBoth(dir, 'main.c', env, '__slmcc_loop_main_1');
    expect(out.slmcc).toBe(out.clang);
    const rec = out.record!;
    expect(rec, JSON.stringify(out.all.map((d) => [d.function, d.verdict.kind, d.reason]))).toBeDefined();
    // The builtin's parallel loop passed every check before the timing probe.
    const first = rec.candidates[0];
    expect(
      first.checks.filter((c) => c.check !== 'timing' && !c.ok),
      JSON.stringify(first.checks),
    ).toEqual([]);
    // A machine busy with other work the whole time times nothing: whether it ships cannot be checked, and the test says so.
    if (rec.verdict.kind === 'undecided') skip();
    expect(rec.verdict.kind, rec.reason).toBe('candidate');
    // The object holds the outlined function running through the OpenMP runtime; main calls it.
    const syms = symbols(path.join(dir, 'prog.o'));
    expect(syms).toMatch(/__slmcc_loop_main_1/);
    expect(syms).toMatch(/__kmpc_fork_call/);
    // main itself was never the unit judged.
    expect(out.all.filter((d) => d.function === 'main' && d.verdict.kind === 'candidate')).toEqual([]);
  }, 600_000);

  it('a loop in a function that also calls printf is judged by itself', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'report.c': `#include <stdio.h>
#include <stdlib.h>
void smooth_and_report(int n, const double *restrict u, double *restrict v) {
  for (int i = 1; i < n - 1; i++) v[i] = 0.25 * u[i - 1] + 0.5 * u[i] + 0.25 * u[i + 1];
  printf("v[%d] = %.6f\\n", n / 2, v[n / 2]);
}
int main(void) {
  int n = 100000;
  double *u = malloc(n * sizeof *u), *v = calloc(n, sizeof *v);
  for (int i = 0; i < n; i++) u[i] = (rand() % 31) * 0.1;
  smooth_and_report(n, u, v);
  return 0;
}
`,
    });
    const env = slmccEnv({ SLMCC_CACHE_DIR: path.join(dir, 'cache') });
    const out = await buildBoth(dir, 'report.c', env, '__slmcc_loop_smooth_and_report_1');
    expect(out.slmcc).toBe(out.clang);
    const rec = out.record!;
    expect(rec, JSON.stringify(out.all.map((d) => [d.function, d.verdict.kind, d.reason]))).toBeDefined();
    // Judged as a kernel the harness drives: a builtin candidate went through the checks.
    expect(rec.verdict.kind).not.toBe('unverifiable');
    expect(rec.candidates.length).toBeGreaterThan(0);
    expect(rec.candidates[0].checks.find((c) => c.check === 'differential')?.ok, JSON.stringify(rec.candidates)).toBe(true);
    // The function itself, with no hot loop left, is no longer refused as a whole.
    expect(out.all.filter((d) => d.function === 'smooth_and_report' && d.verdict.kind === 'unverifiable')).toEqual([]);
  }, 600_000);

  it('a nest with a goto out of it keeps the function as written, with the reason', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'scan.c': `#include <stdio.h>
#include <stdlib.h>
int main(void) {
  int n = 200000;
  double *a = malloc(n * sizeof *a);
  for (int i = 0; i < n; i++) a[i] = rand() % 101 - 3.0;
  double s = 0;
  for (int i = 0; i < n; i++) {
    if (a[i] > 1000.0) goto bad;
    s += a[i] * a[i];
  }
  printf("%.3f\\n", s);
  return 0;
bad:
  puts("out of range");
  return 1;
}
`,
    });
    const cache = path.join(dir, 'cache');
    const env = slmccEnv({ SLMCC_CACHE_DIR: cache });
    const r = run(SLMCC, ['-O2', '-c', 'scan.c', '-o', 'scan.o'], { cwd: dir, env });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    // The object is clang-19's own.
    expect(run(CLANG, ['-O2', '-c', 'scan.c', '-o', 'ref.o'], { cwd: dir }).status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'scan.o')).equals(fs.readFileSync(path.join(dir, 'ref.o')))).toBe(true);
    const all = decisions(cache);
    expect(all.filter((d) => d.function.startsWith('__slmcc_loop_'))).toEqual([]);
    const main = all.find((d) => d.function === 'main')!;
    expect(main, JSON.stringify(all)).toBeDefined();
    expect(main.reason).toMatch(/^main is not a kernel the harness can call; .*its loop at line 6 calls rand; its loop at line 8 cannot be outlined: a goto inside it may jump out of it$/);
  }, 600_000);
});
