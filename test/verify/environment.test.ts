// The checks run in the program's environment (issue 23): every candidate at
// 2, 3 and 7 threads, set by the harness itself with no OMP_* variable the
// program would not have; errno and the floating-point environment each call
// leaves are compared; calls that observe the run environment are refused.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze, type FunctionInfo } from '../../src/analysis/index.js';
import { loadConfig } from '../../src/config/index.js';
import { spliceFunctions } from '../../src/rewrite/index.js';
import { buildHarness, compileShipped, linkableCandidate } from '../../src/verify/build.js';
import { CAND, generateHarness, type InputSet } from '../../src/verify/harness.js';
import { failureOf, verifyFunction } from '../../src/verify/index.js';
import { runSet } from '../../src/verify/runs.js';
import { runEnv } from '../../src/verify/sandbox.js';
import { screenCandidate } from '../../src/verify/screen.js';
import { CHECK_THREADS, harnessOptions } from '../../src/verify/verify.js';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'slmcc-environment-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));
const config = { ...loadConfig({}).config, threads: 2 };

const SOURCE = `#include <math.h>
extern int omp_get_thread_limit(void);
extern int omp_get_num_threads(void);
extern int omp_get_thread_num(void);
extern double omp_get_wtime(void);
void rec2(int n, double *a) {
  for (int i = 2; i < n; i++)
    a[i] = a[i - 2] + 1.0;
}
int limit(int n, double *restrict a) {
  for (int i = 0; i < n; i++)
    a[i] = a[i] * 2.0;
  return 0;
}
void roots(int n, const double *restrict a, double *restrict r) {
  for (int i = 0; i < n; i++)
    r[i] = sqrt(a[i]);
}
void recip(int n, double *restrict a) {
  for (int i = 0; i < n; i++)
    a[i] = 1.0 / a[i];
}
`;
const file = path.join(scratch, 'env.c');
fs.writeFileSync(file, SOURCE);
const tu = analyze(execFileSync('clang-19', ['-E', file], { encoding: 'utf8' }), { sourceFile: file });
const fnOf = (name: string) => tu.functions.find((f) => f.name === name)!;

let builds = 0;
/**
 * The candidate's harness as verify builds it (plain kind): its unit spliced
 * (with the guards) and compiled as it ships, or, `raw`, pasted in as it is,
 * for candidates the screen would refuse before any build.
 */
async function harnessFor(fn: FunctionInfo, text: string, raw = false, flags: string[] = ['-O2']): Promise<string> {
  const dir = fs.mkdtempSync(path.join(scratch, `${fn.name}-`));
  const unit = raw ? tu.text.slice(0, fn.start) + text + tu.text.slice(fn.end) : spliceFunctions(tu, [{ fn, text }]);
  const name = `cand${builds++}`;
  const shipped = await compileShipped(['clang-19'], ['-O2'], 'plain', unit, dir, name, {});
  if (!shipped.ok) throw new Error(shipped.detail);
  const linkable = await linkableCandidate(shipped.obj, fn.name, CAND, dir, []);
  if (!linkable.ok) throw new Error(linkable.detail);
  const src = generateHarness(tu, fn, { defines: linkable.defines }, harnessOptions(config, flags));
  const built = await buildHarness(['clang-19'], ['-O2'], 'plain', src, dir, name, linkable.obj);
  if (!built.ok) throw new Error(built.detail);
  return built.exe;
}

const set = (n: number, signed = false): InputSet => ({ name: `n=${n}${signed ? ', signed values' : ''}`, n, distinct: false, signed, seed: 19, mult: 0 });
const at = (exe: string, s: InputSet, threads: number) => runSet(exe, 'plain', s, 1, { threads, wallMs: 20_000 });

describe('the checks run each candidate at several thread counts', () => {
  // Each thread owns one residue class mod 2 with 2 threads, so the distance-2
  // recurrence comes out exact; 3 and 7 threads read neighbours' unwritten values.
  const STATIC_1 = `void rec2(int n, double *a) {
#pragma omp parallel for schedule(static,1)
  for (int i = 2; i < n; i++)
    a[i] = a[i - 2] + 1.0;
}`;

  it('the counts are 2, 3 and 7 for the differential run, fewer under the sanitizers', () => {
    expect(CHECK_THREADS.plain).toEqual([2, 3, 7]);
    expect(CHECK_THREADS.tsan).toEqual([2, 3]);
    expect(CHECK_THREADS.asan).toEqual([3]);
  });

  it('schedule(static,1) on a distance-2 recurrence passes at 2 threads and fails at 3 and 7', async () => {
    const exe = await harnessFor(fnOf('rec2'), STATIC_1);
    const two = await at(exe, set(4000), 2);
    expect(two.ok, two.detail).toBe(true);
    for (const t of [3, 7]) {
      const r = await at(exe, set(4000), t);
      expect(r.ok, `${t} threads`).toBe(false);
      expect(r.detail).toMatch(new RegExp(`, ${t} threads: outputs differ at a\\[`));
    }
  }, 120_000);

  it('verify refuses it before any run: the claim check proves the dependence the runs at 3 and 7 threads show', async () => {
    const r = await verifyFunction({
      tu,
      fn: fnOf('rec2'),
      cc: ['clang-19'],
      codeFlags: ['-O2'],
      config,
      candidates: [{ id: 'static1', origin: { provider: 'ollama' }, form: 'code', text: STATIC_1 }],
    });
    expect(r.verdict.kind).not.toBe('candidate');
    expect(failureOf(r.candidates[0])).toMatchObject({ check: 'claim', ok: false });
    expect(failureOf(r.candidates[0])?.detail).toMatch(/claims the loop at line \d+ is parallel, but .*two iterations later/);
  }, 300_000);

  it("a candidate sees the count the harness set and libomp's default thread limit: no OMP_* variable", async () => {
    expect(Object.keys(runEnv({}))).toEqual(['PATH']);
    // Past the screen (which refuses omp_get_thread_limit): it returns the team size where the limit is libomp's default, -1 otherwise.
    const exe = await harnessFor(
      fnOf('limit'),
      `int limit(int n, double *restrict a) {
  int team = 0;
#pragma omp parallel
  {
#pragma omp single
    team = omp_get_num_threads();
  }
  for (int i = 0; i < n; i++)
    a[i] = a[i] * 2.0;
  return omp_get_thread_limit() == 2147483647 ? team : -1;
}`,
      true,
    );
    for (const t of [2, 3, 7]) {
      const r = await at(exe, set(50), t);
      expect(r.detail).toMatch(new RegExp(`return value of the first call: reference 0, candidate ${t}$`));
    }
  }, 120_000);
});

