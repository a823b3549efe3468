// What the harness reads from the parse tree about a function's values: the
// pointers it tests against NULL, and the arrays that hold indices or sizes.
import { describe, expect, it } from 'vitest';
import { analyze, valueUses } from '../../src/analysis/index.js';

const fnOf = (text: string, name: string) => analyze(text).functions.find((f) => f.name === name)!;

describe('value uses', () => {
  it('finds the pointers tested against NULL in every spelling, and no others', () => {
    const fn = fnOf(
      `void f(int n, double *a, double *b, double *c, double *d, double *e, double *g, double *h) {
  if (a) a[0] = 1;
  if (!b) return;
  if (c == ((void *)0)) return;
  if (0 != d) d[0] = 2;
  double s = e ? e[0] : 0;
  if (n > 0 && g) g[0] = s;
  h[0] = s;
}`,
      'f',
    );
    expect([...valueUses(fn).nullTested].sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'g']);
  });

  it('tells index and size arrays from data, also through a local', () => {
    const fn = fnOf(
      `void spmv(int n, const int *rowptr, const int *col, const double *val, const double *x, double *y, const int *flag, const int *w) {
  for (int i = 0; i < n; i++) {
    double s = 0;
    for (int k = rowptr[i]; k < rowptr[i + 1]; k++) {
      int j = col[k];
      if (flag[k]) s += val[k] * x[j] + abs(w[k]);
    }
    y[i] = s;
  }
}`,
      'spmv',
    );
    const { indexLike } = valueUses(fn);
    expect(indexLike.has('rowptr')).toBe(true);
    expect(indexLike.has('col')).toBe(true);
    for (const data of ['val', 'x', 'y', 'flag', 'w']) expect(indexLike.has(data), data).toBe(false);
  });
});
