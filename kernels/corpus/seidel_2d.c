/* seidel-2d (solver, PolyBench/C shape): TSTEPS in-place Gauss-Seidel sweeps
 * of a 9-point average. Every loop carries a dependence (each point reads
 * neighbours already updated in this sweep), so no loop is parallel as
 * written: the corpus' case where "original" (or Polly's skewing) is right.
 * Check: the maximum principle and a replay of the same sweeps. */
#include <stdio.h>
#include <stdlib.h>
#include "support/bench_support.h"

#ifndef N
#define N 1000
#endif
#ifndef TSTEPS
#define TSTEPS 60
#endif

static void init_array(int n, double A[N][N])
{
  int i, j;

  for (i = 0; i < n; i++)
    for (j = 0; j < n; j++)
      A[i][j] = ((double)i * (j + 2) + 2) / n;
}

static void kernel_seidel_2d(int tsteps, int n, double A[N][N])
{
  int t, i, j;

  for (t = 0; t <= tsteps - 1; t++)
    for (i = 1; i <= n - 2; i++)
      for (j = 1; j <= n - 2; j++)
        A[i][j] = (A[i - 1][j - 1] + A[i - 1][j] + A[i - 1][j + 1] + A[i][j - 1] + A[i][j] + A[i][j + 1] + A[i + 1][j - 1] + A[i + 1][j] +
                   A[i + 1][j + 1]) / 9.0;
}

static void print_checksum(int n, double A[N][N])
{
  int i, j;
  double s = 0.0;

  for (i = 0; i < n; i++)
    for (j = 0; j < n; j++)
      s += A[i][j];
  printf("seidel-2d n=%d tsteps=%d\n", n, TSTEPS);
  printf("checksum A %.10e\n", s);
  printf("checksum corner %.10e\n", A[1][1] + A[n - 2][n - 2]);
}

static int check_seidel_2d(int tsteps, int n, double A[N][N])
{
  int i, j, t;
  int ok = 1;
  double lo, hi, acc;
  double (*R)[N] = bs_alloc(sizeof(double[N][N]));

  init_array(n, R);
  lo = hi = R[0][0];
  for (i = 0; i < n; i++)
    for (j = 0; j < n; j++) {
      if (R[i][j] < lo) lo = R[i][j];
      if (R[i][j] > hi) hi = R[i][j];
    }
  for (t = 0; t < tsteps; t++)
    for (i = 1; i < n - 1; i++)
      for (j = 1; j < n - 1; j++) {
        acc = R[i - 1][j - 1] + R[i - 1][j] + R[i - 1][j + 1];
        acc += R[i][j - 1] + R[i][j] + R[i][j + 1];
        acc += R[i + 1][j - 1] + R[i + 1][j] + R[i + 1][j + 1];
        R[i][j] = acc / 9.0;
      }
  for (i = 0; i < n; i++)
    for (j = 0; j < n; j++)
      if (A[i][j] < lo - 1e-9 || A[i][j] > hi + 1e-9 || !bs_close(R[i][j], A[i][j], 1e-10, 1e-12))
        ok = 0;
  bs_free(R);
  return ok;
}

int main(void)
{
  int n = N, tsteps = TSTEPS;
  int rc;
  double (*A)[N] = bs_alloc(sizeof(double[N][N]));

  init_array(n, A);
  bs_timer_start();
  kernel_seidel_2d(tsteps, n, A);
  bs_timer_stop_print("seidel_2d");
  print_checksum(n, A);
  rc = bs_report_check(check_seidel_2d(tsteps, n, A), "seidel-2d: out of range or differs from a replay");
  bs_free(A);
  return rc;
}