describe('the screen refuses calls that observe the run environment', () => {
  const screen = (fn: string, text: string) => screenCandidate(tu, fnOf(fn), { id: 'env', origin: { provider: 'ollama' }, form: 'code', text });

  it('omp_get_thread_limit, which the original does not call', () => {
    const r = screen(
      'limit',
      `int limit(int n, double *restrict a) {
  if (omp_get_thread_limit() < 64) return 0;
#pragma omp parallel for
  for (int i = 0; i < n; i++)
    a[i] = a[i] * 2.0;
  return 0;
}`,
    );
    expect(r.ok).toBe(false);
    expect(r.detail).toBe('observes the run environment (omp_get_thread_limit), which the original does not');
  });

  it('omp_get_wtime, for the same reason; omp_get_thread_num and omp_get_num_threads stay allowed', () => {
    const timed = screen('limit', 'int limit(int n, double *restrict a) {\n  double t = omp_get_wtime();\n  for (int i = 0; i < n; i++)\n    a[i] = a[i] * 2.0;\n  return t < 0;\n}');
    expect(timed.detail).toBe('observes the run environment (omp_get_wtime), which the original does not');
    const manual = screen(
      'limit',
      `int limit(int n, double *restrict a) {
#pragma omp parallel
  {
    int t = omp_get_thread_num(), k = omp_get_num_threads();
    for (int i = t; i < n; i += k)
      a[i] = a[i] * 2.0;
  }
  return 0;
}`,
    );
    expect(manual, manual.detail).toMatchObject({ ok: true });
  });
});

describe('the differential check compares errno and the floating-point environment', () => {
  it('an errno the original leaves (EDOM from sqrt of a negative) and the candidate does not', async () => {
    // Same values (NaN for a negative, FE_INVALID too), no errno.
    const exe = await harnessFor(
      fnOf('roots'),
      'void roots(int n, const double *restrict a, double *restrict r) {\n  for (int i = 0; i < n; i++)\n    r[i] = a[i] < 0 ? (a[i] - a[i]) / (a[i] - a[i]) : sqrt(a[i]);\n}',
    );
    const r = await at(exe, set(29, true), 2);
    expect(r.ok).toBe(false);
    expect(r.detail).toBe(`n=29, signed values, 2 threads: errno after the first call: ${os.constants.errno.EDOM} (EDOM) from the original, 0 from the candidate`);
  }, 120_000);

  // Not vectorised: clang would divide every lane and select after, raising the flag anyway.
  const NO_DIVIDE_BY_ZERO = 'void recip(int n, double *restrict a) {\n#pragma clang loop vectorize(disable)\n  for (int i = 0; i < n; i++)\n    a[i] = a[i] == 0.0 ? __builtin_inf() : 1.0 / a[i];\n}';

  it('an exception flag the original raises (FE_DIVBYZERO) and the candidate does not, where the program may read flags', async () => {
    const exe = await harnessFor(fnOf('recip'), NO_DIVIDE_BY_ZERO, true, ['-O2', '-ffp-exception-behavior=strict']);
    // Signed values are exactly 0.0 one time in 11: 200 of them hold some.
    const r = await at(exe, set(200, true), 2);
    expect(r.ok).toBe(false);
    expect(r.detail).toMatch(/n=200, signed values, 2 threads: floating-point exception flags after the first call: FE_DIVBYZERO from the original, none from the candidate$/);
  }, 120_000);

  it('with FENV_ACCESS off (the default) the flags are no meaning: clang -O3 itself raises or drops them', async () => {
    const exe = await harnessFor(fnOf('recip'), NO_DIVIDE_BY_ZERO, true);
    const r = await at(exe, set(200, true), 2);
    expect(r.ok, r.detail).toBe(true);
  }, 120_000);

  it('a parallel candidate whose workers set EDOM and raise FE_INVALID matches the original at every count (the shipped guard)', async () => {
    const exe = await harnessFor(
      fnOf('roots'),
      'void roots(int n, const double *restrict a, double *restrict r) {\n#pragma omp parallel for\n  for (int i = 0; i < n; i++)\n    r[i] = sqrt(a[i]);\n}',
    );
    for (const t of [2, 3, 7]) {
      const r = await at(exe, set(29, true), t);
      expect(r.ok, r.detail).toBe(true);
    }
  }, 120_000);
});
