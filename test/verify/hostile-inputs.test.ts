// Inputs that go where mistakes hide (issue 23, item 5): each wrong rewrite
// below passes the ordinary input sets (sizes that move together, values in
// (0.5, 1.5) or of both signs) and is refused on the set made for its class;
// the right rewrite of the same function passes every check.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/index.js';
import { loadConfig } from '../../src/config/index.js';
import type { Candidate } from '../../src/core/candidate.js';
import { failureOf, verifyFunction } from '../../src/verify/index.js';

const fixture = path.join(__dirname, '..', 'fixtures', 'hostile-inputs', 'kernels.c');
const tu = analyze(execFileSync('clang-19', ['-E', fixture], { encoding: 'utf8' }), { sourceFile: fixture });
const config = { ...loadConfig({}).config, threads: 2 };
const candidate = (id: string, text: string): Candidate => ({ id, origin: { provider: 'ollama' }, form: 'code', text });

interface Case {
  fn: string;
  /** What the wrong rewrite gets wrong. */
  what: string;
  wrong: string;
  right: string;
  /** The check and the words of its detail that refuse the wrong one. */
  refusedBy: { check: string; detail: RegExp };
}

const cases: Case[] = [
  {
    fn: 'maxval',
    what: 'a max reduction started at 0.0 instead of -INFINITY',
    wrong: `double maxval(int n, const double *a) {
  if (n == 0) return 0.0;
  double m = 0.0;
  #pragma omp parallel for reduction(max:m)
  for (int i = 0; i < n; i++)
    if (a[i] > m) m = a[i];
  return m;
}`,
    right: `double maxval(int n, const double *a) {
  if (n == 0) return 0.0;
  double m = -__builtin_inff();
  #pragma omp parallel for reduction(max:m)
  for (int i = 0; i < n; i++)
    if (a[i] > m) m = a[i];
  return m;
}`,
    refusedBy: { check: 'differential', detail: /all-negative data/ },
  },
  {
    fn: 'keep_numbers',
    what: 'a dropped NaN test',
    wrong: `void keep_numbers(int n, double *restrict b, const double *restrict a) {
  #pragma omp parallel for
  for (int i = 0; i < n; i++) b[i] = 2.0 * a[i];
}`,
    right: `void keep_numbers(int n, double *restrict b, const double *restrict a) {
  #pragma omp parallel for
  for (int i = 0; i < n; i++) b[i] = a[i] == a[i] ? 2.0 * a[i] : 0.0;
}`,
    refusedBy: { check: 'differential', detail: /NaN.*reference 0, candidate nan/ },
  },
  {
    fn: 'sum_abs',
    what: 'abs() on INT_MIN',
    wrong: `long sum_abs(int n, const int *a) {
  long s = 0;
  #pragma omp parallel for reduction(+:s)
  for (int i = 0; i < n; i++) s += abs(a[i]);
  return s;
}`,
    right: `long sum_abs(int n, const int *a) {
  long s = 0;
  #pragma omp parallel for reduction(+:s)
  for (int i = 0; i < n; i++) s += a[i] < 0 ? -(long)a[i] : a[i];
  return s;
}`,
    // UBSan names the overflow before the comparison's blame; the plain run differs too.
    refusedBy: { check: '(asan|differential)', detail: /INT_MIN and INT_MAX/ },
  },
  {
    fn: 'weigh',
    what: 'a dropped if (ptr) guard',
    wrong: `void weigh(int n, double *restrict y, const double *restrict w) {
  #pragma omp parallel for
  for (int i = 0; i < n; i++) y[i] = y[i] * w[i];
}`,
    right: `void weigh(int n, double *restrict y, const double *restrict w) {
  #pragma omp parallel for
  for (int i = 0; i < n; i++) y[i] = w ? y[i] * w[i] : 2.0 * y[i];
}`,
    // ASan names the fault first (the checks' order of blame); the plain run dies of SIGSEGV too.
    refusedBy: { check: '(asan|differential)', detail: /w=NULL/ },
  },
  {
    fn: 'kahan',
    what: 'a dropped Kahan compensation',
    wrong: `double kahan(int n, const double *x) {
  double s = 0.0;
  #pragma omp parallel for reduction(+:s)
  for (int i = 0; i < n; i++) s += x[i];
  return s;
}`,
    right: `double kahan(int n, const double *x) {
  double s = 0.0, c = 0.0;
  for (int i = 0; i < n; i++) {
    double y = x[i] - c;
    double t = s + y;
    c = (t - s) - y;
    s = t;
  }
  return s;
}`,
    // At 2 threads the partial sums meet in one order: the refusal does not
    // depend on which of 3 threads finished first (a busy machine's choice).
    refusedBy: { check: 'differential', detail: /offsets.*, 2 threads/ },
  },
  {
    fn: 'variance',
    what: 'a two-pass variance fused into one pass',
    wrong: `double variance(int n, const double *x) {
  if (n < 2) return 0.0;
  double s = 0.0, q = 0.0;
  for (int i = 0; i < n; i++) { s += x[i]; q += x[i] * x[i]; }
  return (q - s * s / n) / (n - 1);
}`,
    right: `double variance(int n, const double *x) {
  if (n < 2) return 0.0;
  double m = 0.0;
  for (int i = 0; i < n; i++) m += x[i];
  m /= n;
  double v = 0.0;
  for (int i = 0; i < n; i++) {
    double d = x[i] - m;
    v += d * d;
  }
  return v / (n - 1);
}`,
    refusedBy: { check: 'differential', detail: /large offsets/ },
  },
  {
    fn: 'shift',
    what: 'a[i + m] = a[i] made parallel',
    wrong: `void shift(int n, int m, double *a) {
  #pragma omp parallel for
  for (int i = 0; i < n - m; i++) a[i + m] = 0.5 * a[i] + 1.0;
}`,
    right: `void shift(int n, int m, double *a) {
  if (m >= n / 2) {
    #pragma omp parallel for
    for (int i = 0; i < n - m; i++) a[i + m] = 0.5 * a[i] + 1.0;
  } else {
    for (int i = 0; i + m < n; i++) a[i + m] = 0.5 * a[i] + 1.0;
  }
}`,
    refusedBy: { check: '(differential|tsan)', detail: /m=[12], other integers/ },
  },
  {
    fn: 'twice',
    what: 'an index kept in 20 bits (wrong only above 2^20 elements)',
    wrong: `void twice(int n, double *restrict b, const double *restrict a) {
  #pragma omp parallel for
  for (int i = 0; i < n; i++) b[i & 0xFFFFF] = 2.0 * a[i];
}`,
    right: `void twice(int n, double *restrict b, const double *restrict a) {
  #pragma omp parallel for
  for (int i = 0; i < n; i++) b[i] = 2.0 * a[i];
}`,
    refusedBy: { check: 'differential', detail: /above 2\^20 elements/ },
  },
  {
    fn: 'negate',
    what: '0 - x for -x: +0 where the original prints -0',
    wrong: `void negate(int n, double *restrict b, const double *restrict a) {
  #pragma omp parallel for
  for (int i = 0; i < n; i++) b[i] = 0.0 - a[i];
}`,
    right: `void negate(int n, double *restrict b, const double *restrict a) {
  #pragma omp parallel for
  for (int i = 0; i < n; i++) b[i] = -a[i];
}`,
    refusedBy: { check: 'differential', detail: /reference -0, candidate 0/ },
  },
  {
    fn: 'subtract',
    what: '-(b - a) for a - b: -nan where the original prints nan',
    wrong: `void subtract(int n, double *restrict c, const double *restrict a, const double *restrict b) {
  #pragma omp parallel for
  for (int i = 0; i < n; i++) c[i] = -(b[i] - a[i]);
}`,
    right: `void subtract(int n, double *restrict c, const double *restrict a, const double *restrict b) {
  #pragma omp parallel for
  for (int i = 0; i < n; i++) c[i] = a[i] - b[i];
}`,
    refusedBy: { check: 'differential', detail: /reference (-?0|-?nan), candidate (-?0|-?nan)/ },
  },
  {
    fn: 'smooth',
    what: 'a parameter that points into the global the loop reads',
    wrong: `void smooth(int n, double *out) {
  #pragma omp parallel for
  for (int i = 0; i < n; i++) out[i] = 0.5 * (G[i] + G[i + 1]);
}`,
    right: `void smooth(int n, double *out) {
  if (out + n <= G || out > G + n) {
    #pragma omp parallel for
    for (int i = 0; i < n; i++) out[i] = 0.5 * (G[i] + G[i + 1]);
  } else {
    for (int i = 0; i < n; i++) out[i] = 0.5 * (G[i] + G[i + 1]);
  }
}`,
    refusedBy: { check: '(differential|tsan)', detail: /pointing into the global G/ },
  },
];

