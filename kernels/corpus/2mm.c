/* 2mm (BLAS-like, PolyBench/C shape): D = alpha * A * B * C + beta * D,
 * as tmp = alpha * A * B, then D = beta * D + tmp * C; four unequal sizes,
 * i-j-k nests with a per-element accumulator.
 * Check: sampled entries of D recomputed from fresh inputs. */
#include <stdio.h>
#include <stdlib.h>
#include "support/bench_support.h"

#ifndef NI
#define NI 700
#endif
#ifndef NJ
#define NJ 800
#endif
#ifndef NK
#define NK 900
#endif
#ifndef NL
#define NL 1000
#endif

static void init_array(int ni, int nj, int nk, int nl, double *alpha, double *beta,
                       double A[NI][NK], double B[NK][NJ], double C[NJ][NL], double D[NI][NL])
{
  int i, j;

  *alpha = 1.5;
  *beta = 1.2;
  for (i = 0; i < ni; i++)
    for (j = 0; j < nk; j++)
      A[i][j] = (double)((i * j + 1) % ni) / ni;
  for (i = 0; i < nk; i++)
    for (j = 0; j < nj; j++)
      B[i][j] = (double)(i * (j + 1) % nj) / nj;
  for (i = 0; i < nj; i++)
    for (j = 0; j < nl; j++)
      C[i][j] = (double)((i * (j + 3) + 1) % nl) / nl;
  for (i = 0; i < ni; i++)
    for (j = 0; j < nl; j++)
      D[i][j] = (double)(i * (j + 2) % nk) / nk;
}

static void kernel_2mm(int ni, int nj, int nk, int nl, double alpha, double beta,
                       double tmp[NI][NJ], double A[NI][NK], double B[NK][NJ], double C[NJ][NL], double D[NI][NL])
{
  int i, j, k;

  for (i = 0; i < ni; i++)
    for (j = 0; j < nj; j++) {
      tmp[i][j] = 0.0;
      for (k = 0; k < nk; ++k)
        tmp[i][j] += alpha * A[i][k] * B[k][j];
    }
  for (i = 0; i < ni; i++)
    for (j = 0; j < nl; j++) {
      D[i][j] *= beta;
      for (k = 0; k < nj; ++k)
        D[i][j] += tmp[i][k] * C[k][j];
    }
}

static void print_checksum(int ni, int nl, double D[NI][NL])
{
  int i, j;
  double s = 0.0;

  for (i = 0; i < ni; i++)
    for (j = 0; j < nl; j++)
      s += D[i][j];
  printf("2mm ni=%d nj=%d nk=%d nl=%d\n", ni, NJ, NK, nl);
  printf("checksum D %.10e\n", s);
}

static int check_2mm(int ni, int nj, int nk, int nl, double D[NI][NL])
{
  int i, j, k, l, s;
  int ok = 1;
  double alpha, beta, t, sum;
  double (*A)[NK] = bs_alloc(sizeof(double[NI][NK]));
  double (*B)[NJ] = bs_alloc(sizeof(double[NK][NJ]));
  double (*C)[NL] = bs_alloc(sizeof(double[NJ][NL]));
  double (*D0)[NL] = bs_alloc(sizeof(double[NI][NL]));

  init_array(ni, nj, nk, nl, &alpha, &beta, A, B, C, D0);
  for (s = 0; s < 6; s++) {
    i = (s * 53 + 1) % ni;
    l = (s * 71 + 9) % nl;
    sum = 0.0;
    for (j = 0; j < nj; j++) {
      t = 0.0;
      for (k = 0; k < nk; k++)
        t += A[i][k] * B[k][j];
      sum += alpha * t * C[j][l];
    }
    if (!bs_close(beta * D0[i][l] + sum, D[i][l], 1e-9, 1e-12))
      ok = 0;
  }
  bs_free(A);
  bs_free(B);
  bs_free(C);
  bs_free(D0);
  return ok;
}

int main(void)
{
  int ni = NI, nj = NJ, nk = NK, nl = NL;
  int rc;
  double alpha, beta;
  double (*tmp)[NJ] = bs_alloc(sizeof(double[NI][NJ]));
  double (*A)[NK] = bs_alloc(sizeof(double[NI][NK]));
  double (*B)[NJ] = bs_alloc(sizeof(double[NK][NJ]));
  double (*C)[NL] = bs_alloc(sizeof(double[NJ][NL]));
  double (*D)[NL] = bs_alloc(sizeof(double[NI][NL]));

  init_array(ni, nj, nk, nl, &alpha, &beta, A, B, C, D);
  bs_timer_start();
  kernel_2mm(ni, nj, nk, nl, alpha, beta, tmp, A, B, C, D);
  bs_timer_stop_print("2mm");
  print_checksum(ni, nl, D);
  rc = bs_report_check(check_2mm(ni, nj, nk, nl, D), "2mm: a sampled entry differs");
  bs_free(tmp);
  bs_free(A);
  bs_free(B);
  bs_free(C);
  bs_free(D);
  return rc;
}
