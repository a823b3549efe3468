/* bicg (BLAS-like, PolyBench/C shape): the BiCG sub-kernel, s = A^T r and
 * q = A p in one sweep over an N x M matrix; q[i] is a per-row sum, s[j]
 * accumulates across rows. Run REPS times, as an iterative solver would, each
 * p and r made from the last s and q. Check: the last q and s recomputed
 * separately from the last p and r. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "support/bench_support.h"

#ifndef M
#define M 3900
#endif
#ifndef N
#define N 4100
#endif
#ifndef REPS
#define REPS 12
#endif

static void init_array(int m, int n, double A[N][M], double r[N], double p[M])
{
  int i, j;

  for (i = 0; i < m; i++)
    p[i] = (double)(i % m) / m;
  for (i = 0; i < n; i++) {
    r[i] = (double)(i % n) / n;
    for (j = 0; j < m; j++)
      A[i][j] = (double)(i * (j + 1) % n) / n;
  }
}

static void kernel_bicg(int m, int n, double A[N][M], double s[M], double q[N], double p[M], double r[N])
{
  int i, j;

  for (i = 0; i < m; i++)
    s[i] = 0;
  for (i = 0; i < n; i++) {
    q[i] = 0.0;
    for (j = 0; j < m; j++) {
      s[j] = s[j] + r[i] * A[i][j];
      q[i] = q[i] + A[i][j] * p[j];
    }
  }
}

/* The next input from this output, as an iterative method does (so no
 * compiler can fold the repeated calls into one): scaled to at most 1. */
static void next_input(int n, double *y, double *x)
{
  int i;
  double mx = 0.0;

  for (i = 0; i < n; i++)
    mx = fabs(y[i]) > mx ? fabs(y[i]) : mx;
  for (i = 0; i < n; i++)
    x[i] = 0.5 + 0.5 * y[i] / (mx > 0.0 ? mx : 1.0);
}

static void print_checksum(int m, int n, double s[M], double q[N])
{
  int i;
  double ss = 0.0, qs = 0.0;

  for (i = 0; i < m; i++)
    ss += s[i];
  for (i = 0; i < n; i++)
    qs += q[i];
  printf("bicg m=%d n=%d reps=%d\n", m, n, REPS);
  printf("checksum s %.10e\n", ss);
  printf("checksum q %.10e\n", qs);
}

static int check_bicg(int m, int n, double A[N][M], double s[M], double q[N], double p[M], double r[N])
{
  int i, j;
  int ok = 1;
  double sum;

  for (i = 0; i < n; i++) {
    sum = 0.0;
    for (j = 0; j < m; j++)
      sum += A[i][j] * p[j];
    if (!bs_close(sum, q[i], 1e-9, 1e-12))
      ok = 0;
  }
  for (j = 0; j < m; j++) {
    sum = 0.0;
    for (i = 0; i < n; i++)
      sum += r[i] * A[i][j];
    if (!bs_close(sum, s[j], 1e-9, 1e-12))
      ok = 0;
  }
  return ok;
}

int main(void)
{
  int m = M, n = N;
  int t, rc;
  double (*A)[M] = bs_alloc(sizeof(double[N][M]));
  double *s = bs_alloc(sizeof(double[M]));
  double *q = bs_alloc(sizeof(double[N]));
  double *p = bs_alloc(sizeof(double[M]));
  double *r = bs_alloc(sizeof(double[N]));

  init_array(m, n, A, r, p);
  bs_timer_start();
  for (t = 0; t < REPS; t++) {
    kernel_bicg(m, n, A, s, q, p, r);
    if (t < REPS - 1) {
      next_input(m, s, p);
      next_input(n, q, r);
    }
  }
  bs_timer_stop_print("bicg");
  print_checksum(m, n, s, q);
  rc = bs_report_check(check_bicg(m, n, A, s, q, p, r), "bicg: s or q differs from a separate recomputation");
  bs_free(A);
  bs_free(s);
  bs_free(q);
  bs_free(p);
  bs_free(r);
  return rc;
}
