/* heat-3d (stencil, PolyBench/C shape): TSTEPS of the 3-D heat equation
 * with two arrays (A -> B, B -> A), 7-point stencil with 0.125 weights.
 * Check: the maximum principle and a replay with a single sweep function. */
#include <stdio.h>
#include <stdlib.h>
#include "support/bench_support.h"

#ifndef N
#define N 120
#endif
#ifndef TSTEPS
#define TSTEPS 100
#endif

static void init_array(int n, double A[N][N][N], double B[N][N][N])
{
  int i, j, k;

  for (i = 0; i < n; i++)
    for (j = 0; j < n; j++)
      for (k = 0; k < n; k++)
        A[i][j][k] = B[i][j][k] = (double)(i + j + (n - k)) * 10 / (n);
}

void kernel_heat_3d(int tsteps, int n, double A[N][N][N], double B[N][N][N])
{
  int t, i, j, k;

  for (t = 1; t <= tsteps; t++) {
    for (i = 1; i < n - 1; i++) {
      for (j = 1; j < n - 1; j++) {
        for (k = 1; k < n - 1; k++) {
          B[i][j][k] = 0.125 * (A[i + 1][j][k] - 2.0 * A[i][j][k] + A[i - 1][j][k]) + 0.125 * (A[i][j + 1][k] - 2.0 * A[i][j][k] + A[i][j - 1][k]) +
                       0.125 * (A[i][j][k + 1] - 2.0 * A[i][j][k] + A[i][j][k - 1]) + A[i][j][k];
        }
      }
    }
    for (i = 1; i < n - 1; i++) {
      for (j = 1; j < n - 1; j++) {
        for (k = 1; k < n - 1; k++) {
          A[i][j][k] = 0.125 * (B[i + 1][j][k] - 2.0 * B[i][j][k] + B[i - 1][j][k]) + 0.125 * (B[i][j + 1][k] - 2.0 * B[i][j][k] + B[i][j - 1][k]) +
                       0.125 * (B[i][j][k + 1] - 2.0 * B[i][j][k] + B[i][j][k - 1]) + B[i][j][k];
        }
      }
    }
  }
}

static void print_checksum(int n, double A[N][N][N])
{
  int i, j, k;
  double s = 0.0;

  for (i = 0; i < n; i++)
    for (j = 0; j < n; j++)
      for (k = 0; k < n; k++)
        s += A[i][j][k];
  printf("heat-3d n=%d tsteps=%d\n", n, TSTEPS);
  printf("checksum A %.10e\n", s);
  printf("checksum centre %.10e\n", A[n / 2][n / 2][n / 2]);
}

static void step(int n, double (*s)[N][N], double (*d)[N][N])
{
  int i, j, k;
  double c;

  for (i = 1; i < n - 1; i++)
    for (j = 1; j < n - 1; j++)
      for (k = 1; k < n - 1; k++) {
        c = s[i][j][k];
        d[i][j][k] = c + 0.125 * (s[i + 1][j][k] + s[i - 1][j][k] - 2.0 * c) + 0.125 * (s[i][j + 1][k] + s[i][j - 1][k] - 2.0 * c) +
                     0.125 * (s[i][j][k + 1] + s[i][j][k - 1] - 2.0 * c);
      }
}

static int check_heat_3d(int tsteps, int n, double A[N][N][N])
{
  int i, j, k, t;
  int ok = 1;
  double lo = 1e300, hi = -1e300;
  double (*P)[N][N] = bs_alloc(sizeof(double[N][N][N]));
  double (*Q)[N][N] = bs_alloc(sizeof(double[N][N][N]));

  init_array(n, P, Q);
  for (i = 0; i < n; i++)
    for (j = 0; j < n; j++)
      for (k = 0; k < n; k++) {
        if (P[i][j][k] < lo) lo = P[i][j][k];
        if (P[i][j][k] > hi) hi = P[i][j][k];
      }
  for (t = 0; t < tsteps; t++) {
    step(n, P, Q);
    step(n, Q, P);
  }
  for (i = 0; i < n; i++)
    for (j = 0; j < n; j++)
      for (k = 0; k < n; k++)
        if (A[i][j][k] < lo - 1e-9 || A[i][j][k] > hi + 1e-9 || !bs_close(P[i][j][k], A[i][j][k], 1e-9, 1e-12))
          ok = 0;
  bs_free(P);
  bs_free(Q);
  return ok;
}

int main(void)
{
  int n = N, tsteps = TSTEPS;
  int rc;
  double (*A)[N][N] = bs_alloc(sizeof(double[N][N][N]));
  double (*B)[N][N] = bs_alloc(sizeof(double[N][N][N]));

  init_array(n, A, B);
  bs_timer_start();
  kernel_heat_3d(tsteps, n, A, B);
  bs_timer_stop_print("heat_3d");
  print_checksum(n, A);
  rc = bs_report_check(check_heat_3d(tsteps, n, A), "heat-3d: out of range or differs from a replay");
  bs_free(A);
  bs_free(B);
  return rc;
}
