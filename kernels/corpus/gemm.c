/* gemm (BLAS-like, PolyBench/C shape): C = alpha * A * B + beta * C with
 * three unequal sizes. Per row: scale by beta, then the k-j update.
 * Check: sampled entries recomputed from fresh inputs. */
#include <stdio.h>
#include <stdlib.h>
#include "support/bench_support.h"

#ifndef NI
#define NI 1000
#endif
#ifndef NJ
#define NJ 1100
#endif
#ifndef NK
#define NK 1200
#endif

static void init_array(int ni, int nj, int nk, double *alpha, double *beta, double C[NI][NJ], double A[NI][NK], double B[NK][NJ])
{
  int i, j;

  *alpha = 1.5;
  *beta = 1.2;
  for (i = 0; i < ni; i++)
    for (j = 0; j < nj; j++)
      C[i][j] = (double)((i * j + 1) % ni) / ni;
  for (i = 0; i < ni; i++)
    for (j = 0; j < nk; j++)
      A[i][j] = (double)(i * (j + 1) % nk) / nk;
  for (i = 0; i < nk; i++)
    for (j = 0; j < nj; j++)
      B[i][j] = (double)(i * (j + 2) % nj) / nj;
}

void kernel_gemm(int ni, int nj, int nk, double alpha, double beta, double C[NI][NJ], double A[NI][NK], double B[NK][NJ])
{
  int i, j, k;

  for (i = 0; i < ni; i++) {
    for (j = 0; j < nj; j++)
      C[i][j] *= beta;
    for (k = 0; k < nk; k++) {
      for (j = 0; j < nj; j++)
        C[i][j] += alpha * A[i][k] * B[k][j];
    }
  }
}

static void print_checksum(int ni, int nj, double C[NI][NJ])
{
  int i, j;
  double s = 0.0;

  for (i = 0; i < ni; i++)
    for (j = 0; j < nj; j++)
      s += C[i][j];
  printf("gemm ni=%d nj=%d nk=%d\n", ni, nj, NK);
  printf("checksum C %.10e\n", s);
}

static int check_gemm(int ni, int nj, int nk, double C[NI][NJ])
{
  int i, j, k, s;
  int ok = 1;
  double alpha, beta, sum;
  double (*C0)[NJ] = bs_alloc(sizeof(double[NI][NJ]));
  double (*A)[NK] = bs_alloc(sizeof(double[NI][NK]));
  double (*B)[NJ] = bs_alloc(sizeof(double[NK][NJ]));

  init_array(ni, nj, nk, &alpha, &beta, C0, A, B);
  for (s = 0; s < 16; s++) {
    i = (s * 61 + 2) % ni;
    j = (s * 89 + 11) % nj;
    sum = 0.0;
    for (k = 0; k < nk; k++)
      sum += A[i][k] * B[k][j];
    if (!bs_close(beta * C0[i][j] + alpha * sum, C[i][j], 1e-10, 1e-12))
      ok = 0;
  }
  bs_free(C0);
  bs_free(A);
  bs_free(B);
  return ok;
}

int main(void)
{
  int ni = NI, nj = NJ, nk = NK;
  int rc;
  double alpha, beta;
  double (*C)[NJ] = bs_alloc(sizeof(double[NI][NJ]));
  double (*A)[NK] = bs_alloc(sizeof(double[NI][NK]));
  double (*B)[NJ] = bs_alloc(sizeof(double[NK][NJ]));

  init_array(ni, nj, nk, &alpha, &beta, C, A, B);
  bs_timer_start();
  kernel_gemm(ni, nj, nk, alpha, beta, C, A, B);
  bs_timer_stop_print("gemm");
  print_checksum(ni, nj, C);
  rc = bs_report_check(check_gemm(ni, nj, nk, C), "gemm: a sampled entry differs");
  bs_free(C);
  bs_free(A);
  bs_free(B);
  return rc;
}