describe('a set the original itself fails on', () => {
  it('is not run, and the record of every candidate says so', async () => {
    const fn = tu.functions.find((f) => f.name === 'isum')!;
    const right = `int isum(int n, const int *a) {
  int s = 0;
  #pragma omp parallel for reduction(+:s)
  for (int i = 0; i < n; i++) s -= -a[i];
  return s;
}`;
    const r = await verifyFunction({ tu, fn, candidates: [candidate('right', right)], cc: ['clang-19'], codeFlags: ['-O2'], config, secondLineOnly: true });
    const rec = r.candidates.find((x) => x.id === 'right')!;
    const differential = rec.checks.find((x) => x.check === 'differential')!;
    expect(differential.ok, JSON.stringify(rec.checks)).toBe(true);
    expect(differential.detail).toMatch(/not run, as the original fails or times out on them: .*INT_MIN and INT_MAX/);
  }, 300_000);
});

describe('inputs that go where mistakes hide', () => {
  for (const c of cases) {
    it(`${c.fn}: refuses ${c.what}; the right rewrite passes`, async () => {
      const fn = tu.functions.find((f) => f.name === c.fn)!;
      const r = await verifyFunction({ tu, fn, candidates: [candidate('wrong', c.wrong), candidate('right', c.right)], cc: ['clang-19'], codeFlags: ['-O2'], config, secondLineOnly: true });
      expect(r.verdict.kind, JSON.stringify(r.verdict)).not.toBe('unverifiable');
      const wrong = r.candidates.find((x) => x.id === 'wrong')!;
      const right = r.candidates.find((x) => x.id === 'right')!;
      const failed = failureOf(wrong);
      expect(failed, `${c.fn}: the wrong rewrite passed ${JSON.stringify(wrong.checks)}`).toBeDefined();
      const checks = JSON.stringify(wrong.checks.map((x) => [x.check, x.ok, x.detail?.split('\n')[0]]));
      expect(failed!.check, checks).toMatch(new RegExp(`^${c.refusedBy.check}$`));
      expect(failed!.detail, checks).toMatch(c.refusedBy.detail);
      const rightFailure = failureOf(right);
      expect(rightFailure === undefined || rightFailure.check === 'timing', `${c.fn}: the right rewrite failed ${JSON.stringify(rightFailure)}`).toBe(true);
    }, 300_000);
  }
});
