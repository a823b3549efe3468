// A rewritten function that opens a parallel region hands its workers a 1 ms
// block time, so they sleep soon after it returns instead of spinning 200 ms
// beside the user's serial code; the user's own regions keep theirs.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/index.js';
import { spliceFunctions } from '../../src/rewrite/index.js';
import { withShortSpin } from '../../src/rewrite/short-spin.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slmcc-short-spin-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// init() is the function slmcc rewrites; main sleeps 150 ms after it (serial
// code of the user's) and prints the CPU the process spent meanwhile, the
// block time inside init and after it, and the result of a region of its own.
const PROGRAM = `#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <time.h>
#include <sys/resource.h>
extern int kmp_get_blocktime(void);
static double a[4000000];
static int inside;
static double cpu(void) {
  struct rusage u;
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_utime.tv_usec * 1e-6 + u.ru_stime.tv_sec + u.ru_stime.tv_usec * 1e-6;
}
static void init(int n) {
  int i;
  inside = kmp_get_blocktime();
  for (i = 0; i < n; i++)
    a[i] = i * 0.5;
  if (n < 0) return;
}
int main(void) {
  struct timespec pause = { 0, 150000000L };
  double c0, s = 0;
  int i;
  init(4000000);
  c0 = cpu();
  nanosleep(&pause, 0);
  fprintf(stderr, "%.3f\\n", cpu() - c0);
#pragma omp parallel for reduction(+:s)
  for (i = 0; i < 4000000; i++) s += a[i];
  printf("inside %d after %d sum %.1f\\n", inside, kmp_get_blocktime(), s);
  return 0;
}
`;
const PARALLEL_INIT = `static void init(int n) {
  int i;
  inside = kmp_get_blocktime();
#pragma omp parallel for
  for (i = 0; i < n; i++)
    a[i] = i * 0.5;
  if (n < 0) return;
}`;

function build(name: string, program: string, replacement: string | undefined, cc = 'clang-19') {
  const src = path.join(dir, `${name}.c`);
  fs.writeFileSync(src, program);
  const pp = execFileSync(cc, ['-E', '-std=c89', src], { encoding: 'utf8' });
  const tu = analyze(pp, { sourceFile: src });
  const init = tu.functions.find((f) => f.name === 'init')!;
  const unit = replacement === undefined ? pp : spliceFunctions(tu, [{ fn: init, text: replacement }]);
  fs.writeFileSync(path.join(dir, `${name}.i`), unit);
  const exe = path.join(dir, name);
  // C89: the helpers are plain enough for any dialect a user builds with.
  execFileSync(cc, ['-O2', '-fopenmp', '-std=c89', '-x', 'cpp-output', path.join(dir, `${name}.i`), '-o', exe]);
  return exe;
}

/** The program's stdout, and the CPU milliseconds it spent during its 150 ms sleep (its stderr). */
function run(exe: string, env: Record<string, string> = {}) {
  const r = spawnSync(exe, { encoding: 'utf8', env: { ...process.env, ...env } });
  expect(r.status).toBe(0);
  return { stdout: r.stdout, sleepCpuMs: Number(r.stderr.trim()) * 1000 };
}

it("guards only a function that opens a parallel region, on the body's line", () => {
  const guarded = withShortSpin(PARALLEL_INIT);
  expect(guarded.guarded).toBe(true);
  expect(guarded.text.split('\n').length).toBe(PARALLEL_INIT.split('\n').length);
  expect(guarded.text.split('\n')[0]).toMatch(/^static void init\(int n\) \{ __attribute__\(\(cleanup\(__slmcc_spin_restore\)\)\) int __slmcc_spin = /);
  const simdOnly = PARALLEL_INIT.replace('#pragma omp parallel for', '#pragma omp simd');
  expect(withShortSpin(simdOnly)).toEqual({ text: simdOnly, guarded: false });
});

it("sets a 1 ms block time inside the rewritten function, puts the user's back after it, and the workers sleep while serial code runs", () => {
  const exe = build('guarded', PROGRAM, PARALLEL_INIT);
  const guarded = run(exe);
  expect(guarded.stdout).toBe('inside 1 after 200 sum 3999999000000.0\n');
  // Of 150 ms of sleep, the worker spins about 1 ms (200 ms unguarded).
  expect(guarded.sleepCpuMs).toBeLessThan(40);
  // A block time the user chose is left as it is, shorter or longer.
  expect(run(exe, { KMP_BLOCKTIME: '0' }).stdout).toBe('inside 0 after 0 sum 3999999000000.0\n');
  expect(run(exe, { KMP_BLOCKTIME: '50' }).stdout).toBe('inside 50 after 50 sum 3999999000000.0\n');
  expect(run(exe, { OMP_WAIT_POLICY: 'active' }).stdout).toMatch(/^inside (\d+) after \1 sum 3999999000000\.0\n$/);
  // The same parallel init left unguarded: its worker spins through most of the sleep.
  const unguarded = run(build('unguarded', PROGRAM.replace('  for (i = 0; i < n; i++)\n    a[i]', '#pragma omp parallel for\n  for (i = 0; i < n; i++)\n    a[i]'), undefined));
  expect(unguarded.stdout).toBe('inside 200 after 200 sum 3999999000000.0\n');
  expect(unguarded.sleepCpuMs).toBeGreaterThan(50);
});

it('links against another OpenMP runtime, which has no block time to set, and runs the same', () => {
  const gnu = PROGRAM.replace('extern int kmp_get_blocktime(void);', '#define kmp_get_blocktime() 7');
  const exe = build('gnu', gnu, PARALLEL_INIT.replace('kmp_get_blocktime()', '7'), 'gcc');
  expect(run(exe).stdout).toBe('inside 7 after 7 sum 3999999000000.0\n');
});
