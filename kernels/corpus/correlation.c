/* correlation (data mining, PolyBench/C shape): the Pearson correlation
 * matrix of N data points with M attributes. Means, standard deviations
 * (with an eps guard), normalisation by sqrt(float_n) * stddev, then the
 * strict upper triangle (j = i + 1 .. m) mirrored, and a unit diagonal.
 * Check: unit diagonal, symmetry, |corr| <= 1, sampled entries recomputed. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "support/bench_support.h"

#ifndef M
#define M 900
#endif
#ifndef N
#define N 1100
#endif

static void init_array(int m, int n, double *float_n, double data[N][M])
{
  int i, j;

  *float_n = (double)n;
  for (i = 0; i < n; i++)
    for (j = 0; j < m; j++)
      data[i][j] = (double)((i * j) % (m + 7)) / (m + 7) + (double)i / n + 0.001 * (j % 13);
}

static void kernel_correlation(int m, int n, double float_n, double data[N][M], double corr[M][M], double mean[M], double stddev[M])
{
  int i, j, k;
  double eps = 0.1;

  for (j = 0; j < m; j++) {
    mean[j] = 0.0;
    for (i = 0; i < n; i++)
      mean[j] += data[i][j];
    mean[j] /= float_n;
  }

  for (j = 0; j < m; j++) {
    stddev[j] = 0.0;
    for (i = 0; i < n; i++)
      stddev[j] += (data[i][j] - mean[j]) * (data[i][j] - mean[j]);
    stddev[j] /= float_n;
    stddev[j] = sqrt(stddev[j]);
    stddev[j] = stddev[j] <= eps ? 1.0 : stddev[j];
  }

  for (i = 0; i < n; i++)
    for (j = 0; j < m; j++) {
      data[i][j] -= mean[j];
      data[i][j] /= sqrt(float_n) * stddev[j];
    }

  for (i = 0; i < m - 1; i++) {
    corr[i][i] = 1.0;
    for (j = i + 1; j < m; j++) {
      corr[i][j] = 0.0;
      for (k = 0; k < n; k++)
        corr[i][j] += (data[k][i] * data[k][j]);
      corr[j][i] = corr[i][j];
    }
  }
  corr[m - 1][m - 1] = 1.0;
}

static void print_checksum(int m, double corr[M][M])
{
  int i, j;
  double s = 0.0, a = 0.0;

  for (i = 0; i < m; i++)
    for (j = 0; j < m; j++) {
      s += corr[i][j];
      a += fabs(corr[i][j]);
    }
  printf("correlation m=%d n=%d\n", m, N);
  printf("checksum corr %.10e\n", s);
  printf("checksum abs %.10e\n", a);
}

static int check_correlation(int m, int n, double corr[M][M])
{
  int i, j, k, s;
  int ok = 1;
  double float_n, mi, mj, si, sj, c;
  double (*data)[M] = bs_alloc(sizeof(double[N][M]));

  for (i = 0; i < m; i++) {
    if (corr[i][i] != 1.0)
      ok = 0;
    for (j = 0; j < m; j++)
      if (corr[i][j] != corr[j][i] || fabs(corr[i][j]) > 1.0 + 1e-9)
        ok = 0;
  }
  init_array(m, n, &float_n, data);
  for (s = 0; s < 8; s++) {
    i = (s * 97 + 1) % m;
    j = (s * 41 + 5) % m;
    if (i == j)
      continue;
    mi = mj = si = sj = c = 0.0;
    for (k = 0; k < n; k++) {
      mi += data[k][i];
      mj += data[k][j];
    }
    mi /= n;
    mj /= n;
    for (k = 0; k < n; k++) {
      si += (data[k][i] - mi) * (data[k][i] - mi);
      sj += (data[k][j] - mj) * (data[k][j] - mj);
      c += (data[k][i] - mi) * (data[k][j] - mj);
    }
    si = sqrt(si / n);
    sj = sqrt(sj / n);
    if (si <= 0.1) si = 1.0;
    if (sj <= 0.1) sj = 1.0;
    c = c / (n * si * sj);
    if (!bs_close(c, corr[i][j], 1e-9, 1e-12))
      ok = 0;
  }
  bs_free(data);
  return ok;
}

int main(void)
{
  int m = M, n = N;
  int rc;
  double float_n;
  double (*data)[M] = bs_alloc(sizeof(double[N][M]));
  double (*corr)[M] = bs_alloc(sizeof(double[M][M]));
  double *mean = bs_alloc(sizeof(double[M]));
  double *stddev = bs_alloc(sizeof(double[M]));

  init_array(m, n, &float_n, data);
  bs_timer_start();
  kernel_correlation(m, n, float_n, data, corr, mean, stddev);
  bs_timer_stop_print("correlation");
  print_checksum(m, corr);
  rc = bs_report_check(check_correlation(m, n, corr), "correlation: diagonal, symmetry, range or a sampled entry");
  bs_free(data);
  bs_free(corr);
  bs_free(mean);
  bs_free(stddev);
  return rc;
}
