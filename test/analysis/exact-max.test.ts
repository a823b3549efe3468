// A floating-point max reduction is exact in one shape only: every value
// is a fabs() (never -0.0), the update can never pick a NaN, and the
// maximum starts from a non-negative literal. Then equal values have equal
// bits and the largest is the same number whichever thread finds it, so the
// builtin and a model's claim may use reduction(max:...) without the
// user's permission to reorder floating point. Every other max stays behind
// that permission: a raw value can be -0.0, `m > x ? m : x` stores a NaN,
// and a start of -INFINITY is not what each thread's copy starts from.
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { analyze, type TranslationUnit } from '../../src/analysis/index.js';
import { loopFindings, proposeBuiltin } from '../../src/propose/builtin/index.js';
import { applyPlan, spliceFunctions } from '../../src/rewrite/index.js';

const SOURCE = `#include <math.h>
#include <stdio.h>
#include <string.h>

/* heat-print's sweep: the residual is the largest change, a fabs(). */
double sweep(int ny, int nx, const double *u, double *un) {
  double res, change;
  int i, j;
  res = 0.0;
  for (i = 1; i < ny - 1; i++)
    for (j = 1; j < nx - 1; j++) {
      un[i * nx + j] = 0.25 * (u[(i - 1) * nx + j] + u[(i + 1) * nx + j] + u[i * nx + j - 1] + u[i * nx + j + 1]);
      change = fabs(un[i * nx + j] - u[i * nx + j]);
      if (change > res)
        res = change;
    }
  return res;
}

double fmax_abs(int n, const double *a) {
  double m = 0;
  for (int i = 0; i < n; i++) m = fmax(m, fabs(a[i]));
  return m;
}

double raw_max(int n, const double *a) {
  double m = 0.0;
  for (int i = 0; i < n; i++)
    if (a[i] > m) m = a[i];
  return m;
}

double nan_enters(int n, const double *a) {
  double m = 0.0;
  for (int i = 0; i < n; i++) m = m > fabs(a[i]) ? m : fabs(a[i]);
  return m;
}

double from_minus_inf(int n, const double *a) {
  double m = -INFINITY;
  for (int i = 0; i < n; i++)
    if (fabs(a[i]) > m) m = fabs(a[i]);
  return m;
}

static void bits(const char *what, double x) {
  unsigned long long b;
  memcpy(&b, &x, sizeof b);
  printf("%s %016llx\\n", what, b);
}

int main(void) {
  enum { NX = 97, NY = 61 };
  static double u[NX * NY], un[NX * NY], a[1000];
  for (int k = 0; k < NX * NY; k++) u[k] = (k % 7 == 0) ? -0.0 : (k % 13) * 0.5;
  for (int k = 0; k < 1000; k++) a[k] = (k % 3 == 0) ? -0.0 : (k == 500 ? NAN : -(k % 17) * 0.25);
  bits("sweep", sweep(NY, NX, u, un));
  for (int k = 0; k < 1000; k++) a[k] = (k % 3 == 0) ? -0.0 : (k == 500 ? NAN : 0.0);
  bits("fmax_abs zeros", fmax_abs(1000, a));
  for (int k = 0; k < 1000; k++) a[k] = (k % 5 == 0) ? -7.5 : (k == 999 ? NAN : (k % 11) * 0.125);
  bits("fmax_abs", fmax_abs(1000, a));
  return 0;
}
`;

let tu: TranslationUnit;
let pp: string;
beforeAll(() => {
  const dir = mkdtempSync(path.join(tmpdir(), 'slmcc-exact-max-'));
  writeFileSync(path.join(dir, 'm.c'), SOURCE);
  pp = execFileSync('clang-19', ['-E', path.join(dir, 'm.c')], { encoding: 'utf8' });
  tu = analyze(pp, { sourceFile: path.join(dir, 'm.c') });
});

const fn = (name: string) => tu.functions.find((f) => f.name === name)!;
const outer = (name: string) => loopFindings(tu, fn(name)).find((f) => f.loop === 'L1')!;

describe('a floating-point max reduction without permission to reorder', () => {
  it('is exact and parallel when every value is a fabs() started from a non-negative literal', () => {
    expect(outer('sweep')).toMatchObject({ parallel: true, clauses: expect.stringContaining('reduction(max:res)') });
    const plan = proposeBuiltin(tu, fn('sweep'), { reassociate: false })[0];
    expect(plan.form === 'plan' && plan.plan.loops.find((l) => l.parallel)?.reason).toMatch(/res is a max reduction, exact: res is a max of fabs\(\) values from 0\.0/);
    expect(outer('fmax_abs')).toMatchObject({ parallel: true, clauses: expect.stringContaining('reduction(max:m)') });
    expect(proposeBuiltin(tu, fn('sweep'), { reassociate: false })[0].form).toBe('plan');
  });

  it('stays behind the permission when a value may be -0.0, a NaN may be stored, or the start is not a non-negative literal', () => {
    for (const name of ['raw_max', 'nan_enters', 'from_minus_inf']) {
      expect(proposeBuiltin(tu, fn(name), { reassociate: false })[0], name).toMatchObject({ form: 'none', reason: expect.stringMatching(/m is a floating-point max/) });
      expect(proposeBuiltin(tu, fn(name), { reassociate: true })[0].form, name).toBe('plan');
    }
  });

  it('prints the same bits as the original at 2, 3 and 5 threads, on data with -0.0 and NaN', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'slmcc-exact-max-run-'));
    const build = (text: string, name: string) => {
      const i = path.join(dir, `${name}.i`);
      writeFileSync(i, text);
      execFileSync('clang-19', ['-fopenmp', '-O2', '-x', 'cpp-output', i, '-o', path.join(dir, name), '-lm'], { stdio: 'pipe' });
      return ['2', '3', '5'].map((n) => execFileSync(path.join(dir, name), { env: { ...process.env, OMP_NUM_THREADS: n }, encoding: 'utf8' }));
    };
    const [expected] = build(pp, 'orig');
    const reps = ['sweep', 'fmax_abs'].map((name) => {
      const p = proposeBuiltin(tu, fn(name), { reassociate: false })[0];
      if (p.form !== 'plan') throw new Error(`${name}: no plan`);
      const r = applyPlan(tu, fn(name), p.plan);
      if (!r.ok) throw new Error(`${name}: ${r.reason}`);
      return { fn: fn(name), text: r.text };
    });
    const spliced = spliceFunctions(tu, reps);
    expect(spliced).toMatch(/reduction\(max\s*:\s*res\)/);
    for (const out of build(spliced, 'plans')) expect(out).toBe(expected);
  }, 60_000);
});
