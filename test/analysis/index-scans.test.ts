// A CSR mat-vec over pointers without restrict: the rows' ends come from
// rowstr[] and the gathered index from colidx[], so no loop bound limits
// what a[k] and d[colidx[k]] reach. The overlap check scans those index
// arrays before the loop (the loop reads them anyway), and runs the
// original wherever the scanned ranges overlap what the loop writes.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze, type TranslationUnit } from '../../src/analysis/index.js';
import { loadConfig } from '../../src/config/index.js';
import { proposeBuiltin } from '../../src/propose/index.js';
import { applyPlan, spliceFunctions } from '../../src/rewrite/index.js';
import { checkClaim } from '../../src/verify/index.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slmcc-index-scans-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// `spmv` runs its mat-vec `iters` times inside a loop that writes only
// doubles; the driver calls it with apart arrays, with q inside d (the
// gather may read what the loop writes), with no rows and NULL index arrays,
// and with a shorter second matrix in the same buffers.
const CSR = `#include <stdio.h>
#include <stdlib.h>
void spmv(int n, int iters, const int *rowstr, const int *colidx, const double *a, double *d, double *q) {
  int it, j, k;
  double sum;
  for (it = 0; it < iters; it++) {
    for (j = 0; j < n; j++) {
      sum = 0.0;
      for (k = rowstr[j]; k < rowstr[j + 1]; k++)
        sum += a[k] * d[colidx[k]];
      q[j] = sum;
    }
    for (j = 0; j < n; j++)
      d[j] = 0.5 * d[j] + 0.25 * q[j];
  }
}
static double digest(int n, const double *x) {
  double s = 0;
  for (int i = 0; i < n; i++) s += x[i] * (i % 7 + 1);
  return s;
}
int main(void) {
  enum { N = 3000, W = 5 };
  int *rowstr = malloc(sizeof(int) * (N + 1)), *colidx = malloc(sizeof(int) * N * W);
  double *a = malloc(sizeof(double) * N * W), *buf = malloc(sizeof(double) * 3 * N);
  for (int j = 0; j <= N; j++) rowstr[j] = j * W - (j > 0 && j < N && j % 3 == 0);
  for (int k = 0; k < N * W; k++) { colidx[k] = (k * 37) % N; a[k] = ((k * 13) % 11) * 0.125; }
  for (int i = 0; i < 3 * N; i++) buf[i] = (i % 17) * 0.5;
  spmv(N, 4, rowstr, colidx, a, buf, buf + 2 * N);
  printf("apart %.6f\\n", digest(N, buf));
  spmv(N, 3, rowstr, colidx, a, buf, buf + N / 2);
  printf("inside %.6f\\n", digest(2 * N, buf));
  spmv(0, 2, NULL, NULL, NULL, buf, buf + N);
  printf("empty %.6f\\n", digest(N, buf));
  spmv(N / 2, 2, rowstr, colidx, a, buf + N, buf);
  printf("short %.6f\\n", digest(2 * N, buf));
  free(rowstr), free(colidx), free(a), free(buf);
  return 0;
}
`;

const src = path.join(dir, 'csr.c');
fs.writeFileSync(src, CSR);
const tu: TranslationUnit = analyze(execFileSync('clang-19', ['-E', src], { encoding: 'utf8' }), { sourceFile: src });
const fn = tu.functions.find((f) => f.name === 'spmv')!;

function candidate(): string {
  const plan = proposeBuiltin(tu, fn).find((p) => p.form === 'plan');
  if (plan?.form !== 'plan') throw new Error(`the builtin proposed no plan: ${JSON.stringify(proposeBuiltin(tu, fn))}`);
  expect(plan.plan.loops.find((l) => l.loop === 'L1.1')).toMatchObject({ parallel: true, aliasGuard: expect.arrayContaining(['q', 'a', 'd']) });
  const r = applyPlan(tu, fn, plan.plan);
  if (!r.ok) throw new Error(`the plan did not apply: ${r.reason}`);
  return r.text;
}

