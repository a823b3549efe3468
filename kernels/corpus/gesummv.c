/* gesummv (BLAS-like, PolyBench/C shape): y = alpha * A x + beta * B x,
 * two per-row accumulators (tmp[i], y[i]) reset per row. Called REPS times, each
 * input made from the last output. Check: the last y recomputed from the last
 * x with both products summed backwards. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "support/bench_support.h"

#ifndef N
#define N 3000
#endif
#ifndef REPS
#define REPS 14
#endif

static void init_array(int n, double *alpha, double *beta, double A[N][N], double B[N][N], double x[N])
{
  int i, j;

  *alpha = 1.5;
  *beta = 1.2;
  for (i = 0; i < n; i++) {
    x[i] = (double)(i % n) / n;
    for (j = 0; j < n; j++) {
      A[i][j] = (double)((i * j + 1) % n) / n;
      B[i][j] = (double)((i * j + 2) % n) / n;
    }
  }
}

static void kernel_gesummv(int n, double alpha, double beta, double A[N][N], double B[N][N], double tmp[N], double x[N], double y[N])
{
  int i, j;

  for (i = 0; i < n; i++) {
    tmp[i] = 0.0;
    y[i] = 0.0;
    for (j = 0; j < n; j++) {
      tmp[i] = A[i][j] * x[j] + tmp[i];
      y[i] = B[i][j] * x[j] + y[i];
    }
    y[i] = alpha * tmp[i] + beta * y[i];
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
  double s = 0.0;

  for (i = 0; i < n; i++)
    s += y[i];
  printf("gesummv n=%d reps=%d\n", n, REPS);
  printf("checksum y %.10e\n", s);
}

static int check_gesummv(int n, double alpha, double beta, double A[N][N], double B[N][N], double x[N], double y[N])
{
  int i, j;
  int ok = 1;
  double a, b;

  for (i = 0; i < n; i++) {
    a = 0.0;
    b = 0.0;
    for (j = n - 1; j >= 0; j--) {
      a += A[i][j] * x[j];
      b += B[i][j] * x[j];
    }
    if (!bs_close(alpha * a + beta * b, y[i], 1e-9, 1e-12))
      ok = 0;
  }
  return ok;
}

int main(void)
{
  int n = N;
  int r, rc;
  double alpha, beta;
  double (*A)[N] = bs_alloc(sizeof(double[N][N]));
  double (*B)[N] = bs_alloc(sizeof(double[N][N]));
  double *tmp = bs_alloc(sizeof(double[N]));
  double *x = bs_alloc(sizeof(double[N]));
  double *y = bs_alloc(sizeof(double[N]));

  init_array(n, &alpha, &beta, A, B, x);
  bs_timer_start();
  for (r = 0; r < REPS; r++) {
    kernel_gesummv(n, alpha, beta, A, B, tmp, x, y);
    if (r < REPS - 1)
      next_input(n, y, x);
  }
  bs_timer_stop_print("gesummv");
  print_checksum(n, y);
  rc = bs_report_check(check_gesummv(n, alpha, beta, A, B, x, y), "gesummv: y differs from a recomputation");
  bs_free(A);
  bs_free(B);
  bs_free(tmp);
  bs_free(x);
  bs_free(y);
  return rc;
}
