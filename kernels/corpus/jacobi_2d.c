/* jacobi-2d (solver/stencil, PolyBench/C shape): TSTEPS sweeps of the
 * 5-point Jacobi update with two arrays, A -> B then B -> A; the i and j
 * loops of each sweep are parallel, the time loop is not.
 * Check: the maximum principle (values stay within the initial range) and a
 * replay with one sweep function and swapped pointers. */
#include <stdio.h>
#include <stdlib.h>
#include "support/bench_support.h"

#ifndef N
#define N 1300
#endif
#ifndef TSTEPS
#define TSTEPS 160
#endif

static void init_array(int n, double A[N][N], double B[N][N])
{
  int i, j;

  for (i = 0; i < n; i++)
    for (j = 0; j < n; j++) {
      A[i][j] = ((double)i * (j + 2) + 2) / n;
      B[i][j] = ((double)i * (j + 3) + 3) / n;
    }
}

static void kernel_jacobi_2d(int tsteps, int n, double A[N][N], double B[N][N])
{
  int t, i, j;

  for (t = 0; t < tsteps; t++) {
    for (i = 1; i < n - 1; i++)
      for (j = 1; j < n - 1; j++)
        B[i][j] = 0.2 * (A[i][j] + A[i][j - 1] + A[i][1 + j] + A[1 + i][j] + A[i - 1][j]);
    for (i = 1; i < n - 1; i++)
      for (j = 1; j < n - 1; j++)
        A[i][j] = 0.2 * (B[i][j] + B[i][j - 1] + B[i][1 + j] + B[1 + i][j] + B[i - 1][j]);
  }
}

static void print_checksum(int n, double A[N][N])
{
  int i, j;
  double s = 0.0, d = 0.0;

  for (i = 0; i < n; i++) {
    d += A[i][i];
    for (j = 0; j < n; j++)
      s += A[i][j];
  }
  printf("jacobi-2d n=%d tsteps=%d\n", n, TSTEPS);
  printf("checksum A %.10e\n", s);
  printf("checksum diag %.10e\n", d);
}

static void sweep(int n, double (*src)[N], double (*dst)[N])
{
  int i, j;

  for (i = 1; i < n - 1; i++)
    for (j = 1; j < n - 1; j++)
      dst[i][j] = 0.2 * (src[i][j] + src[i][j - 1] + src[i][j + 1] + src[i + 1][j] + src[i - 1][j]);
}

static int check_jacobi_2d(int tsteps, int n, double A[N][N])
{
  int i, j, t;
  int ok = 1;
  double lo, hi;
  double (*P)[N] = bs_alloc(sizeof(double[N][N]));
  double (*Q)[N] = bs_alloc(sizeof(double[N][N]));

  init_array(n, P, Q);
  lo = hi = P[0][0];
  for (i = 0; i < n; i++)
    for (j = 0; j < n; j++) {
      if (P[i][j] < lo) lo = P[i][j];
      if (P[i][j] > hi) hi = P[i][j];
      if (Q[i][j] < lo) lo = Q[i][j];
      if (Q[i][j] > hi) hi = Q[i][j];
    }
  for (t = 0; t < 2 * tsteps; t++) {
    if (t % 2 == 0)
      sweep(n, P, Q);
    else
      sweep(n, Q, P);
  }
  for (i = 0; i < n; i++)
    for (j = 0; j < n; j++)
      if (A[i][j] < lo - 1e-9 || A[i][j] > hi + 1e-9 || !bs_close(P[i][j], A[i][j], 1e-10, 1e-12))
        ok = 0;
  bs_free(P);
  bs_free(Q);
  return ok;
}

int main(void)
{
  int n = N, tsteps = TSTEPS;
  int rc;
  double (*A)[N] = bs_alloc(sizeof(double[N][N]));
  double (*B)[N] = bs_alloc(sizeof(double[N][N]));

  init_array(n, A, B);
  bs_timer_start();
  kernel_jacobi_2d(tsteps, n, A, B);
  bs_timer_stop_print("jacobi_2d");
  print_checksum(n, A);
  rc = bs_report_check(check_jacobi_2d(tsteps, n, A), "jacobi-2d: out of range or differs from a replay");
  bs_free(A);
  bs_free(B);
  return rc;
}
