/* mvt (BLAS-like, PolyBench/C shape): x1 += A y1 and x2 += A^T y2; the
 * second nest walks A by columns. Called REPS times, so x1 and x2 end as
 * x0 + REPS * (the products).
 * Check: that closed form, recomputed with a different loop order. */
#include <stdio.h>
#include <stdlib.h>
#include "support/bench_support.h"

#ifndef N
#define N 4000
#endif
#ifndef REPS
#define REPS 8
#endif

static void init_array(int n, double x1[N], double x2[N], double y_1[N], double y_2[N], double A[N][N])
{
  int i, j;

  for (i = 0; i < n; i++) {
    x1[i] = (double)(i % n) / n;
    x2[i] = (double)((i + 1) % n) / n;
    y_1[i] = (double)((i + 3) % n) / n;
    y_2[i] = (double)((i + 4) % n) / n;
    for (j = 0; j < n; j++)
      A[i][j] = (double)(i * j % n) / n;
  }
}

static void kernel_mvt(int n, double x1[N], double x2[N], double y_1[N], double y_2[N], double A[N][N])
{
  int i, j;

  for (i = 0; i < n; i++)
    for (j = 0; j < n; j++)
      x1[i] = x1[i] + A[i][j] * y_1[j];
  for (i = 0; i < n; i++)
    for (j = 0; j < n; j++)
      x2[i] = x2[i] + A[j][i] * y_2[j];
}

static void print_checksum(int n, double x1[N], double x2[N])
{
  int i;
  double s1 = 0.0, s2 = 0.0;

  for (i = 0; i < n; i++) {
    s1 += x1[i];
    s2 += x2[i];
  }
  printf("mvt n=%d reps=%d\n", n, REPS);
  printf("checksum x1 %.10e\n", s1);
  printf("checksum x2 %.10e\n", s2);
}

static int check_mvt(int n, double x1[N], double x2[N])
{
  int i, j;
  int ok = 1;
  double *a1 = bs_alloc(sizeof(double[N]));
  double *a2 = bs_alloc(sizeof(double[N]));
  double *b1 = bs_alloc(sizeof(double[N]));
  double *b2 = bs_alloc(sizeof(double[N]));
  double *p2 = bs_alloc(sizeof(double[N]));
  double (*A)[N] = bs_alloc(sizeof(double[N][N]));
  double sum;

  init_array(n, a1, a2, b1, b2, A);
  for (j = 0; j < n; j++)
    for (i = 0; i < n; i++)
      p2[i] += A[j][i] * b2[j];
  for (i = 0; i < n; i++) {
    sum = 0.0;
    for (j = 0; j < n; j++)
      sum += A[i][j] * b1[j];
    if (!bs_close(a1[i] + REPS * sum, x1[i], 1e-9, 1e-12))
      ok = 0;
    if (!bs_close(a2[i] + REPS * p2[i], x2[i], 1e-9, 1e-12))
      ok = 0;
  }
  bs_free(a1);
  bs_free(a2);
  bs_free(b1);
  bs_free(b2);
  bs_free(p2);
  bs_free(A);
  return ok;
}

int main(void)
{
  int n = N;
  int r, rc;
  double *x1 = bs_alloc(sizeof(double[N]));
  double *x2 = bs_alloc(sizeof(double[N]));
  double *y_1 = bs_alloc(sizeof(double[N]));
  double *y_2 = bs_alloc(sizeof(double[N]));
  double (*A)[N] = bs_alloc(sizeof(double[N][N]));

  init_array(n, x1, x2, y_1, y_2, A);
  bs_timer_start();
  for (r = 0; r < REPS; r++)
    kernel_mvt(n, x1, x2, y_1, y_2, A);
  bs_timer_stop_print("mvt");
  print_checksum(n, x1, x2);
  rc = bs_report_check(check_mvt(n, x1, x2), "mvt: x1 or x2 differs from x0 + REPS * product");
  bs_free(x1);
  bs_free(x2);
  bs_free(y_1);
  bs_free(y_2);
  bs_free(A);
  return rc;
}
