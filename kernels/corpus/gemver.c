/* gemver (BLAS-like, PolyBench/C shape): a rank-2 update of A, then
 * x = x + beta * A^T y + z (A walked by columns) and w = w + alpha * A x.
 * Called REPS times, as one step of an outer iteration.
 * Check: the same REPS steps replayed on fresh inputs with other loop orders. */
#include <stdio.h>
#include <stdlib.h>
#include "support/bench_support.h"

#ifndef N
#define N 3000
#endif
#ifndef REPS
#define REPS 8
#endif

static void init_array(int n, double *alpha, double *beta, double A[N][N], double u1[N], double v1[N], double u2[N], double v2[N],
                       double w[N], double x[N], double y[N], double z[N])
{
  int i, j;
  double fn = (double)n;

  *alpha = 0.5;
  *beta = 0.2;
  for (i = 0; i < n; i++) {
    u1[i] = i / fn * 1e-3;
    u2[i] = ((i + 1) / fn) / 2.0 * 1e-3;
    v1[i] = ((i + 1) / fn) / 4.0 * 1e-3;
    v2[i] = ((i + 1) / fn) / 6.0 * 1e-3;
    y[i] = ((i + 1) / fn) / 8.0;
    z[i] = ((i + 1) / fn) / 9.0;
    x[i] = 0.0;
    w[i] = 0.0;
    for (j = 0; j < n; j++)
      A[i][j] = (double)(i * j % n) / n / n;
  }
}

static void kernel_gemver(int n, double alpha, double beta, double A[N][N], double u1[N], double v1[N], double u2[N], double v2[N],
                          double w[N], double x[N], double y[N], double z[N])
{
  int i, j;

  for (i = 0; i < n; i++)
    for (j = 0; j < n; j++)
      A[i][j] = A[i][j] + u1[i] * v1[j] + u2[i] * v2[j];

  for (i = 0; i < n; i++)
    for (j = 0; j < n; j++)
      x[i] = x[i] + beta * A[j][i] * y[j];

  for (i = 0; i < n; i++)
    x[i] = x[i] + z[i];

  for (i = 0; i < n; i++)
    for (j = 0; j < n; j++)
      w[i] = w[i] + alpha * A[i][j] * x[j];
}

static void print_checksum(int n, double A[N][N], double w[N], double x[N])
{
  int i, j;
  double sa = 0.0, sw = 0.0, sx = 0.0;

  for (i = 0; i < n; i++) {
    sw += w[i];
    sx += x[i];
    for (j = 0; j < n; j++)
      sa += A[i][j];
  }
  printf("gemver n=%d reps=%d\n", n, REPS);
  printf("checksum A %.10e\n", sa);
  printf("checksum x %.10e\n", sx);
  printf("checksum w %.10e\n", sw);
}

static int check_gemver(int n, double A[N][N], double w[N], double x[N])
{
  int i, j, r;
  int ok = 1;
  double alpha, beta;
  double (*RA)[N] = bs_alloc(sizeof(double[N][N]));
  double *u1 = bs_alloc(sizeof(double[N])), *v1 = bs_alloc(sizeof(double[N]));
  double *u2 = bs_alloc(sizeof(double[N])), *v2 = bs_alloc(sizeof(double[N]));
  double *rw = bs_alloc(sizeof(double[N])), *rx = bs_alloc(sizeof(double[N]));
  double *y = bs_alloc(sizeof(double[N])), *z = bs_alloc(sizeof(double[N]));

  init_array(n, &alpha, &beta, RA, u1, v1, u2, v2, rw, rx, y, z);
  for (r = 0; r < REPS; r++) {
    for (i = 0; i < n; i++)
      for (j = 0; j < n; j++)
        RA[i][j] += u1[i] * v1[j] + u2[i] * v2[j];
    for (j = 0; j < n; j++)
      for (i = 0; i < n; i++)
        rx[i] += beta * RA[j][i] * y[j];
    for (i = 0; i < n; i++)
      rx[i] += z[i];
    for (i = 0; i < n; i++)
      for (j = 0; j < n; j++)
        rw[i] += alpha * RA[i][j] * rx[j];
  }
  for (i = 0; i < n; i++) {
    if (!bs_close(rx[i], x[i], 1e-9, 1e-14) || !bs_close(rw[i], w[i], 1e-9, 1e-14))
      ok = 0;
    for (j = 0; j < n; j += 7)
      if (!bs_close(RA[i][j], A[i][j], 1e-12, 1e-15))
        ok = 0;
  }
  bs_free(RA);
  bs_free(u1);
  bs_free(v1);
  bs_free(u2);
  bs_free(v2);
  bs_free(rw);
  bs_free(rx);
  bs_free(y);
  bs_free(z);
  return ok;
}

int main(void)
{
  int n = N;
  int r, rc;
  double alpha, beta;
  double (*A)[N] = bs_alloc(sizeof(double[N][N]));
  double *u1 = bs_alloc(sizeof(double[N])), *v1 = bs_alloc(sizeof(double[N]));
  double *u2 = bs_alloc(sizeof(double[N])), *v2 = bs_alloc(sizeof(double[N]));
  double *w = bs_alloc(sizeof(double[N])), *x = bs_alloc(sizeof(double[N]));
  double *y = bs_alloc(sizeof(double[N])), *z = bs_alloc(sizeof(double[N]));

  init_array(n, &alpha, &beta, A, u1, v1, u2, v2, w, x, y, z);
  bs_timer_start();
  for (r = 0; r < REPS; r++)
    kernel_gemver(n, alpha, beta, A, u1, v1, u2, v2, w, x, y, z);
  bs_timer_stop_print("gemver");
  print_checksum(n, A, w, x);
  rc = bs_report_check(check_gemver(n, A, w, x), "gemver: differs from a replay with other loop orders");
  bs_free(A);
  bs_free(u1);
  bs_free(v1);
  bs_free(u2);
  bs_free(v2);
  bs_free(w);
  bs_free(x);
  bs_free(y);
  bs_free(z);
  return rc;
}