describe('a CSR mat-vec without restrict', () => {
  it('runs in parallel under a check that scans rowstr and colidx, and prints what the original prints for apart, overlapping and empty inputs', () => {
    const text = candidate();
    expect(text).toMatch(/rowstr\[/);
    expect(text).toMatch(/\(long\)colidx\[/);
    fs.writeFileSync(path.join(dir, 'u.i'), spliceFunctions(tu, [{ fn, text }]));
    const run = (args: string[], out: string) => {
      execFileSync('clang-19', [...args, '-o', path.join(dir, out)]);
      return execFileSync(path.join(dir, out), { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '3' } });
    };
    const ref = run(['-O2', src], 'ref');
    expect(ref).toMatch(/^apart .*\ninside .*\nempty .*\nshort .*\n$/);
    expect(run(['-O2', '-fopenmp', '-w', '-x', 'cpp-output', path.join(dir, 'u.i')], 'par')).toBe(ref);
    // Under ASan the scans read nothing the original does not (the NULL index arrays of the empty call included).
    expect(run(['-O1', '-g', '-fopenmp', '-fsanitize=address', '-w', '-x', 'cpp-output', path.join(dir, 'u.i')], 'asan')).toBe(ref);
  }, 120_000);

  it('keeps the colidx scan across the outer loop, which writes only doubles, and scans again only when the rows move', () => {
    const text = candidate();
    const outer = text.indexOf('for (it = 0;');
    const kept = text.slice(0, outer);
    expect(kept).toMatch(/long slmcc_L1_1_g\d+_from = 0;/);
    expect(text.slice(outer)).toMatch(/if \(!slmcc_L1_1_g\d+_known \|\|/);
  });

  it('is accepted by the claim check as a guard, and refused once its scan is changed', () => {
    const config = loadConfig({}).config;
    const text = candidate();
    const ok = checkClaim(tu, fn, text, ['-O2'], config);
    expect(ok.outcome, ok.outcome.detail).toMatchObject({ check: 'claim', ok: true });
    expect(ok.evidence).toBe('guarded');
    // A scan that stops short would let the check pass on a gather it never looked at.
    const short = text.replace(/(slmcc_L1_1_g\d+_t <= )([^;]+);/, '$1$2 - 1;');
    expect(short).not.toBe(text);
    const bad = checkClaim(tu, fn, short, ['-O2'], config);
    expect(bad.outcome.ok).toBe(false);
    expect(bad.outcome.detail).toMatch(/not slmcc's own overlap scans/);
  });
});

it('does not scan rows the loop reaches only under a condition, or after a continue: the original may leave that index array unset', () => {
  for (const body of ['if (mask[j])\n      for', 'if (!mask[j]) { q[j] = 0.0; continue; }\n    for']) {
    const t = analyze(`# 1 "f.c"
void spmv_masked(int n, const int *mask, const int *rowstr, const double *a, double *q) {
  for (int j = 0; j < n; j++) {
    double sum = 0.0;
    ${body} (int k = rowstr[j]; k < rowstr[j + 1]; k++)
        sum += a[k];
    q[j] = sum;
  }
}
`);
    const f = t.functions[0];
    const plan = proposeBuiltin(t, f).find((p) => p.form === 'plan');
    expect(plan?.form === 'plan' && plan.plan.loops.some((l) => l.loop === 'L1' && l.parallel), body).toBe(false);
  }
});

it('scans the gather again in every iteration of an outer loop that writes ints, which may be the index array', () => {
  const t = analyze(`# 1 "f.c"
void spmv_relabel(int n, int iters, int *rowstr, int *colidx, int *perm, const double *a, double *d, double *q) {
  for (int it = 0; it < iters; it++) {
    for (int j = 0; j < n; j++) {
      double sum = 0.0;
      for (int k = rowstr[j]; k < rowstr[j + 1]; k++)
        sum += a[k] * d[colidx[k]];
      q[j] = sum;
    }
    for (int j = 0; j < n; j++)
      perm[j] = (perm[j] + 1) % n;
  }
}
`);
  const f = t.functions[0];
  const plan = proposeBuiltin(t, f).find((p) => p.form === 'plan');
  if (plan?.form !== 'plan') throw new Error('the builtin proposed no plan');
  expect(plan.plan.loops.find((l) => l.loop === 'L1.1')).toMatchObject({ parallel: true });
  const r = applyPlan(t, f, plan.plan);
  if (!r.ok) throw new Error(r.reason);
  expect(r.text).toMatch(/\(long\)colidx\[/);
  expect(r.text).not.toMatch(/_known/);
});

// Under -fno-strict-aliasing the program may read one object as an int and
// as a double: types no longer keep arrays apart, so the ints the loop reads
// are checked against the doubles it writes, and no scan is kept across a
// loop that writes doubles.
it('keeps arrays apart by type only under strict aliasing', () => {
  const kept = (strictAliasing: boolean) => {
    const t = analyze(execFileSync('clang-19', ['-E', src], { encoding: 'utf8' }), { sourceFile: src, strictAliasing });
    const f = t.functions.find((x) => x.name === 'spmv')!;
    const plan = proposeBuiltin(t, f).find((p) => p.form === 'plan');
    if (plan?.form !== 'plan') throw new Error('the builtin proposed no plan');
    const r = applyPlan(t, f, plan.plan);
    if (!r.ok) throw new Error(r.reason);
    return r.text;
  };
  expect(kept(true)).toMatch(/_known/);
  expect(kept(false)).not.toMatch(/_known/);
  const scale = `# 1 "f.c"
void scale(int n, const int *idx, double *x) {
  for (int i = 0; i < n; i++)
    x[i] = idx[i] * 2.0;
}
`;
  const guardOf = (strictAliasing: boolean) => {
    const t = analyze(scale, { strictAliasing });
    const plan = proposeBuiltin(t, t.functions[0]).find((p) => p.form === 'plan');
    return plan?.form === 'plan' ? plan.plan.loops[0]?.aliasGuard : 'no plan';
  };
  expect(guardOf(true)).toBeUndefined();
  expect(guardOf(false)).toEqual(expect.arrayContaining(['x', 'idx']));
});

// C lets an int and an unsigned int (or a long and a size_t) name the same
// storage, so only types of different classes are kept apart by strict
// aliasing; a copy from unsigned to int keeps its runtime check.
it('keeps a type and its signed or unsigned variant together under strict aliasing', () => {
  const guardOf = (from: string, to: string) => {
    const t = analyze(`# 1 "f.c"
void copy(int n, const ${from} *src, ${to} *dst) {
  for (int i = 0; i < n; i++)
    dst[i] = src[i + 1];
}
`);
    const plan = proposeBuiltin(t, t.functions[0]).find((p) => p.form === 'plan');
    return plan?.form === 'plan' ? plan.plan.loops[0]?.aliasGuard : 'no plan';
  };
  expect(guardOf('unsigned', 'int')).toEqual(expect.arrayContaining(['dst', 'src']));
  expect(guardOf('size_t', 'long')).toEqual(expect.arrayContaining(['dst', 'src']));
  expect(guardOf('float', 'int')).toBeUndefined();
});

it('bounds each gather by the loop it is read in, though two loops read the same text colidx[k]', () => {
  const t = analyze(`# 1 "f.c"
void two(int n, int m, const int *rowstr, const int *colidx, const double *a, const double *d, const double *e, double *q) {
  for (int j = 0; j < n; j++) {
    double s = 0.0, u = 0.0;
    for (int k = rowstr[j]; k < rowstr[j + 1]; k++)
      s += a[k] * d[colidx[k]];
    for (int k = 0; k < m; k++)
      u += e[colidx[k]];
    q[j] = s + u;
  }
}
`);
  const f = t.functions[0];
  const plan = proposeBuiltin(t, f).find((p) => p.form === 'plan');
  if (plan?.form !== 'plan') throw new Error('the builtin proposed no plan');
  const r = applyPlan(t, f, plan.plan);
  if (!r.ok) throw new Error(r.reason);
  // One scan of colidx over the rows, another over 0 .. m - 1.
  expect(r.text.match(/\(long\)colidx\[/g)).toHaveLength(2);
});

it('reads no loop bound from a float array (k < lim[j] does not end at lim[j] - 1), and keeps no scan across a loop a goto may enter', () => {
  const floatBound = analyze(`# 1 "f.c"
void f(int n, const double *lim, const double *a, double *q) {
  for (int j = 0; j < n; j++) {
    double s = 0.0;
    for (int k = 0; k < lim[j]; k++)
      s += a[k];
    q[j] = s;
  }
}
`);
  const p1 = proposeBuiltin(floatBound, floatBound.functions[0]).find((p) => p.form === 'plan');
  expect(p1?.form === 'plan' && p1.plan.loops.some((l) => l.loop === 'L1' && l.parallel)).toBe(false);
  const withGoto = CSR.replace('  for (it = 0; it < iters; it++) {', '  if (iters < 0) goto out;\n  for (it = 0; it < iters; it++) {').replace(
    '      d[j] = 0.5 * d[j] + 0.25 * q[j];\n  }\n}',
    '      d[j] = 0.5 * d[j] + 0.25 * q[j];\n  }\nout:;\n}',
  );
  expect(withGoto).toMatch(/out:;/);
  const file = path.join(dir, 'goto.c');
  fs.writeFileSync(file, withGoto);
  const t = analyze(execFileSync('clang-19', ['-E', file], { encoding: 'utf8' }), { sourceFile: file });
  const f = t.functions.find((x) => x.name === 'spmv')!;
  const plan = proposeBuiltin(t, f).find((p) => p.form === 'plan');
  if (plan?.form !== 'plan') throw new Error('the builtin proposed no plan');
  const r = applyPlan(t, f, plan.plan);
  if (!r.ok) throw new Error(r.reason);
  expect(r.text).toMatch(/\(long\)colidx\[/);
  expect(r.text).not.toMatch(/_known/);
});
