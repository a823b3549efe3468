/* syrk (BLAS-like, PolyBench/C shape): the lower triangle of
 * C = alpha * A * A^T + beta * C, for j <= i (a triangular nest).
 * Check: the upper triangle is untouched, sampled lower entries recomputed. */
#include <stdio.h>
#include <stdlib.h>
#include "support/bench_support.h"

#ifndef M
#define M 1000
#endif
#ifndef N
#define N 1200
#endif

static void init_array(int n, int m, double *alpha, double *beta, double C[N][N], double A[N][M])
{
  int i, j;

  *alpha = 1.5;
  *beta = 1.2;
  for (i = 0; i < n; i++)
    for (j = 0; j < m; j++)
      A[i][j] = (double)((i * j + 1) % n) / n;
  for (i = 0; i < n; i++)
    for (j = 0; j < n; j++)
      C[i][j] = (double)((i * j + 2) % m) / m;
}

static void kernel_syrk(int n, int m, double alpha, double beta, double C[N][N], double A[N][M])
{
  int i, j, k;

  for (i = 0; i < n; i++) {
    for (j = 0; j <= i; j++)
      C[i][j] *= beta;
    for (k = 0; k < m; k++) {
      for (j = 0; j <= i; j++)
        C[i][j] += alpha * A[i][k] * A[j][k];
    }
  }
}

static void print_checksum(int n, double C[N][N])
{
  int i, j;
  double s = 0.0;

  for (i = 0; i < n; i++)
    for (j = 0; j < n; j++)
      s += C[i][j];
  printf("syrk n=%d m=%d\n", n, M);
  printf("checksum C %.10e\n", s);
}

static int check_syrk(int n, int m, double C[N][N])
{
  int i, j, k, s;
  int ok = 1;
  double alpha, beta, sum;
  double (*C0)[N] = bs_alloc(sizeof(double[N][N]));
  double (*A)[M] = bs_alloc(sizeof(double[N][M]));

  init_array(n, m, &alpha, &beta, C0, A);
  for (i = 0; i < n; i++)
    for (j = i + 1; j < n; j++)
      if (C[i][j] != C0[i][j])
        ok = 0;
  for (s = 0; s < 16; s++) {
    i = (s * 67 + 5) % n;
    j = (s * 29 + 1) % (i + 1);
    sum = 0.0;
    for (k = 0; k < m; k++)
      sum += A[i][k] * A[j][k];
    if (!bs_close(beta * C0[i][j] + alpha * sum, C[i][j], 1e-10, 1e-12))
      ok = 0;
  }
  bs_free(C0);
  bs_free(A);
  return ok;
}

int main(void)
{
  int n = N, m = M;
  int rc;
  double alpha, beta;
  double (*C)[N] = bs_alloc(sizeof(double[N][N]));
  double (*A)[M] = bs_alloc(sizeof(double[N][M]));

  init_array(n, m, &alpha, &beta, C, A);
  bs_timer_start();
  kernel_syrk(n, m, alpha, beta, C, A);
  bs_timer_stop_print("syrk");
  print_checksum(n, C);
  rc = bs_report_check(check_syrk(n, m, C), "syrk: upper triangle changed or a sampled entry differs");
  bs_free(C);
  bs_free(A);
  return rc;
}
