/* calls-out: a weighted matrix-vector product whose hot loop calls
 * bs_weight(j), a function defined in another translation unit
 * (support/bench_support.c). A harness built from this file alone cannot
 * run the kernel, so slmcc must leave it "unverifiable" (naming bs_weight)
 * and still build the program.
 * Called REPS times, each x made from the last y.
 * Check: sampled rows of the last y recomputed from the last x. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "support/bench_support.h"

#ifndef N
#define N 3000
#endif
#ifndef M
#define M 3000
#endif
#ifndef REPS
#define REPS 4
#endif

static void init_array(int n, int m, double A[N][M], double x[M])
{
  int i, j;

  for (j = 0; j < m; j++)
    x[j] = (double)(j % 19) / 19.0;
  for (i = 0; i < n; i++)
    for (j = 0; j < m; j++)
      A[i][j] = (double)((i * 3 + j * 5) % 23) / 23.0;
}

static void kernel_calls_out(int n, int m, double A[N][M], double x[M], double y[N])
{
  int i, j;
  double s;

  for (i = 0; i < n; i++) {
    s = 0.0;
    for (j = 0; j < m; j++)
      s += A[i][j] * x[j] * bs_weight(j);
    y[i] = s;
  }
}

/* The next x from this y, as an iterative method does (so no compiler can
 * fold the repeated calls into one). */
static void next_input(int n, int m, double y[N], double x[M])
{
  int i, j;
  double mx = 0.0;

  for (i = 0; i < n; i++)
    mx = fabs(y[i]) > mx ? fabs(y[i]) : mx;
  for (j = 0; j < m; j++)
    x[j] = 0.5 * x[j] + 0.5 * y[j % n] / (mx > 0.0 ? mx : 1.0);
}

static void print_checksum(int n, double y[N])
{
  int i;
  double s = 0.0;

  for (i = 0; i < n; i++)
    s += y[i];
  printf("calls-out n=%d m=%d\n", n, M);
  printf("checksum y %.10e\n", s);
}

static int check_calls_out(int n, int m, double A[N][M], double x[M], double y[N])
{
  int i, j, s;
  int ok = 1;
  double sum;

  for (s = 0; s < 16; s++) {
    i = (s * 37 + 1) % n;
    sum = 0.0;
    for (j = m - 1; j >= 0; j--)
      sum += A[i][j] * x[j] * bs_weight(j);
    if (!bs_close(sum, y[i], 1e-10, 1e-12))
      ok = 0;
  }
  return ok;
}

int main(void)
{
  int n = N, m = M;
  int r, rc;
  double (*A)[M] = bs_alloc(sizeof(double[N][M]));
  double *x = bs_alloc(sizeof(double[M]));
  double *y = bs_alloc(sizeof(double[N]));

  init_array(n, m, A, x);
  bs_timer_start();
  for (r = 0; r < REPS; r++) {
    kernel_calls_out(n, m, A, x, y);
    if (r < REPS - 1)
      next_input(n, m, y, x);
  }
  bs_timer_stop_print("calls_out");
  print_checksum(n, y);
  rc = bs_report_check(check_calls_out(n, m, A, x, y), "calls-out: a sampled row differs");
  bs_free(A);
  bs_free(x);
  bs_free(y);
  return rc;
}
