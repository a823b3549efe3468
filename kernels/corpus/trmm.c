/* trmm (BLAS-like, PolyBench/C shape): B = alpha * A^T * B with A unit
 * lower triangular; each B[i][j] reads rows k > i (k = i + 1 .. m), so the
 * i loop carries an anti-dependence and the j loop is the parallel one.
 * Check: sampled entries recomputed from fresh inputs. */
#include <stdio.h>
#include <stdlib.h>
#include "support/bench_support.h"

#ifndef M
#define M 1000
#endif
#ifndef N
#define N 1200
#endif

static void init_array(int m, int n, double *alpha, double A[M][M], double B[M][N])
{
  int i, j;

  *alpha = 1.5;
  for (i = 0; i < m; i++) {
    for (j = 0; j < i; j++)
      A[i][j] = (double)((i + j) % m) / m;
    A[i][i] = 1.0;
    for (j = 0; j < n; j++)
      B[i][j] = (double)((n + (i - j)) % n) / n;
  }
}

static void kernel_trmm(int m, int n, double alpha, double A[M][M], double B[M][N])
{
  int i, j, k;

  for (i = 0; i < m; i++)
    for (j = 0; j < n; j++) {
      for (k = i + 1; k < m; k++)
        B[i][j] += A[k][i] * B[k][j];
      B[i][j] = alpha * B[i][j];
    }
}

static void print_checksum(int m, int n, double B[M][N])
{
  int i, j;
  double s = 0.0;

  for (i = 0; i < m; i++)
    for (j = 0; j < n; j++)
      s += B[i][j];
  printf("trmm m=%d n=%d\n", m, n);
  printf("checksum B %.10e\n", s);
}

static int check_trmm(int m, int n, double B[M][N])
{
  int i, j, k, s;
  int ok = 1;
  double alpha, sum;
  double (*A)[M] = bs_alloc(sizeof(double[M][M]));
  double (*B0)[N] = bs_alloc(sizeof(double[M][N]));

  init_array(m, n, &alpha, A, B0);
  for (s = 0; s < 16; s++) {
    i = (s * 59 + 3) % m;
    j = (s * 83 + 7) % n;
    sum = B0[i][j];
    for (k = i + 1; k < m; k++)
      sum += A[k][i] * B0[k][j];
    if (!bs_close(alpha * sum, B[i][j], 1e-10, 1e-12))
      ok = 0;
  }
  bs_free(A);
  bs_free(B0);
  return ok;
}

int main(void)
{
  int m = M, n = N;
  int rc;
  double alpha;
  double (*A)[M] = bs_alloc(sizeof(double[M][M]));
  double (*B)[N] = bs_alloc(sizeof(double[M][N]));

  init_array(m, n, &alpha, A, B);
  bs_timer_start();
  kernel_trmm(m, n, alpha, A, B);
  bs_timer_stop_print("trmm");
  print_checksum(m, n, B);
  rc = bs_report_check(check_trmm(m, n, B), "trmm: a sampled entry differs");
  bs_free(A);
  bs_free(B);
  return rc;
}
