/* atax (BLAS-like, PolyBench/C shape): y = A^T (A x) for an M x N matrix,
 * a row-wise tmp[i] reset per row, and y accumulated across rows (so the
 * i loop is a reduction into an array). The kernel runs REPS times, as a
 * solver would call it once per iteration, each input made from the last
 * output. Check: the last y recomputed column by column from the last x. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "support/bench_support.h"

#ifndef M
#define M 3800
#endif
#ifndef N
#define N 4200
#endif
#ifndef REPS
#define REPS 12
#endif

static void init_array(int m, int n, double A[M][N], double x[N])
{
  int i, j;
  double fn = (double)n;

  for (i = 0; i < n; i++)
    x[i] = 1 + (i / fn);
  for (i = 0; i < m; i++)
    for (j = 0; j < n; j++)
      A[i][j] = (double)((i + j) % n) / (5 * m);
}

void kernel_atax(int m, int n, double A[M][N], double x[N], double y[N], double tmp[M])
{
  int i, j;

  for (i = 0; i < n; i++)
    y[i] = 0;
  for (i = 0; i < m; i++) {
    tmp[i] = 0.0;
    for (j = 0; j < n; j++)
      tmp[i] = tmp[i] + A[i][j] * x[j];
    for (j = 0; j < n; j++)
      y[j] = y[j] + A[i][j] * tmp[i];
  }
}

/* The next input from this output, as an iterative method does (so no
 * compiler can fold the repeated calls into one): scaled to at most 1. */
static void next_input(int n, double y[N], double x[N])
{
  int i;
  double mx = 0.0;

  for (i = 0; i < n; i++)
    mx = fabs(y[i]) > mx ? fabs(y[i]) : mx;
  for (i = 0; i < n; i++)
    x[i] = 0.5 + 0.5 * y[i] / (mx > 0.0 ? mx : 1.0);
}

static void print_checksum(int n, double y[N])
{
  int i;
  double s = 0.0, w = 0.0;

  for (i = 0; i < n; i++) {
    s += y[i];
    w += y[i] * (i % 17);
  }
  printf("atax m=%d n=%d reps=%d\n", M, n, REPS);
  printf("checksum y %.10e\n", s);
  printf("checksum weighted %.10e\n", w);
}

static int check_atax(int m, int n, double A[M][N], double x[N], double y[N])
{
  int i, j;
  int ok = 1;
  double *t = bs_alloc(sizeof(double[M]));
  double sum;

  for (i = 0; i < m; i++) {
    sum = 0.0;
    for (j = n - 1; j >= 0; j--)
      sum += A[i][j] * x[j];
    t[i] = sum;
  }
  for (j = 0; j < n; j++) {
    sum = 0.0;
    for (i = 0; i < m; i++)
      sum += A[i][j] * t[i];
    if (!bs_close(sum, y[j], 1e-9, 1e-12))
      ok = 0;
  }
  bs_free(t);
  return ok;
}

int main(void)
{
  int m = M, n = N;
  int r, rc;
  double (*A)[N] = bs_alloc(sizeof(double[M][N]));
  double *x = bs_alloc(sizeof(double[N]));
  double *y = bs_alloc(sizeof(double[N]));
  double *tmp = bs_alloc(sizeof(double[M]));

  init_array(m, n, A, x);
  bs_timer_start();
  for (r = 0; r < REPS; r++) {
    kernel_atax(m, n, A, x, y, tmp);
    if (r < REPS - 1)
      next_input(n, y, x);
  }
  bs_timer_stop_print("atax");
  print_checksum(n, y);
  rc = bs_report_check(check_atax(m, n, A, x, y), "atax: y differs from a column-wise recomputation");
  bs_free(A);
  bs_free(x);
  bs_free(y);
  bs_free(tmp);
  return rc;
}
